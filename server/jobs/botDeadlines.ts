// Durable reply deadlines: sessions store when their question expires; this poller fires the due ones.
// `runDueBotDeadlines` is the whole job, so a scheduler (e.g. an Agenda job) can call it instead of the poller.
import type { Logger } from '../logger.ts';
import type { BotSessionsRepository } from '../modules/bots/botSessions.repository.ts';

export type BotDeadlineDeps = {
  sessions: BotSessionsRepository;
  /** Runs the flow's DEADLINE step (the bot hooks' handleDeadline); a stale call changes nothing. */
  fire: (clinicId: string, sessionId: string) => Promise<void>;
  logger: Logger;
};

/** Fires every active session whose deadline is at or before `now`; returns how many were due. */
export async function runDueBotDeadlines(deps: BotDeadlineDeps, now: Date = new Date()): Promise<number> {
  const due = await deps.sessions.due(now);
  for (const session of due) {
    await deps.fire(session.clinicId, session.id).catch((error: unknown) => deps.logger.error({ err: error, sessionId: session.id }, 'bot deadline failed'));
  }
  return due.length;
}

export function startBotDeadlines(options: BotDeadlineDeps & { intervalMs?: number; now?: () => Date }) {
  let running: Promise<number> | null = null;
  const runDue = (now = options.now?.() ?? new Date()) => runDueBotDeadlines(options, now);

  const tick = () => {
    running ??= runDue().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, options.intervalMs ?? 5000);
  timer.unref();

  return {
    runDue,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
