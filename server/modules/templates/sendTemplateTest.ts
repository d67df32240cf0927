// A test of a template to one's own phone, rendered with the sample patient, through the clinic's channel
// for that kind (the simulator stands in when the clinic has none) and marked as a test.
import type { Channel, Locale, TemplateEvent } from '../../../templates/index.ts';
import { AppError } from '../../errors.ts';
import { sendChannelTest } from '../channels/sendChannelTest.ts';
import { channelForKind } from '../outbound/decideChannel.ts';
import { previewClinicTemplate } from './previewClinicTemplate.ts';
import type { TemplateDeps } from './templateDeps.ts';

export type TemplateTest = { event: TemplateEvent; channel: Channel; locale?: Locale | undefined; to: string };

export async function sendTemplateTest(deps: TemplateDeps, clinicId: string, test: TemplateTest) {
  const kind = test.channel;
  if (kind === 'email' || kind === 'voice') throw AppError.validation('channel', 'channel: test sends go to a phone (sms or whatsapp)');
  const rendered = await previewClinicTemplate(deps, clinicId, { event: test.event, channel: kind, ...(test.locale ? { locale: test.locale } : {}) });
  // The channel decision's own pick for the kind, so the test goes the way a real message would.
  const channel = (await channelForKind(deps.inbox, clinicId, kind)) ?? (await deps.inbox.channels.ensureSimulator(clinicId));
  return sendChannelTest(deps.inbox, { clinicId, channel, to: test.to, text: rendered.text, kinds: [kind], buttons: rendered.buttons });
}
