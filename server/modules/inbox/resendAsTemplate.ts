// "Send as template": a message WhatsApp refused for its 24-hour window goes again through an approved template.
import { AppError } from '../../errors.ts';
import { explainSendError } from './explainSendError.ts';
import type { InboxDeps } from './inboxDeps.ts';
import { sendTemplateReply } from './sendTemplateReply.ts';

export async function resendAsTemplate(deps: InboxDeps, input: { clinicId: string; messageId: string; agentId: string; templateId?: string | undefined; variables?: Record<string, string> | undefined }) {
  const failed = await deps.messages.get(input.clinicId, input.messageId);
  if (!failed) throw AppError.notFound('Message');
  if (failed.status !== 'failed' || !explainSendError(failed.errorCode)?.sendAsTemplate) {
    throw AppError.conflict('Only a message refused for the WhatsApp 24-hour window can be sent again as a template');
  }
  return sendTemplateReply(deps, {
    clinicId: input.clinicId,
    conversationId: failed.conversationId,
    agentId: input.agentId,
    templateId: input.templateId,
    variables: input.variables,
    // One click twice is one resend.
    idempotencyKey: `resend-as-template:${failed.id}`,
    resendOf: failed.id,
  });
}
