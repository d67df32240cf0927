// "Send a test message" from the channel settings: through the real outbox, marked as a test so reports skip it.
import type { ChannelKind } from '../../../integrations/channels/channel.ts';
import { AppError } from '../../errors.ts';
import type { InboxDeps } from '../inbox/inboxDeps.ts';
import { sendOutbound } from '../inbox/sendOutbound.ts';
import { toE164 } from '../patients/phones.ts';
import type { ChannelRow } from './channels.repository.ts';

const DEFAULT_TEXT: Record<string, string> = {
  es: 'Mensaje de prueba de Clinic Inbox: este canal funciona. ✅',
  en: 'Clinic Inbox test message: this channel works. ✅',
  it: 'Messaggio di prova di Clinic Inbox: questo canale funziona. ✅',
  fr: 'Message de test de Clinic Inbox : ce canal fonctionne. ✅',
};

export async function sendChannelTest(deps: InboxDeps, input: { clinicId: string; channel: ChannelRow; to: string; text?: string | undefined; kinds: readonly ChannelKind[]; buttons?: string[] | undefined }) {
  const clinic = await deps.clinics.get(input.clinicId);
  const kind = input.kinds.find((candidate) => candidate !== 'email') ?? input.kinds[0];
  if (!kind || kind === 'email') throw AppError.validation('to', 'to: test e-mails are sent from the e-mail template preview');
  const phone = toE164(input.to, clinic?.country ?? 'ES');
  if (!phone) throw AppError.validation('to', 'to: not a valid phone number');
  const patient = await deps.patients.findOrCreateByPhone(input.clinicId, phone);
  // The test thread starts closed so it never lands in the "needs a person" queue.
  const { row: conversation } = await deps.conversations.findOrCreate(input.clinicId, patient.row.id, input.channel.id, { state: 'closed' });
  const { message } = await sendOutbound(deps, {
    clinicId: input.clinicId,
    conversationId: conversation.id,
    author: 'system',
    text: input.text ?? DEFAULT_TEXT[clinic?.locale ?? 'es'] ?? DEFAULT_TEXT.es!,
    channelKind: kind,
    buttons: input.buttons ?? null,
    purpose: 'test',
    isTest: true,
  });
  return message;
}
