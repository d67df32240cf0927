// The bots' ports on the real platform: templates rendered for the conversation's patient and sent through
// the outbox, statuses written to appointments and recalls, handovers through the inbox store, sessions in
// bot_sessions. Everything is scoped to one clinic.
import { randomUUID } from 'node:crypto';
import type { BotPorts, BotSession, SendTemplateOptions } from '../../../bots/index.ts';
import { buttonsAsText } from '../../../integrations/channels/buttons-as-text.ts';
import { channelKinds } from '../../../integrations/channels/registry.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { closeConversation, giveToBot, handOver, requireConversation } from '../inbox/ownership.ts';
import { sendOutbound } from '../inbox/sendOutbound.ts';
import { renderMessage } from '../templates/renderMessage.ts';
import type { ChannelKind } from '../../../integrations/channels/channel.ts';
import type { PassedOver } from '../outbound/chooseChannel.ts';
import type { ChannelDecider } from '../outbound/decideChannel.ts';
import type { BotSessionsRepository } from './botSessions.repository.ts';

export type FlowStartChannel = { channelKind: ChannelKind; passedOver?: readonly PassedOver[] | undefined };

export type BotRuntimeDeps = {
  ctx: AppContext;
  sessions: BotSessionsRepository;
  withConversationLock: <T>(conversationId: string, work: () => Promise<T>) => Promise<T>;
  /** The one channel decision (server/modules/outbound): flows start where it says. */
  decideChannel: ChannelDecider;
  now?: () => Date;
};

/** Handover reasons arrive as words ("recall accepted"); the inbox stores codes ("recall_accepted"). */
export const reasonCode = (reason: string) => reason.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_');

/**
 * `start`: what the channel decision gave a starting flow (its first message goes there and records why).
 * `cause`: the patient message this step answers. A step run again for the same message (its inbound job was
 * retried after a crash before the step was recorded) then queues the same messages under the same keys, so
 * the patient gets each once.
 */
export function createDatabaseBotPorts(deps: BotRuntimeDeps, clinicId: string, start?: FlowStartChannel, cause?: string): BotPorts {
  const { ctx, sessions } = deps;
  const inbox = ctx.inbox;
  const bot = (id?: string) => ({ type: 'bot' as const, id: id ?? null });
  let sent = 0;
  const keyFor = (event: string) => (cause ? `bot-step:${cause}:${++sent}:${event}` : undefined);

  return {
    sendTemplate: (conversationId, event, options) => sendTemplateMessage(deps, clinicId, conversationId, event, { ...options, ...start, idempotencyKey: keyFor(event) }),

    async setAppointmentStatus(appointmentId, status) {
      const current = await ctx.repos.appointments.get(clinicId, appointmentId);
      // Confirmed or cancelled before the answer (by reception, the PMS, another message): the answer leaves it so.
      if (!current || current.status !== 'scheduled') return;
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
export async function sendTemplateMessage(
  deps: BotRuntimeDeps,
  clinicId: string,
  conversationId: string,
  event: string,
  options: Pick<SendTemplateOptions, 'appointmentIds' | 'appointmentStatus'> & { locale: 'es' | 'en' | 'it' | 'fr'; buttons?: string[] | undefined; idempotencyKey?: string | undefined } & Partial<FlowStartChannel>,
): Promise<void> {
  const { ctx, sessions } = deps;
  const conversation = await requireConversation(ctx.inbox, clinicId, conversationId);
  const kind = options.channelKind && options.channelKind !== 'voice' ? options.channelKind : await conversationKind(ctx, clinicId, conversation.id);
  const session = await sessions.active(clinicId, conversationId);
  const about = options.appointmentIds?.length ? await appointmentsAbout(ctx, clinicId, options.appointmentIds, options.appointmentStatus) : null;
  const rendered = await renderMessage(ctx, {
    clinicId,
    event,
    channel: kind,
    patientId: conversation.patientId,
    appointmentId: about?.[0] ?? session?.appointmentId ?? null,
    ...(about ? { appointmentIds: about } : {}),
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
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    // The values the text used go along, for a provider-side template the channel may send instead.
    // The appointments it is about, for the report (one message may cover several).
    meta: { merge: rendered.merge, ...(about ? { appointmentIds: about } : {}), ...(options.passedOver?.length ? { channelDecision: { passedOver: options.passedOver } } : {}) },
  });
}

/**
 * The appointments a message names, in the flow's order: with a status, those now in it (what the answer
 * changed; one already so counts too) — all of them if none is, so the message still says what it is about.
 */
async function appointmentsAbout(ctx: AppContext, clinicId: string, ids: readonly string[], status: SendTemplateOptions['appointmentStatus']): Promise<string[]> {
  if (!status) return [...ids];
  const rows = await Promise.all(ids.map((id) => ctx.repos.appointments.get(clinicId, id)));
  const matching = ids.filter((_, index) => rows[index]?.status === status);
  return matching.length ? matching : [...ids];
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
