// pino with redaction as a second line of defence: patient data must never reach info-level logs.
// Errors are the hard case: a failed query's error carries the values it was sent (Drizzle's `params`, also
// written into its message and stack) and PostgreSQL's refusal names the row's values (`detail`: "Failing row
// contains (…)", "Key (external_id)=(12345678Z) already exists"). So every error is serialised here, with its
// causes, keeping what tells the fault (type, code, constraint, table, column, the query with its $n placeholders,
// stack frames) and never the values.
import { pino, type DestinationStream, type LogFn, type Logger } from 'pino';

export type { Logger };

const REDACTED_KEYS = ['text', 'body', 'phone', 'phones', 'from', 'to', 'email', 'firstName', 'lastName', 'password', 'authToken', 'cookie'];
const REDACTED = '[redacted]';

export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: {
      paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`), 'req.headers.cookie', 'req.headers.authorization'],
      censor: REDACTED,
    },
    serializers: { err: serializeError, error: serializeError },
    formatters: { log: withoutQueryValues },
    hooks: { logMethod: messageWithoutQueryValues },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** An error (or anything logged as one) as plain data without the values a query or the database quoted. */
export function serializeError(value: unknown): unknown {
  return serializeAt(value, 0);
}

// The properties that hold a query's or a row's values, on Drizzle's, pg's or PGlite's errors.
const VALUE_PROPERTIES = new Set(['params', 'parameters', 'values', 'detail', 'where', 'internalQuery', 'queryOptions']);
const MAX_DEPTH = 5;

function serializeAt(value: unknown, depth: number): unknown {
  if (!isErrorLike(value)) return typeof value === 'string' ? stripQueryValues(value) : value;
  const error: Record<string, unknown> = value;
  const serialized: Record<string, unknown> = { type: typeName(value), message: safeMessage(error) };
  if (typeof error.stack === 'string') serialized.stack = safeStack(error.stack, String(serialized.message), typeName(value));
  for (const [key, property] of Object.entries(error)) {
    if (key === 'cause' || key === 'message' || key === 'stack' || typeof property === 'function') continue;
    if (VALUE_PROPERTIES.has(key)) serialized[key] = property === undefined ? undefined : REDACTED;
    else if (isErrorLike(property)) serialized[key] = depth < MAX_DEPTH ? serializeAt(property, depth + 1) : REDACTED;
    else serialized[key] = typeof property === 'string' ? stripQueryValues(property) : property;
  }
  if (error.cause !== undefined) serialized.cause = depth < MAX_DEPTH ? serializeAt(error.cause, depth + 1) : REDACTED;
  if (Array.isArray(error.errors)) serialized.errors = error.errors.map((inner) => (depth < MAX_DEPTH ? serializeAt(inner, depth + 1) : REDACTED));
  return serialized;
}

/**
 * PostgreSQL quotes values in the messages of its data errors (class 22: `invalid input syntax for type uuid:
 * "VIH positivo"`); elsewhere the quotes name constraints, tables and columns, which are worth keeping.
 */
function safeMessage(error: object): string {
  const message = stripQueryValues('message' in error && typeof error.message === 'string' ? error.message : '');
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return /^22[0-9A-Z]{3}$/.test(code) ? message.replace(/"[^"]*"/g, `"${REDACTED}"`) : message;
}

/** The stack's first lines repeat the message (values included): they are replaced by the safe one; frames stay. */
function safeStack(stack: string, message: string, type: string): string {
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return [`${type}: ${message}`, ...frames].join('\n');
}

/** Drizzle writes a failed query as "Failed query: <sql>\nparams: <values>": the SQL stays, the values go. */
function stripQueryValues(text: string): string {
  const at = text.search(/\nparams: /);
  return at === -1 ? text : `${text.slice(0, at)}\nparams: ${REDACTED}`;
}

/** A failed query's message logged under any other key (`reason: error.message`) loses its values too. */
function withoutQueryValues(object: Record<string, unknown>): Record<string, unknown> {
  let changed: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(object)) {
    if (typeof value !== 'string' || !value.includes('\nparams: ')) continue;
    changed ??= { ...object };
    changed[key] = stripQueryValues(value);
  }
  return changed ?? object;
}

/**
 * pino takes an error's message as the line's `msg` when none is given (`logger.error(err)`): that message is
 * the unsafe one, so the safe one is passed instead; string messages lose query values too.
 */
function messageWithoutQueryValues(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const [first, ...rest]: unknown[] = args;
  const logged = first instanceof Error ? first : typeof first === 'object' && first !== null && 'err' in first && isErrorLike(first.err) && !('msg' in first) ? first.err : null;
  const next = logged && rest.length === 0 ? [first instanceof Error ? { err: first } : first, safeMessage(logged)] : [first, ...rest.map((part) => (typeof part === 'string' ? stripQueryValues(part) : part))];
  Reflect.apply(method, this, next);
}

/** An Error, or an error-shaped object (`{ message, code }`, as some call sites log). */
function isErrorLike(value: unknown): value is Record<string, unknown> & { message: string } {
  return typeof value === 'object' && value !== null && 'message' in value && typeof value.message === 'string';
}

function typeName(error: object): string {
  const name: unknown = error.constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : 'name' in error && typeof error.name === 'string' ? error.name : 'Error';
}
