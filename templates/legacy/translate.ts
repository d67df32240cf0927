// Translates a template written for another product into Handlebars. Known tokens become merge fields;
// tokens with no equivalent stay in the text, visible, and are listed in unknownTokens.
import type { LegacyDialect } from './dialect.ts';
import { kalix } from './kalix.ts';
import { owl } from './owl.ts';
import { tuotempo } from './tuotempo.ts';

export type LegacySyntax = 'kalix' | 'tuotempo' | 'owl';

export interface LegacyTranslation {
  body: string;
  /** Tokens as written (e.g. "[NUTRITIONIXLINK]"), each once, in order of appearance. */
  unknownTokens: string[];
  /** The syntax used; "none" when auto-detection found no legacy token at all. */
  syntax: LegacySyntax | 'none';
}

const DIALECTS: Record<LegacySyntax, LegacyDialect> = { kalix, tuotempo, owl };

export function translateLegacy(syntax: LegacySyntax | 'auto', text: string): LegacyTranslation {
  const chosen = syntax === 'auto' ? detectLegacySyntax(text) : syntax;
  // Literal "{{" in imported text must not become Handlebars.
  const escaped = text.replace(/\{\{/g, '\\{{');
  if (chosen === 'none') return { body: escaped, unknownTokens: [], syntax: 'none' };
  const dialect = DIALECTS[chosen];
  const unknown = new Set<string>();
  const body = escaped.replace(dialect.pattern, (token: string, ...groups: unknown[]) => {
    // replace() passes the capture groups, then the offset (a number): keep only the groups.
    const captures = groups.slice(0, groups.findIndex((group) => typeof group === 'number'));
    const captured = captures.find((group): group is string => typeof group === 'string' && group !== '') ?? '';
    const field = dialect.fields[dialect.keyOf(captured)];
    if (field) return `{{${field}}}`;
    unknown.add(token);
    return token;
  });
  return { body, unknownTokens: [...unknown], syntax: chosen };
}

/** The syntax with the most tokens in the text; tuOtempO's [TRDn] is not counted as Kalix. */
export function detectLegacySyntax(text: string): LegacySyntax | 'none' {
  const counts: Array<[LegacySyntax, number]> = [
    ['tuotempo', countMatches(tuotempo.pattern, text)],
    ['owl', countMatches(owl.pattern, text)],
    ['kalix', countMatches(kalix.pattern, text.replace(tuotempo.pattern, ''))],
  ];
  const [best] = counts.sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : 'none';
}

/** The catalogue field a bare legacy name stands for ("CLIENTFIRSTNAME", "TRD3", "PRÉNOM-CLIENT"), if any. */
export function legacyFieldFor(name: string): string | undefined {
  for (const dialect of Object.values(DIALECTS)) {
    const field = dialect.fields[dialect.keyOf(name)];
    if (field) return field;
  }
  return undefined;
}

function countMatches(pattern: RegExp, text: string): number {
  return [...text.matchAll(new RegExp(pattern.source, pattern.flags))].length;
}
