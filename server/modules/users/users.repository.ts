import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { users } from '../../db/schema/index.ts';

export type UserRow = typeof users.$inferSelect;
export type User = { id: string; email: string; name: string | null; role: 'admin' | 'agent'; clinicId: string; active: boolean; createdAt: string };

export function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, clinicId: row.clinicId, active: row.active, createdAt: row.createdAt.toISOString() };
}

export function createUsersRepository(db: Db) {
  return {
    async findByEmail(email: string): Promise<UserRow | null> {
      const [row] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase())).limit(1);
      return row ?? null;
    },
    async get(clinicId: string, id: string): Promise<UserRow | null> {
      const [row] = await db.select().from(users).where(and(eq(users.clinicId, clinicId), eq(users.id, id))).limit(1);
      return row ?? null;
    },
    async list(clinicId: string): Promise<UserRow[]> {
      return db.select().from(users).where(eq(users.clinicId, clinicId)).orderBy(asc(users.createdAt), asc(users.id));
    },
    async insert(values: typeof users.$inferInsert): Promise<UserRow> {
      const [row] = await db.insert(users).values(values).returning();
      return row!;
    },
    async update(clinicId: string, id: string, values: Partial<typeof users.$inferInsert>): Promise<UserRow | null> {
      const [row] = await db.update(users).set(values).where(and(eq(users.clinicId, clinicId), eq(users.id, id))).returning();
      return row ?? null;
    },
    /** Two-factor's replay guard (modules/auth/totp.ts): one conditional UPDATE, so racing logins cannot both claim a step. */
    async claimTotpStep(userId: string, step: number): Promise<boolean> {
      const rows = await db
        .update(users)
        .set({ totpLastStep: step })
        .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
        .returning({ id: users.id });
      return rows.length === 1;
    },
    async countAll(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
      return row?.n ?? 0;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
