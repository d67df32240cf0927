// Staff sessions in the database, so they survive restarts and work on every instance.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, ne } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { sessions, users } from '../../db/schema/index.ts';

export type SessionUser = { id: string; email: string; name: string | null; role: 'admin' | 'agent'; clinicId: string };
/** A session as the rest of the platform names it: the stored hash of its token (never the token itself). */
export type EndedSession = { sessionId: string; userId: string };

export function createSessionsRepository(db: Db) {
  return {
    /** Returns the raw token for the cookie; only its hash is stored. */
    async create(userId: string, clinicId: string, ttlHours: number): Promise<{ token: string; expiresAt: Date }> {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
      await db.insert(sessions).values({ tokenHash: hashToken(token), userId, clinicId, expiresAt });
      return { token, expiresAt };
    },

    async findUser(token: string): Promise<SessionUser | null> {
      const [row] = await db
        .select({ id: users.id, email: users.email, name: users.name, role: users.role, clinicId: users.clinicId })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date()), eq(users.active, true)))
        .limit(1);
      return row ?? null;
    },

    /** Ends one session; null when the token was no (longer a) session. */
    async delete(token: string): Promise<EndedSession | null> {
      const [row] = await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).returning({ sessionId: sessions.tokenHash, userId: sessions.userId });
      return row ?? null;
    },

    /** Ends every session of a user, but the one `keepSessionId` names (the one that asked, when it is theirs). */
    async deleteForUser(userId: string, keepSessionId?: string): Promise<EndedSession[]> {
      const ofUser = eq(sessions.userId, userId);
      return db
        .delete(sessions)
        .where(keepSessionId ? and(ofUser, ne(sessions.tokenHash, keepSessionId)) : ofUser)
        .returning({ sessionId: sessions.tokenHash, userId: sessions.userId });
    },

    async deleteExpired(now = new Date()): Promise<void> {
      await db.delete(sessions).where(lt(sessions.expiresAt, now));
    },
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;

/** The id of the session a cookie's token opens (sockets join a room by it; logout and revocation name it). */
export function sessionIdOf(token: string): string {
  return hashToken(token);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
