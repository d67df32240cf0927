// A clinic's quick replies (canned responses), always within the clinic.
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { quickReplies } from '../../db/schema/index.ts';

export type QuickReplyRow = typeof quickReplies.$inferSelect;
export type QuickReplyValues = { shortcut: string; title: string; body: string };

export function createQuickRepliesRepository(db: Db) {
  const inClinic = (clinicId: string, id: string) => and(eq(quickReplies.clinicId, clinicId), eq(quickReplies.id, id));
  return {
    async list(clinicId: string): Promise<QuickReplyRow[]> {
      return db.select().from(quickReplies).where(eq(quickReplies.clinicId, clinicId)).orderBy(asc(quickReplies.shortcut));
    },
    async get(clinicId: string, id: string): Promise<QuickReplyRow | null> {
      const [row] = await db.select().from(quickReplies).where(inClinic(clinicId, id)).limit(1);
      return row ?? null;
    },
    async getByShortcut(clinicId: string, shortcut: string): Promise<QuickReplyRow | null> {
      const [row] = await db.select().from(quickReplies).where(and(eq(quickReplies.clinicId, clinicId), eq(quickReplies.shortcut, shortcut))).limit(1);
      return row ?? null;
    },
    /** Is the shortcut taken by another quick reply of the clinic? */
    async shortcutTaken(clinicId: string, shortcut: string, exceptId?: string): Promise<boolean> {
      const [row] = await db
        .select({ id: quickReplies.id })
        .from(quickReplies)
        .where(and(eq(quickReplies.clinicId, clinicId), eq(quickReplies.shortcut, shortcut), ...(exceptId ? [ne(quickReplies.id, exceptId)] : [])))
        .limit(1);
      return row !== undefined;
    },
    async insert(clinicId: string, values: QuickReplyValues): Promise<QuickReplyRow> {
      const [row] = await db.insert(quickReplies).values({ clinicId, ...values }).returning();
      return row!;
    },
    async update(clinicId: string, id: string, values: Partial<QuickReplyValues>): Promise<QuickReplyRow | null> {
      const [row] = await db.update(quickReplies).set({ ...values, updatedAt: new Date() }).where(inClinic(clinicId, id)).returning();
      return row ?? null;
    },
    async delete(clinicId: string, id: string): Promise<boolean> {
      const rows = await db.delete(quickReplies).where(inClinic(clinicId, id)).returning({ id: quickReplies.id });
      return rows.length > 0;
    },
  };
}

export type QuickRepliesRepository = ReturnType<typeof createQuickRepliesRepository>;
