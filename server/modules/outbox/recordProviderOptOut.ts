// A provider refusing a message because the recipient unsubscribed with it (Twilio 21610: the patient replied
// STOP to Twilio's number) is the patient's opt-out of that kind of channel, as if they had written STOP to us:
// recorded, so automations stop choosing it and reception sees it on the patient.
import type { ChannelKind } from '../../../integrations/channels/channel.ts';
import type { InboxDeps } from '../inbox/inboxDeps.ts';

export async function recordProviderOptOut(deps: Pick<InboxDeps, 'patients' | 'consents' | 'logger'>, input: { clinicId: string; patientId: string; kind: ChannelKind; code: string }): Promise<void> {
  if (await deps.patients.addOptOut(input.clinicId, input.patientId, input.kind)) {
    await deps.consents.record([{ clinicId: input.clinicId, patientId: input.patientId, purpose: 'automated_messages', channel: input.kind, granted: false, source: 'provider', evidence: input.code }]);
    deps.logger.info({ clinicId: input.clinicId, patientId: input.patientId, kind: input.kind, code: input.code }, 'the provider reports the patient unsubscribed; opt-out recorded');
  }
}
