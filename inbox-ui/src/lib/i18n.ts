// Every word of the inbox, Spanish first, then English, Italian and French. Each language's base dictionary
// must have every key of the Spanish one (`Dictionary`): a missing key is a type error, not a blank on screen.
// Feature pages with many words of their own keep them beside the feature (recalls/recallsText.ts,
// settings/connectors/connectorsText.ts, settings/automations/automationsText.ts,
// settings/businessHours/businessHoursText.ts, i18n/daily.ts, i18n/errors.ts, i18n/twoFactor.ts), typed the same way:
// `Record<Lang, …Text>`.
import { en } from './i18n/en.ts';
import { es, type Dictionary } from './i18n/es.ts';
import { fr } from './i18n/fr.ts';
import { it } from './i18n/it.ts';
import type { Lang } from './i18n/langs.ts';

export { LANGS, LANG_NAMES, LANGUAGE_SWITCH_LABEL, isLang, type Lang } from './i18n/langs.ts';
export { dailyDictionaries, dailyText, type DailyDictionary } from './i18n/daily.ts';
export { errorText, errorTexts } from './i18n/errors.ts';
export type { Dictionary };

export const dictionaries: Record<Lang, Dictionary> = { es, en, it, fr };

/** The words for a code the server sent (a status, a channel type); the code itself when it is new to the UI. */
export function labelOf(labels: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (!code) return '';
  return Object.hasOwn(labels, code) ? (labels[code] ?? code) : code.replace(/_/g, ' ');
}

/** Why a conversation needs a person, in words. */
export function reasonText(t: Dictionary, code: string | null): string {
  return labelOf(t.reasons, code);
}
