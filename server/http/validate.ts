// zod at the edge: every input is parsed here, and a failure names the offending field.
import type { z } from 'zod';
import { AppError } from '../errors.ts';

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = formatPath(issue.path);
  const message = field ? `${field}: ${issue.message}` : issue.message;
  throw AppError.validation(field, message);
}

/** ['phones', 0] → 'phones[0]' as in the API contract's error example. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}
