// Binds the bots to the inbox: every patient message goes to the conversation's flow (or gets the
// auto-reply), opt-out and opt-in keywords are honoured first, and a person taking over stops the flow.
import { detectOptKeyword, handleInbound, handleDeadline, shouldAutoReply, stopFlow } from '../../../bots/index.ts';
import type { AppContext } from '../../context.ts';
import { desc, and, eq, inArray, max } from 'drizzle-orm';
import { conversationEvents, messages } from '../../db/schema/index.ts';
import type { Conversation, Message } from '../inbox/inbox.dto.ts';
import { resolveBusinessHours } from '../businessHours/businessHours.schema.ts';
import { openingState } from '../businessHours/openingState.ts';
import type { BotHooks } from '../inbox/inboxDeps.ts';
import { consentChanges } from '../consents/consentChanges.ts';
import { createDatabaseBotPorts, conversationKind, sendTemplateMessage, type BotRuntimeDeps } from './databaseBotPorts.ts';

import type { DomainReactions } from '../events.ts';
import type { Logger } from '../../logger.ts';

/** The bots answer the inbox: each patient message goes to its flow, and a takeover stops the flow. */
export function subscribeBots(reactions: DomainReactions, hooks: BotHooks, logger: Logger): () => void {
  const unsubscribe = [
    reactions.on('message:received', ({ clinicId, conversation, message }) => hooks.onInbound(clinicId, conversation, message)),
    reactions.on('conversation:bot_stop', ({ clinicId, conversationId, reason }) => hooks.stop(clinicId, conversationId, reason)),
  ];
  logger.debug({}, 'bots subscribed to the inbox');
  return () => unsubscribe.forEach((stop) => stop());
}

export function createBotHooks(deps: BotRuntimeDeps): BotHooks & { handleDeadline: (clinicId: string, sessionId: string) => Promise<void> } {
  const portsFor = (clinicId: string) => createDatabaseBotPorts(deps, clinicId);

  return {
    async onInbound(clinicId: string, conversation: Conversation, message: Message) {
      // Keyed by the patient's message: handled again after a crash, it sends nothing twice.
      const ports = createDatabaseBotPorts(deps, clinicId, undefined, message.id);
      const keyword = message.text ? detectOptKeyword(message.text) : null;
      if (keyword) return applyOptKeyword(deps, clinicId, conversation, keyword, message);
      const result = await handleInbound(ports, {
        conversationId: conversation.id,
        ...(message.buttonReply ? { button: message.buttonReply } : message.text ? { text: message.text } : {}),
      });
      if (result.outcome === 'no_active_flow') await maybeAutoReply(deps, clinicId, conversation.id, message.id);
    },
    async stop(clinicId, conversationId, reason) {
      await stopFlow(portsFor(clinicId), conversationId, reason);
    },
    async handleDeadline(clinicId, sessionId) {
      await handleDeadline(portsFor(clinicId), sessionId);
    },
  };
}

/** STOP / BAJA… marks the patient opted out of this kind of channel (ALTA / START… back in), confirmed once. */
async function applyOptKeyword(deps: BotRuntimeDeps, clinicId: string, conversation: Conversation, keyword: 'opt_out' | 'opt_in', message: Message): Promise<void> {
  const messageId = message.id;
  const { ctx } = deps;
  const kind = await conversationKind(ctx, clinicId, conversation.id);
  const patient = await ctx.repos.patients.getRow(clinicId, conversation.patientId);
  if (!patient) return;
  const optedOut = patient.optOuts.includes(kind);
  if ((keyword === 'opt_out') === optedOut) return;
  const optOuts = keyword === 'opt_out' ? [...patient.optOuts, kind] : patient.optOuts.filter((channel) => channel !== kind);
  await ctx.repos.patients.update(clinicId, patient.id, { optOuts });
  await ctx.repos.consents.record(consentChanges(clinicId, patient.id, patient, { ...patient, optOuts }, { source: 'patient_keyword', evidence: keyword, textShown: message.text }));
  if (keyword === 'opt_out') await stopFlow(createDatabaseBotPorts(deps, clinicId), conversation.id, 'patient opted out');
  await sendTemplateMessage(deps, clinicId, conversation.id, keyword, { locale: localeOf(patient.locale), idempotencyKey: `opt-keyword:${messageId}` });
}

async function maybeAutoReply(deps: BotRuntimeDeps, clinicId: string, conversationId: string, messageId: string): Promise<void> {
  const { ctx } = deps;
  const [conversation, clinic] = await Promise.all([ctx.repos.conversations.getRow(clinicId, conversationId), ctx.repos.clinics.get(clinicId)]);
  if (!conversation || !clinic) return;
  const autoReply = clinic.settings.autoReply;
  if (typeof autoReply === 'object' && autoReply !== null && 'enabled' in autoReply && autoReply.enabled === false) return;
  const now = deps.now?.() ?? new Date();
  // Business hours (or the older openingHours) with holidays; null: the clinic set none.
  const { hours } = resolveBusinessHours(clinic.settings);
  const [[lastAutoReply, lastHandover], lastAgentMessageAt] = await Promise.all([lastEvents(ctx, clinicId, conversationId), lastAgentMessage(ctx, clinicId, conversationId)]);
  const event = shouldAutoReply({
    lastAutoReplyAt: lastAutoReply ?? null,
    now,
    timezone: clinic.timezone,
    openingHours: null,
    openNow: hours ? openingState(hours, now, clinic.timezone).open : null,
    conversationState: conversation.state,
    activeFlow: null,
    assigneeId: conversation.assigneeId,
    lastHandoverAt: lastHandover ?? null,
    lastAgentMessageAt,
  });
  if (!event) return;
  const patient = await ctx.repos.patients.getRow(clinicId, conversation.patientId);
  await sendTemplateMessage(deps, clinicId, conversationId, event, { locale: localeOf(patient?.locale ?? clinic.locale), idempotencyKey: `auto-reply:${messageId}` });
  await ctx.repos.conversations.addEvent({ clinicId, conversationId, kind: 'auto_reply', actorType: 'system', reason: event });
}

async function lastEvents(ctx: AppContext, clinicId: string, conversationId: string): Promise<[Date | undefined, Date | undefined]> {
  const rows = await ctx.db
    .select({ kind: conversationEvents.kind, at: conversationEvents.at, actorType: conversationEvents.actorType })
    .from(conversationEvents)
    .where(and(eq(conversationEvents.clinicId, clinicId), eq(conversationEvents.conversationId, conversationId), inArray(conversationEvents.kind, ['auto_reply', 'handover'])))
    .orderBy(desc(conversationEvents.at))
    .limit(20);
  return [rows.find((row) => row.kind === 'auto_reply')?.at, rows.find((row) => row.kind === 'handover' && row.actorType === 'bot')?.at];
}

/** When a person at the clinic last wrote on this conversation (from the inbox or, via WhatsApp Web, their phone). */
async function lastAgentMessage(ctx: AppContext, clinicId: string, conversationId: string): Promise<Date | null> {
  const [row] = await ctx.db
    .select({ at: max(messages.createdAt) })
    .from(messages)
    .where(and(eq(messages.clinicId, clinicId), eq(messages.conversationId, conversationId), eq(messages.author, 'agent'), eq(messages.isTest, false)));
  return row?.at ? new Date(row.at) : null;
}

function localeOf(locale: string | null | undefined): 'es' | 'en' | 'it' | 'fr' {
  return locale === 'en' || locale === 'it' || locale === 'fr' ? locale : 'es';
}
