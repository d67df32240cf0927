// zod at the edge: every input is parsed here, and a failure names the offending field (never ""): the body as a
// whole is `body`, an unknown key is named itself. A U+0000 in any string is refused here, once for every route:
// PostgreSQL cannot store it in text or JSONB, so it would otherwise surface as a 500 from the database.
import type { z } from 'zod';
import { AppError } from '../errors.ts';

/** What a failure names when it is about the input as a whole (not JSON, not an object, nothing to change). */
export const WHOLE_BODY = 'body';

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const nul = findNul(input);
  if (nul) {
    const field = formatPath(nul);
    throw AppError.validation(field, `${field}: must not contain the U+0000 (NUL) character`);
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // `.strict()` reports unknown keys on the object that holds them; the key itself is what to name.
  const path = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
  const field = formatPath(path) || WHOLE_BODY;
  throw AppError.validation(field, `${field}: ${issue.message}`);
}

/** A PATCH that changes nothing is a mistake by the caller, not a no-op to answer 200 (or a database error). */
export function parsePatch<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const patch = parseInput(schema, input);
  if (typeof patch === 'object' && patch !== null && Object.values(patch).every((value) => value === undefined)) {
    throw new AppError('empty_update', 400, 'body: send at least one field to change', WHOLE_BODY);
  }
  return patch;
}

/** A channel's or connector's config: credentials, ids and a template map fit many times over. */
export const MAX_CONFIG_BYTES = 64 * 1024;

/** JSON kept whole and read back often (clinic settings, channel and connector configs) has a ceiling: 413 naming it. */
export function assertJsonSize(field: string, value: unknown, maxBytes: number): void {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > maxBytes) {
    throw new AppError('too_large', 413, `${field}: ${Math.ceil(bytes / 1024)} KB of JSON, more than the ${Math.floor(maxBytes / 1024)} KB it may hold`, field);
  }
}

/** ['phones', 0] → 'phones[0]' as in the API contract's error example. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${printable(String(key))}` : printable(String(key))), '');
}

/** The path of the first string (value or key) holding a U+0000, or null. */
export function findNul(value: unknown, path: PropertyKey[] = [], depth = 0): PropertyKey[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || typeof value !== 'object' || value === null) return null;
  const entries: Array<[PropertyKey, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof key === 'string' && key.includes('\u0000')) return [...path, key];
    const found = findNul(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** A key holding a U+0000 is named with the character spelled out, so the answer itself stays storable text. */
function printable(key: string): string {
  return key.replaceAll('\u0000', '\\u0000');
}
