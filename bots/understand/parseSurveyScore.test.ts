import { describe, expect, it } from 'vitest';
import type { BotLocale } from '../ports.ts';
import { parseSurveyScore } from './parseSurveyScore.ts';

const ROWS: Array<[BotLocale, string, number | null]> = [
  ['es', '5', 5],
  ['es', '1', 1],
  ['es', '5 estrellas', 5],
  ['es', 'un 4', 4],
  ['es', '4/5', 4],
  ['es', '3 de 5', 3],
  ['es', 'cuatro', 4],
  ['es', '⭐⭐⭐⭐', 4],
  ['es', '★★', 2],
  ['es', '4️⃣', 4],
  ['es', '5!! gracias', 5],
  ['es', '0', null],
  ['es', '6', null],
  ['es', '10', null],
  ['es', '3 o 4', null],
  ['es', 'muy bien todo', null],
  ['en', '4 stars', 4],
  ['en', 'five', 5],
  ['en', '2 out of 5', 2],
  ['it', '5 stelle', 5],
  ['it', 'tre', 3],
  ['fr', '5 étoiles', 5],
  ['fr', 'quatre sur 5', 4],
];

describe('parseSurveyScore', () => {
  it.each(ROWS)('when a %s patient answers %j, then the score is %s', (locale, text, expected) => {
    expect(parseSurveyScore(text, locale)).toBe(expected);
  });
});
