// bot_sessions rows ↔ the bots' BotSession, always within one clinic.
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { BotSession, FlowName } from '../../../bots/index.ts';
import { FLOW_NAMES } from '../../../bots/index.ts';
import type { Db } from '../../db/database.ts';
import { botSessions } from '../../db/schema/index.ts';

type Row = typeof botSessions.$inferSelect;

export function createBotSessionsRepository(db: Db) {
  return {
    async get(clinicId: string, id: string): Promise<BotSession | null> {
      const [row] = await db.select().from(botSessions).where(and(eq(botSessions.clinicId, clinicId), eq(botSessions.id, id)));
      return row ? toSession(row) : null;
    },
    async active(clinicId: string, conversationId: string): Promise<BotSession | null> {
      const [row] = await db
        .select()
        .from(botSessions)
        .where(and(eq(botSessions.clinicId, clinicId), eq(botSessions.conversationId, conversationId), eq(botSessions.status, 'active')));
      return row ? toSession(row) : null;
    },
    async save(clinicId: string, session: BotSession): Promise<void> {
      const values = {
        conversationId: session.conversationId,
        flow: session.flow,
        status: session.status,
        snapshot: session.snapshot,
        deadlineAt: session.deadlineAt,
        appointmentId: session.appointmentId,
        recallId: session.recallId,
        endReason: session.endReason,
        endedAt: session.endedAt,
      };
      await db
        .insert(botSessions)
        .values({ id: session.id, clinicId, startedAt: session.startedAt, ...values })
        .onConflictDoUpdate({ target: botSessions.id, set: values, setWhere: sql`${botSessions.clinicId} = ${clinicId}` });
    },
    async list(clinicId: string, filters: { status?: Row['status'] | undefined; flow?: string | undefined }) {
      const rows = await db
        .select()
        .from(botSessions)
        .where(and(eq(botSessions.clinicId, clinicId), filters.status ? eq(botSessions.status, filters.status) : undefined, filters.flow ? eq(botSessions.flow, filters.flow) : undefined))
        .orderBy(asc(botSessions.startedAt))
        .limit(500);
      return rows.map(toSession);
    },
    /** Across clinics: the deadline job's work list. */
    async due(now: Date, limit = 100): Promise<Array<{ clinicId: string; id: string }>> {
      return db
        .select({ clinicId: botSessions.clinicId, id: botSessions.id })
        .from(botSessions)
        .where(and(eq(botSessions.status, 'active'), lte(botSessions.deadlineAt, now)))
        .orderBy(asc(botSessions.deadlineAt))
        .limit(limit);
    },
  };
}

export type BotSessionsRepository = ReturnType<typeof createBotSessionsRepository>;

function toSession(row: Row): BotSession {
  return {
    id: row.id,
    conversationId: row.conversationId,
    flow: toFlow(row.flow),
    status: row.status,
    snapshot: row.snapshot,
    deadlineAt: row.deadlineAt,
    appointmentId: row.appointmentId,
    recallId: row.recallId,
    endReason: row.endReason,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
  };
}

function toFlow(flow: string): FlowName {
  const known = FLOW_NAMES.find((name) => name === flow);
  if (!known) throw new Error(`unknown bot flow in the database: ${flow}`);
  return known;
}
