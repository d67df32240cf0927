// An express-rate-limit store in PostgreSQL, so every instance counts the same attempts, with lockouts that back
// off: a key that goes over its limit is locked out for the window, the next time for twice as long, and so on up
// to a ceiling; the strikes are forgiven a day after the last lockout ended. One atomic upsert per attempt, so
// parallel attempts on several instances cannot slip under the limit together.
import { and, eq, like, lt, sql } from 'drizzle-orm';
import type { IncrementResponse, Store } from 'express-rate-limit';
import type { Db } from '../../db/database.ts';
import { rateLimits } from '../../db/schema/index.ts';

export type LockoutPolicy = {
  /** The counting window, and the first lockout's length. */
  windowMs: number;
  /** Attempts a window allows; the next one starts a lockout. */
  limit: number;
  /** The longest a lockout grows to. */
  maxLockoutMs: number;
};

export type LockoutStoreOptions = { db: Db; prefix: string; policy: LockoutPolicy; now?: () => Date };

const FORGIVE_AFTER_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

export class LockoutStore implements Store {
  /** Counted in the database: instances share the keys. */
  readonly localKeys = false;
  readonly prefix: string;
  private readonly db: Db;
  private readonly policy: LockoutPolicy;
  private readonly now: () => Date;
  private nextPruneAt = 0;

  constructor(options: LockoutStoreOptions) {
    this.db = options.db;
    this.prefix = options.prefix;
    this.policy = options.policy;
    this.now = options.now ?? (() => new Date());
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = this.now();
    await this.pruneNow(now);
    const { windowMs, limit, maxLockoutMs } = this.policy;
    const at = sql`${now.toISOString()}::timestamptz`;
    const over = sql`"rate_limits"."reset_at" <= ${at}`;
    // Crossing the limit now: this attempt is the first one over it.
    const crossing = sql`"rate_limits"."hits" + 1 = ${limit + 1}`;
    const lockout = sql`least(${windowMs}::float8 * power(2, least("rate_limits"."strikes", 30)), ${maxLockoutMs}::float8) * interval '1 millisecond'`;
    const [row] = await this.db
      .insert(rateLimits)
      .values({ key: this.prefix + key, hits: 1, resetAt: new Date(now.getTime() + windowMs), strikes: 0 })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          hits: sql`case when ${over} then 1 else "rate_limits"."hits" + 1 end`,
          resetAt: sql`case when ${over} then ${at} + ${windowMs}::float8 * interval '1 millisecond' when ${crossing} then ${at} + ${lockout} else "rate_limits"."reset_at" end`,
          strikes: sql`case when ${over} and "rate_limits"."reset_at" <= ${at} - ${FORGIVE_AFTER_MS}::float8 * interval '1 millisecond' then 0 when not ${over} and ${crossing} then "rate_limits"."strikes" + 1 else "rate_limits"."strikes" end`,
        },
      })
      .returning({ hits: rateLimits.hits, resetAt: rateLimits.resetAt });
    return { totalHits: row?.hits ?? 1, resetTime: row?.resetAt };
  }

  /** An attempt that turned out not to count (express-rate-limit's "successful request"). */
  async decrement(key: string): Promise<void> {
    await this.db
      .update(rateLimits)
      .set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)` })
      .where(eq(rateLimits.key, this.prefix + key));
  }

  async get(key: string): Promise<IncrementResponse | undefined> {
    const [row] = await this.db.select().from(rateLimits).where(eq(rateLimits.key, this.prefix + key));
    return row && row.resetAt > this.now() ? { totalHits: row.hits, resetTime: row.resetAt } : undefined;
  }

  async resetKey(key: string): Promise<void> {
    await this.db.delete(rateLimits).where(eq(rateLimits.key, this.prefix + key));
  }

  async resetAll(): Promise<void> {
    await this.db.delete(rateLimits).where(like(rateLimits.key, `${this.prefix.replace(/[\\%_]/g, '\\$&')}%`));
  }

  /** Keys whose strikes are forgiven carry nothing worth keeping; dropped at most once an hour per instance. */
  private async pruneNow(now: Date): Promise<void> {
    if (now.getTime() < this.nextPruneAt) return;
    this.nextPruneAt = now.getTime() + PRUNE_EVERY_MS;
    const forgiven = new Date(now.getTime() - FORGIVE_AFTER_MS);
    await this.db.delete(rateLimits).where(and(like(rateLimits.key, `${this.prefix.replace(/[\\%_]/g, '\\$&')}%`), lt(rateLimits.resetAt, forgiven)));
  }
}
