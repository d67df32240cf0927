// Counters of the login limits (server/http/middleware/loginLimits.ts), shared by every instance. One row per
// limited key (an account's e-mail hash, a client address, the whole platform); rows long past are pruned.
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from './columns.ts';

export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  /** Attempts counted in the current window (or lockout). */
  hits: integer('hits').notNull(),
  /** When the window or the lockout ends and counting starts again. */
  resetAt: tstz('reset_at').notNull(),
  /** Lockouts in a row: each one lasts twice the last, and they are forgiven a day after the last one ended. */
  strikes: integer('strikes').notNull().default(0),
});
