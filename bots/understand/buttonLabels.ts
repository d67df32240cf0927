// The default quick-reply labels the bots offer, in button order (yes first). Clinics' templates may rename them;
// a pressed button is then understood by its number or its text.
import type { BotLocale } from '../ports.ts';
import { vocabularyFor, type Question } from './vocabulary.ts';

export function buttonLabels(locale: BotLocale, question: Question): string[] {
  return [...vocabularyFor(locale).buttons[question]];
}
