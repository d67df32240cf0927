// An agent sends an approved provider-side template (a Twilio content template): the only thing WhatsApp
// accepts once its 24-hour window has closed, so it also reopens an expired conversation.
import type { ProviderTemplate } from '../../../integrations/channels/channel.ts';
import { AppError } from '../../errors.ts';
import type { TemplateMeta } from './inbox.dto.ts';
import type { InboxDeps } from './inboxDeps.ts';
import { reopenConversation, requireConversation, takeOver } from './ownership.ts';
import { sendOutbound } from './sendOutbound.ts';

export type TemplateReply = {
  clinicId: string;
  conversationId: string;
  agentId: string;
  /** The template's id (Twilio `HX…`); omitted: the channel's first approved template. */
  templateId?: string | undefined;
  /** Values for its numbered placeholders ({"1": "María"}). */
  variables?: Record<string, string> | undefined;
  idempotencyKey?: string | undefined;
  sendAt?: Date | undefined;
  /** The failed message this one replaces ("send as template"). */
  resendOf?: string;
};

export async function sendTemplateReply(deps: InboxDeps, input: TemplateReply) {
  const conversation = await requireConversation(deps, input.clinicId, input.conversationId);
  const channel = await deps.channels.get(input.clinicId, conversation.channelId);
  const templates = channel ? await deps.channelTemplates(channel) : null;
  if (!templates) throw new AppError('templates_not_supported', 422, 'This channel has no provider templates: send a normal message instead.', 'template');
  const template = input.templateId ? templates.find((candidate) => candidate.id === input.templateId) : templates.find((candidate) => candidate.approvalStatus === 'approved');
  if (!template) throw new AppError('template_not_found', 422, input.templateId ? 'template.contentSid: no such template on this channel' : 'This channel has no approved template yet.', 'template.contentSid');
  if (template.approvalStatus !== 'approved') {
    throw new AppError('template_not_approved', 422, `template.contentSid: "${template.name}" is ${template.approvalStatus}, not approved by WhatsApp`, 'template.contentSid');
  }
  const variables = input.variables ?? {};
  const text = fillPlaceholders(template, variables);

  if (conversation.state === 'closed') await reopenConversation(deps, input.clinicId, conversation.id, { type: 'agent', id: input.agentId }, 'reopened_with_template');
  else if (conversation.state === 'bot') await takeOver(deps, input.clinicId, conversation.id, input.agentId);
  const meta: TemplateMeta = { id: template.id, name: template.name, variables };
  return sendOutbound(deps, {
    clinicId: input.clinicId,
    conversationId: conversation.id,
    author: 'agent',
    authorUserId: input.agentId,
    text,
    purpose: 'agent_template',
    meta: { template: meta, ...(input.resendOf ? { resendOf: input.resendOf } : {}) },
    ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
    ...(input.sendAt ? { sendAt: input.sendAt } : {}),
  });
}

/** `Hola {{1}}` + {"1": "María"} → `Hola María`; every placeholder needs a value. */
export function fillPlaceholders(template: Pick<ProviderTemplate, 'body'>, variables: Record<string, string>): string {
  return template.body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_match, name: string) => {
    const value = variables[name]?.trim();
    if (!value) throw AppError.validation(`template.variables.${name}`, `template.variables.${name}: the template needs a value for {{${name}}}`);
    return value;
  });
}
