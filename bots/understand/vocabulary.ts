// The words each locale uses to answer the bots' questions. Entries may carry accents and apostrophes: they are
// normalised like the patient's reply before comparing. Multi-word entries are matched as phrases first.
import type { BotLocale } from '../ports.ts';
import { es } from './locales/es.ts';
import { en } from './locales/en.ts';
import { it } from './locales/it.ts';
import { fr } from './locales/fr.ts';

/** A question the bots ask with two answers: the first button means "yes", the second "no". */
export type Question = 'reminder' | 'rebook' | 'recall';

export interface LocaleVocabulary {
  /** Plain agreement / refusal, valid for every question. */
  yes: string[];
  no: string[];
  /** Reminder: confirm or cancel the appointment. */
  confirm: string[];
  cancel: string[];
  /**
   * Reminder: confirms only when it is the whole reply. Spanish "y" is the conjunction "and" inside a sentence,
   * but SMS reminders of the kind the clinics come from document "Y" as yes (seed 000: "Y/SÍ confirma").
   */
  confirmAlone?: string[];
  /** Recall and rebooking offer: wants an appointment, or declines. */
  book: string[];
  decline: string[];
  /** Greetings, thanks, articles: they neither add nor change meaning. */
  ignorable: string[];
  /** Quick-reply labels in button order (yes, no). */
  buttons: Record<Question, readonly [string, string]>;
  /** "one" … "five", for survey scores. */
  numberWords: readonly [string, string, string, string, string];
  /** "stars", "points", "out of"…, allowed around a survey score. */
  scoreWords: string[];
}

const VOCABULARIES: Record<BotLocale, LocaleVocabulary> = { es, en, it, fr };

export function vocabularyFor(locale: BotLocale): LocaleVocabulary {
  return VOCABULARIES[locale];
}

export const YES_EMOJI = ['✅', '✔', '☑', '👍', '👌', '🆗', '🙆'];
export const NO_EMOJI = ['❌', '✖', '❎', '👎', '🚫', '⛔', '🙅'];
