// What PostgreSQL's refusals mean for the caller. Drizzle wraps every driver error in a DrizzleQueryError whose
// `cause` is the pg error, so both "is the database there" and "what did it refuse" look down the cause chain.
// The domain and the edge validate first; this is the net under them, so a constraint that slips past still
// answers 4xx naming the field (from the error's column, or the key in its detail) instead of 500.
import { AppError } from '../../errors.ts';

type PgError = { code: string; column?: string | undefined; constraint?: string | undefined; table?: string | undefined; detail?: string | undefined };

/** The 4xx a database refusal stands for, or null when it is a fault on our side (answered 500). */
export function fromDatabaseError(err: unknown): AppError | null {
  const pg = pgErrorIn(err);
  if (!pg) return null;
  const field = fieldOf(pg);
  switch (pg.code) {
    case '23505': // unique_violation
      return AppError.conflict(`${field ?? 'body'}: a record with the same value already exists`, field ?? 'body');
    case '23503': // foreign_key_violation: the id refers to nothing (API.md: unknown ids are 404)
      return new AppError('not_found', 404, `${field ?? 'body'}: refers to a record that does not exist`, field ?? 'body');
    case '23502': // not_null_violation
      return AppError.validation(field ?? 'body', `${field ?? 'body'}: is required`);
    case '23514': // check_violation
    case '22001': // string_data_right_truncation
    case '22003': // numeric_value_out_of_range
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
    case '22021': // character_not_in_repertoire (a U+0000 in text)
    case '22P02': // invalid_text_representation (a malformed uuid, number…)
    case '22P05': // untranslatable_character (a \u0000 in JSONB)
      return AppError.validation(field ?? 'body', `${field ?? 'body'}: a value the database cannot store`);
    default:
      return null;
  }
}

function pgErrorIn(err: unknown): PgError | null {
  for (const e of causeChain(err)) {
    // A server's refusal carries a severity; a provider's 5-digit code (Twilio's 20404) is not one.
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string') {
      return { code: e.code, column: text(e.column), constraint: text(e.constraint), table: text(e.table), detail: text(e.detail) };
    }
  }
  return null;
}

/**
 * The error's column, else the first key of its detail (`Key (service_id)=(…) is not present…`), else the column a
 * constraint is named after (`users_email_key`), in the API's casing (`serviceId`).
 */
function fieldOf(pg: PgError): string | undefined {
  const fromConstraint = pg.table && pg.constraint?.startsWith(`${pg.table}_`) ? /^([a-z0-9_]+?)_(?:key|fkey|check|idx)$/.exec(pg.constraint.slice(pg.table.length + 1))?.[1] : undefined;
  const column = pg.column ?? /^Key \(([a-z0-9_]+)(?:, [a-z0-9_]+)*\)=/.exec(pg.detail ?? '')?.[1] ?? fromConstraint;
  if (!column) return undefined;
  return column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function* causeChain(err: unknown): Generator<Record<string, unknown>> {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const record = e as Record<string, unknown>;
    yield record;
    e = record.cause;
  }
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
