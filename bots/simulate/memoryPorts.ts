// BotPorts kept in memory: the simulator's world (a clinic can try its flows without a phone) and the engine's
// test vehicle. It behaves like the server where it matters: snapshots go through JSON like JSONB, one active
// session per conversation, a per-conversation lock that queues calls in arrival order, a clock you can move.
import type { BotEvent, BotLocale, BotPorts, BotSession, SendTemplateOptions, TemplateEvent } from '../ports.ts';
import { SAMPLE_TEMPLATES } from './sampleTemplates.ts';

export type SimulatedChannel = 'whatsapp' | 'sms';

export interface SimulatedMessage {
  conversationId: string;
  /** `system` lines note what the bot did besides talking (status changes, handover, close). */
  author: 'patient' | 'bot' | 'system';
  text: string;
  buttons?: string[];
  event?: TemplateEvent;
}

export interface SimulatedConversation {
  state: 'bot' | 'human' | 'closed';
  reason: string | null;
}

export interface MemoryWorld {
  channel: SimulatedChannel;
  messages: SimulatedMessage[];
  conversations: Map<string, SimulatedConversation>;
  appointments: Map<string, string>;
  recalls: Map<string, string>;
  surveyScores: Array<{ conversationId: string; score: number; appointmentId: string | null }>;
  sessions: Map<string, BotSession>;
  botEvents: Array<{ conversationId: string; event: BotEvent }>;
  /** Every port call by name, in order: lets tests check what happened when. */
  calls: string[];
  now: Date;
}

export interface MemoryPortsOptions {
  channel?: SimulatedChannel;
  now?: Date;
  /** The clinic's texts; defaults to the simulator's samples. */
  renderTemplate?: (event: TemplateEvent, locale: BotLocale) => string;
  /** Reuse a world, as a restarted process reuses its database: only stored state survives. */
  world?: MemoryWorld;
}

export function createMemoryPorts(options: MemoryPortsOptions = {}): { ports: BotPorts; world: MemoryWorld } {
  const world: MemoryWorld = options.world ?? {
    channel: options.channel ?? 'whatsapp',
    messages: [],
    conversations: new Map(),
    appointments: new Map(),
    recalls: new Map(),
    surveyScores: [],
    sessions: new Map(),
    botEvents: [],
    calls: [],
    now: options.now ?? new Date('2026-06-01T09:00:00Z'),
  };
  const render = options.renderTemplate ?? ((event: TemplateEvent, locale: BotLocale) => SAMPLE_TEMPLATES[locale][event]);
  const locks = new Map<string, Promise<unknown>>();
  let nextId = world.sessions.size + 1;
  const setConversation = (conversationId: string, state: SimulatedConversation['state'], reason: string | null) => {
    world.conversations.set(conversationId, { state, reason });
  };
  const note = (conversationId: string, text: string) => world.messages.push({ conversationId, author: 'system', text });

  const ports: BotPorts = {
    async sendTemplate(conversationId: string, event: TemplateEvent, sendOptions: SendTemplateOptions) {
      world.calls.push(`sendTemplate:${event}`);
      const text = render(event, sendOptions.locale);
      const buttons = sendOptions.buttons ?? [];
      if (buttons.length === 0) world.messages.push({ conversationId, author: 'bot', text, event });
      else if (world.channel === 'whatsapp') world.messages.push({ conversationId, author: 'bot', text, buttons, event });
      // SMS has no buttons: the options become numbered text, answered by number or by word.
      else world.messages.push({ conversationId, author: 'bot', text: `${text}\n${numbered(buttons)}`, event });
    },
    async setAppointmentStatus(appointmentId, status) {
      world.calls.push(`setAppointmentStatus:${status}`);
      // As on the server: an appointment already confirmed or cancelled keeps its status.
      const current = world.appointments.get(appointmentId);
      if (current === 'confirmed' || current === 'cancelled') return;
      world.appointments.set(appointmentId, status);
      note(conversationIdOf(appointmentId), `appointment ${status}`);
    },
    async markAppointmentUnanswered(appointmentId) {
      world.calls.push('markAppointmentUnanswered');
      world.appointments.set(appointmentId, 'unanswered');
      note(conversationIdOf(appointmentId), 'appointment marked unanswered');
    },
    async setRecallStatus(recallId, status) {
      world.calls.push(`setRecallStatus:${status}`);
      world.recalls.set(recallId, status);
      note(conversationIdOf(recallId), `recall ${status}`);
    },
    async recordSurveyScore(conversationId, score, appointmentId) {
      world.calls.push(`recordSurveyScore:${score}`);
      world.surveyScores.push({ conversationId, score, appointmentId });
    },
    async handover(conversationId, reason) {
      world.calls.push(`handover:${reason}`);
      setConversation(conversationId, 'human', reason);
      note(conversationId, `handed over to the inbox: ${reason}`);
    },
    async closeConversation(conversationId, reason) {
      world.calls.push(`closeConversation:${reason}`);
      setConversation(conversationId, 'closed', reason);
      note(conversationId, `conversation closed: ${reason}`);
    },
    async loadSession(sessionId) {
      const session = world.sessions.get(sessionId);
      return session ? copySession(session) : null;
    },
    async loadActiveSession(conversationId) {
      const session = [...world.sessions.values()].find((row) => row.conversationId === conversationId && row.status === 'active');
      return session ? copySession(session) : null;
    },
    async saveSession(session) {
      const clash = [...world.sessions.values()].find(
        (row) => row.conversationId === session.conversationId && row.status === 'active' && row.id !== session.id,
      );
      // Same rule as the database's partial unique index bot_sessions_one_active_key.
      if (clash && session.status === 'active') throw new Error(`Conversation already has active bot session ${clash.id}`);
      world.sessions.set(session.id, copySession(session));
    },
    async recordBotEvent(conversationId, event) {
      world.calls.push(event.kind);
      world.botEvents.push({ conversationId, event });
      if (event.kind === 'bot_started') setConversation(conversationId, 'bot', null);
    },
    withConversationLock<T>(conversationId: string, fn: () => Promise<T>): Promise<T> {
      const previous = locks.get(conversationId) ?? Promise.resolve();
      const run = previous.then(fn, fn);
      locks.set(conversationId, run.catch(() => undefined));
      return run;
    },
    now: () => new Date(world.now.getTime()),
    newId: () => `session-${nextId++}`,
  };

  /** Status ports get no conversation id: find the conversation through its session (the simulator has few). */
  function conversationIdOf(subjectId: string): string {
    const session = [...world.sessions.values()].reverse().find((row) => row.appointmentId === subjectId || row.recallId === subjectId);
    return session?.conversationId ?? 'unknown';
  }
  return { ports, world };
}

function numbered(buttons: string[]): string {
  return buttons.map((label, index) => `${index + 1}. ${label}`).join('  ');
}

/** Stored rows are copies, snapshots through JSON: nothing the engine holds can change the "database". */
function copySession(session: BotSession): BotSession {
  return {
    ...session,
    snapshot: JSON.parse(JSON.stringify(session.snapshot)),
    deadlineAt: session.deadlineAt ? new Date(session.deadlineAt.getTime()) : null,
    startedAt: new Date(session.startedAt.getTime()),
    endedAt: session.endedAt ? new Date(session.endedAt.getTime()) : null,
  };
}
