// A provider's payload is never refused for a stray U+0000 (PostgreSQL cannot store one in text or JSONB): the
// character is removed and the rest kept, so a patient's message is never lost. API input is refused instead
// (server/http/validate.ts): a person can fix what they send, a provider cannot.
export type Stripped<T> = { value: T; removed: number };

export function stripNul<T>(value: T): Stripped<T> {
  let removed = 0;
  const clean = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') {
      if (!item.includes('\u0000')) return item;
      removed += item.split('\u0000').length - 1;
      return item.replaceAll('\u0000', '');
    }
    if (depth > 32 || typeof item !== 'object' || item === null || item instanceof Date || Buffer.isBuffer(item)) return item;
    if (Array.isArray(item)) return item.map((entry) => clean(entry, depth + 1));
    return Object.fromEntries(Object.entries(item).map(([key, entry]) => [clean(key, depth + 1), clean(entry, depth + 1)]));
  };
  const result = clean(value, 0);
  // Only a copy that really changed replaces the original (class instances and untouched values pass as they are).
  return removed === 0 ? { value, removed } : { value: result as T, removed };
}
