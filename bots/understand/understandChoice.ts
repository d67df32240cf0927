// Understands a patient's answer to a two-button question (reminder, rebooking offer, recall): the button they
// pressed, its number ("1", "2", 1️⃣) or free text that clearly means one of them. Anything unclear is null,
// and the flows hand such replies over to a person: a wrong guess costs more than a look from reception.
import { BOT_LOCALES, type BotLocale } from '../ports.ts';
import { normalizePhrase, normalizeReply } from './normalizeReply.ts';
import { NO_EMOJI, YES_EMOJI, vocabularyFor, type LocaleVocabulary, type Question } from './vocabulary.ts';

export type Choice = 'yes' | 'no';

export interface PatientReply {
  text?: string;
  /** The label (or payload) of a pressed quick-reply button. */
  button?: string;
}

/** Words we do not know that may surround a clear answer ("Sí, confirmo mañana") before it stops being clear. */
const MAX_UNKNOWN_WORDS = 1;

export function understandChoice(reply: PatientReply, locale: BotLocale, question: Question): Choice | null {
  if (reply.button !== undefined) {
    const pressed = matchButton(reply.button, question);
    if (pressed !== null) return pressed;
  }
  const text = reply.text ?? reply.button;
  if (text === undefined) return null;
  return understandText(text, vocabularyFor(locale), question);
}

function matchButton(button: string, question: Question): Choice | null {
  const pressed = normalizePhrase(button);
  if (pressed === 'yes' || pressed === '1') return 'yes';
  if (pressed === 'no' || pressed === '2') return 'no';
  // A template sent in one locale may be answered from another device language: accept every locale's label.
  for (const locale of BOT_LOCALES) {
    const [yesLabel, noLabel] = vocabularyFor(locale).buttons[question];
    if (pressed === normalizePhrase(yesLabel)) return 'yes';
    if (pressed === normalizePhrase(noLabel)) return 'no';
  }
  return null;
}

function understandText(text: string, vocabulary: LocaleVocabulary, question: Question): Choice | null {
  const reply = normalizeReply(text);
  if (reply.isQuestion) return null;
  const meanings = new Set<Choice>();
  const confirmsAlone = question === 'reminder' && (vocabulary.confirmAlone ?? []).some((entry) => normalizePhrase(entry) === reply.phrase);
  if (confirmsAlone) meanings.add('yes');
  let rest = confirmsAlone ? '' : ` ${reply.phrase} `;
  for (const [entry, choice] of entriesFor(vocabulary, question)) {
    const needle = ` ${entry} `;
    if (!rest.includes(needle)) continue;
    meanings.add(choice);
    rest = rest.split(needle).join('  ');
  }
  const ignorable = new Set(vocabulary.ignorable.map(normalizePhrase));
  let unknownWords = 0;
  for (const word of rest.split(' ').filter((part) => part.length > 0)) {
    if (word === '1') meanings.add('yes');
    else if (word === '2') meanings.add('no');
    else if (/^\d+$/.test(word)) return null;
    else if (!ignorable.has(word)) unknownWords += 1;
  }
  for (const emoji of reply.emoji) {
    if (YES_EMOJI.includes(emoji)) meanings.add('yes');
    if (NO_EMOJI.includes(emoji)) meanings.add('no');
  }
  if (meanings.size !== 1 || unknownWords > MAX_UNKNOWN_WORDS) return null;
  const [meaning] = meanings;
  return meaning ?? null;
}

/** Every entry with its meaning, normalised, longest phrase first so "no gracias" wins over "no". */
function entriesFor(vocabulary: LocaleVocabulary, question: Question): Array<[string, Choice]> {
  const [yesLabel, noLabel] = vocabulary.buttons[question];
  const yes = question === 'reminder' ? vocabulary.confirm : vocabulary.book;
  const no = question === 'reminder' ? vocabulary.cancel : vocabulary.decline;
  const entries: Array<[string, Choice]> = [
    ...[...vocabulary.yes, ...yes, yesLabel].map((entry): [string, Choice] => [normalizePhrase(entry), 'yes']),
    ...[...vocabulary.no, ...no, noLabel].map((entry): [string, Choice] => [normalizePhrase(entry), 'no']),
  ];
  return entries.sort(([a], [b]) => b.split(' ').length - a.split(' ').length);
}
