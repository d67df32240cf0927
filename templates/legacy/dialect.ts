// How a legacy merge syntax looks and what each of its tokens means in our catalogue.
// How to add a syntax: write a LegacyDialect file next to this one and list it in translate.ts.

export interface LegacyDialect {
  syntax: string;
  /** Global regex matching one token; capture group 1 is what `keyOf` normalises. */
  pattern: RegExp;
  keyOf(captured: string): string;
  /** Token key → catalogue field, or null when the token has no equivalent (it is then reported). */
  fields: Readonly<Record<string, string | null>>;
}
