// The bots' ports on the real platform: templates rendered for the conversation's patient and sent through
// the outbox, statuses written to appointments and recalls, handovers through the inbox store, sessions in
// bot_sessions. Everything is scoped to one clinic.
import { randomUUID } from 'node:crypto';
import type { BotPorts, BotSession } from '../../../bots/index.ts';
import { buttonsAsText } from '../../../integrations/channels/buttons-as-text.ts';
import { channelKinds } from '../../../integrations/channels/registry.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { closeConversation, giveToBot, handOver, requireConversation } from '../inbox/ownership.ts';
import { sendOutbound } from '../inbox/sendOutbound.ts';
import { renderMessage } from '../templates/renderMessage.ts';
import type { BotSessionsRepository } from './botSessions.repository.ts';

export type BotRuntimeDeps = {
  ctx: AppContext;
  sessions: BotSessionsRepository;
  withConversationLock: <T>(conversationId: string, work: () => Promise<T>) => Promise<T>;
  now?: () => Date;
};

/** Handover reasons arrive as words ("recall accepted"); the inbox stores codes ("recall_accepted"). */
export const reasonCode = (reason: string) => reason.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_');

export function createDatabaseBotPorts(deps: BotRuntimeDeps, clinicId: string): BotPorts {
  const { ctx, sessions } = deps;
  const inbox = ctx.inbox;
  const bot = (id?: string) => ({ type: 'bot' as const, id: id ?? null });

  return {
    sendTemplate: (conversationId, event, options) => sendTemplateMessage(deps, clinicId, conversationId, event, options),

    async setAppointmentStatus(appointmentId, status) {
      const current = await ctx.repos.appointments.get(clinicId, appointmentId);
      if (!current) return;
      await ctx.repos.appointments.update(clinicId, appointmentId, { status, replyStatus: status });
      ctx.events.emit('appointment:changed', { clinicId, appointmentId, change: status === 'cancelled' ? 'cancelled' : 'updated', previousStartsAt: current.startsAt.toISOString() });
      ctx.events.emit('appointment:answered', { clinicId, appointmentId, status });
    },

    async markAppointmentUnanswered(appointmentId) {
      await ctx.repos.appointments.update(clinicId, appointmentId, { replyStatus: 'unanswered' });
      ctx.events.emit('appointment:changed', { clinicId, appointmentId, change: 'updated' });
    },

    async setRecallStatus(recallId, status) {
      await ctx.repos.recalls.update(clinicId, recallId, { status });
      ctx.events.emit('recall:changed', { clinicId, recallId });
    },

    async recordSurveyScore(conversationId, score, appointmentId) {
      await ctx.repos.conversations.addEvent({ clinicId, conversationId, kind: 'survey_score', actorType: 'patient', data: { score, appointmentId } });
    },

    async handover(conversationId, reason) {
      await handOver(inbox, clinicId, conversationId, bot(), reasonCode(reason));
    },

    async closeConversation(conversationId, reason) {
      await closeConversation(inbox, clinicId, conversationId, bot(), reasonCode(reason));
    },

    loadSession: (sessionId) => sessions.get(clinicId, sessionId),
    loadActiveSession: (conversationId) => sessions.active(clinicId, conversationId),
    saveSession: (session: BotSession) => sessions.save(clinicId, session),

    async recordBotEvent(conversationId, event) {
      if (event.kind === 'bot_started') {
        await giveToBot(inbox, clinicId, conversationId, event.flow);
        return;
      }
      const reason = event.kind === 'bot_stopped' ? event.reason : event.finalState;
      await ctx.repos.conversations.addEvent({ clinicId, conversationId, kind: event.kind, actorType: 'bot', actorId: event.flow, reason, data: { sessionId: event.sessionId } });
    },

    withConversationLock: (conversationId, work) => deps.withConversationLock(conversationId, work),
    now: () => deps.now?.() ?? new Date(),
    newId: () => randomUUID(),
  };
}

/** Renders a template for the conversation's patient on its channel and queues it as the bot's message. */
export async function sendTemplateMessage(deps: BotRuntimeDeps, clinicId: string, conversationId: string, event: string, options: { locale: 'es' | 'en' | 'it' | 'fr'; buttons?: string[] | undefined }): Promise<void> {
  const { ctx, sessions } = deps;
  const conversation = await requireConversation(ctx.inbox, clinicId, conversationId);
  const kind = await conversationKind(ctx, clinicId, conversation.id);
  const session = await sessions.active(clinicId, conversationId);
  const rendered = await renderMessage(ctx, {
    clinicId,
    event,
    channel: kind,
    patientId: conversation.patientId,
    appointmentId: session?.appointmentId ?? null,
    recallId: session?.recallId ?? null,
    locale: options.locale,
  });
  const buttons = rendered.buttons?.length ? rendered.buttons : options.buttons;
  // WhatsApp shows buttons; SMS gets them as numbered options the bots understand by number or text.
  const asText = kind !== 'whatsapp' && buttons?.length;
  await sendOutbound(ctx.inbox, {
    clinicId,
    conversationId,
    author: 'bot',
    text: asText ? buttonsAsText(rendered.text, buttons) : rendered.text,
    subject: rendered.subject ?? null,
    html: rendered.html ?? null,
    buttons: asText ? null : (buttons ?? null),
    channelKind: kind,
    purpose: event,
  });
}

/**
 * The kind of channel the conversation runs on: what its last message used, else the patient's preferred
 * kind when the channel carries it (the simulator stands in for several), else the channel's main kind.
 */
export async function conversationKind(ctx: AppContext, clinicId: string, conversationId: string): Promise<'whatsapp' | 'sms' | 'email'> {
  const conversation = await ctx.repos.conversations.getRow(clinicId, conversationId);
  const channel = conversation ? await ctx.repos.channels.get(clinicId, conversation.channelId) : null;
  if (!conversation || !channel) throw AppError.notFound('Conversation');
  const kinds = channelKinds(channel.type).filter((kind): kind is 'whatsapp' | 'sms' | 'email' => kind !== 'voice');
  const [latest] = (await ctx.repos.messages.listByConversation(clinicId, conversationId, { limit: 1 })).items;
  const used = latest?.channelKind;
  if (used && used !== 'voice' && kinds.includes(used)) return used;
  const patient = await ctx.repos.patients.getRow(clinicId, conversation.patientId);
  const preferred = patient?.preferredChannel;
  if (preferred && preferred !== 'voice' && preferred !== 'none' && kinds.includes(preferred)) return preferred;
  return kinds[0] ?? 'whatsapp';
}
