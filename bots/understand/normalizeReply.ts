// Turn a patient's reply into comparable pieces: lower case, no accents, no punctuation, emoji kept apart.
// "¡Sí, CONFIRMO! 👍🏽" → words ["si", "confirmo"], emoji ["👍"]. Keycap emoji (1️⃣) become plain digits.

export interface NormalizedReply {
  /** Words and numbers, accent-free, lower case, in order. */
  words: string[];
  /** Pictographic emoji, skin tones and variation selectors removed. */
  emoji: string[];
  /** The words joined by single spaces, for phrase matching. */
  phrase: string;
  isQuestion: boolean;
}

const EMOJI = /\p{Extended_Pictographic}/gu;
const SKIN_TONES = /[\u{1F3FB}-\u{1F3FF}]/gu;
const STAR_SIGNS = /[★☆]/gu;

export function normalizeReply(text: string): NormalizedReply {
  const isQuestion = text.includes('?') || text.includes('¿');
  // Decomposing strips accents and also the keycap/variation marks around digits and emoji.
  const plain = text.normalize('NFKD').replace(/\p{M}/gu, '').replace(SKIN_TONES, '').replace(STAR_SIGNS, '⭐').toLowerCase();
  const emoji = plain.match(EMOJI) ?? [];
  const withoutEmoji = plain
    .replace(EMOJI, ' ')
    // Apostrophes join ("can't" → "cant", "d'accord" → "daccord") rather than split.
    .replace(/['’`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ');
  const words = withoutEmoji.split(' ').filter((word) => word.length > 0);
  return { words, emoji, phrase: words.join(' '), isQuestion };
}

/** Accent-free lower-case form of a label or keyword, comparable with NormalizedReply.phrase. */
export function normalizePhrase(text: string): string {
  return normalizeReply(text).phrase;
}
