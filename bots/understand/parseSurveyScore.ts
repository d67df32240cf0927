// A satisfaction score from 1 to 5: "4", "5 estrellas", "4/5", "cuatro", ⭐⭐⭐⭐, 4️⃣. Anything else is null.
import type { BotLocale } from '../ports.ts';
import { normalizePhrase, normalizeReply } from './normalizeReply.ts';
import { vocabularyFor } from './vocabulary.ts';

const STAR = '⭐';
const STAR_EMOJI = new Set([STAR, '🌟']);

export function parseSurveyScore(text: string, locale: BotLocale): number | null {
  const reply = normalizeReply(text);
  const vocabulary = vocabularyFor(locale);
  const numberWords = vocabulary.numberWords.map(normalizePhrase);
  const allowed = new Set([...vocabulary.scoreWords, ...vocabulary.ignorable].map(normalizePhrase));
  const scores: number[] = [];
  for (const word of reply.words) {
    const spelled = numberWords.indexOf(word);
    if (/^\d+$/.test(word)) scores.push(Number(word));
    else if (spelled >= 0) scores.push(spelled + 1);
    else if (!allowed.has(word)) return null;
  }
  const stars = reply.emoji.filter((emoji) => STAR_EMOJI.has(emoji)).length;
  if (stars > 0) scores.push(stars);
  // "4/5", "4 de 5", "4 out of 5": the trailing 5 is the scale, not a second score.
  if (scores.length === 2 && scores[1] === 5 && stars === 0) scores.pop();
  const [score] = scores;
  if (scores.length !== 1 || score === undefined || score < 1 || score > 5) return null;
  return score;
}
