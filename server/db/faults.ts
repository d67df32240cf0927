// What "the database is not there right now" looks like, wherever a query meets it (HTTP, jobs, workers).
// Class 08 (connection exception), 57P01–57P03 (the server shutting down or starting), 53300 (no free slots).
const UNAVAILABLE_PG = /^(08...|57P0[123]|53300)$/;
const UNAVAILABLE_NET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/** Errors meaning "no database right now" rather than "this request is wrong"; Drizzle wraps them in `cause`. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_PG.test(code) || UNAVAILABLE_NET.has(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /^Connection terminated|timeout exceeded when trying to connect/.test(message)) return true;
  }
  return false;
}
