// The languages the inbox speaks, in the product's order: Spanish first, then English, Italian and French.
export const LANGS = ['es', 'en', 'it', 'fr'] as const;
export type Lang = (typeof LANGS)[number];

/** Each language named in itself, as the language switch offers it. */
export const LANG_NAMES: Record<Lang, string> = { es: 'Español', en: 'English', it: 'Italiano', fr: 'Français' };

/** The switch is labelled in every language at once, so whoever picked the wrong one can find the way back. */
export const LANGUAGE_SWITCH_LABEL = 'Idioma · Language · Lingua · Langue';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && LANGS.some((lang) => lang === value);
}
