// A quick reply as the agent will send it in one conversation: merge fields filled for that conversation's
// patient (and their next appointment), in the patient's language, for the conversation's channel.
import { buildMergeContext, renderTemplate, toLocale, type Channel } from '../../../templates/index.ts';
import { channelKinds } from '../../../integrations/channels/registry.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { loadMergeInput } from '../templates/mergeInput.ts';
import { withoutEmptyNameGaps } from '../templates/renderMessage.ts';
import type { QuickReplyRow } from './quickReplies.repository.ts';

export async function renderQuickReply(ctx: Pick<AppContext, 'db' | 'repos'>, input: { clinicId: string; conversationId: string; quickReply: QuickReplyRow; now?: Date }): Promise<{ text: string }> {
  const conversation = await ctx.repos.conversations.getRow(input.clinicId, input.conversationId);
  if (!conversation) throw AppError.notFound('Conversation');
  const channel = await ctx.repos.channels.get(input.clinicId, conversation.channelId);
  const kind: Channel = (channel ? channelKinds(channel.type)[0] : undefined) ?? 'whatsapp';
  const upcoming = await ctx.repos.appointments.list(input.clinicId, {
    limit: 1,
    filters: { patientId: conversation.patientId, from: (input.now ?? new Date()).toISOString(), status: ['scheduled', 'confirmed'] },
  });
  const merge = await loadMergeInput(ctx.db, { clinicId: input.clinicId, channel: kind, patientId: conversation.patientId, appointmentId: upcoming.items[0]?.id ?? null });
  const locale = toLocale(merge.patientLocale) ?? toLocale(merge.clinicLocale) ?? 'es';
  const rendered = renderTemplate(input.quickReply.body, buildMergeContext({ ...merge.input, locale }), { channel: kind, locale });
  return { text: merge.input.patient?.firstName ? rendered.text : withoutEmptyNameGaps(rendered.text) };
}
