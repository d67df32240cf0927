// The bots' view of the world. The runtime (bots/engine) acts only through these ports; the server implements
// them on the inbox store and the database, bots/simulate implements them in memory. Names follow the clinic's
// language so a reader of either side recognises the same verbs.
import type { BotTemplateEvent } from './flows/commands.ts';

export const FLOW_NAMES = ['reminder', 'recall', 'followup'] as const;
export type FlowName = (typeof FLOW_NAMES)[number];

export const BOT_LOCALES = ['es', 'en', 'it', 'fr'] as const;
export type BotLocale = (typeof BOT_LOCALES)[number];

export type SessionStatus = 'active' | 'done' | 'stopped';

/**
 * One flow bound to one conversation: a row of `bot_sessions`. `snapshot` is XState's persisted snapshot (plain
 * JSON, stored as JSONB); the runtime validates it when restoring. At most one `active` session per conversation.
 */
export interface BotSession {
  id: string;
  conversationId: string;
  flow: FlowName;
  status: SessionStatus;
  snapshot: unknown;
  /** When an unanswered question expires; a server job calls handleDeadline(sessionId) once it has passed. */
  deadlineAt: Date | null;
  /** The main appointment (the first, when the flow covers several: those are in the flow's context). */
  appointmentId: string | null;
  recallId: string | null;
  /** Why the session ended: "done", "replaced by recall", "human takeover", "patient opted out"… */
  endReason: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

/**
 * Audit entries the server stores as conversation events. On `bot_started` the server sets the conversation state
 * to `bot`. A flow that ends `done` has already handed over or closed the conversation through the ports; a
 * `stopped` one leaves the state to whoever stopped it (a takeover, a newer flow, an opt-out).
 */
export type BotEvent =
  | { kind: 'bot_started'; sessionId: string; flow: FlowName }
  | { kind: 'bot_done'; sessionId: string; flow: FlowName; finalState: string }
  | { kind: 'bot_stopped'; sessionId: string; flow: FlowName; reason: string };

export interface SendTemplateOptions {
  /** The flow's locale; the server may still prefer the patient's own. */
  locale: BotLocale;
  /**
   * Quick-reply labels in the flow's locale. On WhatsApp they become buttons (the clinic's template may carry its
   * own labels); on SMS the port turns them into numbered text options ("1. Agendar cita  2. No gracias"),
   * which the bots understand by number or by text.
   */
  buttons?: string[];
  /** Extra merge data for this message only (e.g. the survey score). */
  data?: Record<string, string | number>;
  /** The appointments the message is about, in order (the first is its main one); default: the session's. */
  appointmentIds?: string[];
  /** Name only those of `appointmentIds` now in this status (all of them when none is). */
  appointmentStatus?: 'confirmed' | 'cancelled';
}

export interface BotPorts {
  /** Render the clinic's template for `event` on the conversation's channel and queue it (outbox). */
  sendTemplate(conversationId: string, event: TemplateEvent, options: SendTemplateOptions): Promise<void>;
  /** The patient's answer: an appointment still `scheduled` takes it; one already confirmed or cancelled keeps its status. */
  setAppointmentStatus(appointmentId: string, status: 'confirmed' | 'cancelled'): Promise<void>;
  /** No reply to the reminder by its deadline: reception sees the appointment as unanswered. */
  markAppointmentUnanswered(appointmentId: string): Promise<void>;
  setRecallStatus(recallId: string, status: 'accepted' | 'rejected'): Promise<void>;
  recordSurveyScore(conversationId: string, score: number, appointmentId: string | null): Promise<void>;
  /** Conversation state → `human` with this reason: it appears in the inbox for reception. */
  handover(conversationId: string, reason: string): Promise<void>;
  /** Conversation state → `closed`. */
  closeConversation(conversationId: string, reason: string): Promise<void>;

  loadSession(sessionId: string): Promise<BotSession | null>;
  loadActiveSession(conversationId: string): Promise<BotSession | null>;
  /** Insert or update by id. */
  saveSession(session: BotSession): Promise<void>;
  recordBotEvent(conversationId: string, event: BotEvent): Promise<void>;

  /**
   * Run `fn` with no other bot work for this conversation running anywhere (the server: a database advisory lock,
   * ideally in one transaction so the commands and the saved session commit together). Calls queue in arrival order.
   */
  withConversationLock<T>(conversationId: string, fn: () => Promise<T>): Promise<T>;
  now(): Date;
  newId(): string;
}

/** Template events the bots send (a subset of the API's template events). */
export type TemplateEvent = BotTemplateEvent;
