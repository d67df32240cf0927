import { describe, expect, it } from 'vitest';
import { normalizeReply } from './normalizeReply.ts';

describe('normalizeReply', () => {
  it('when a reply has accents, capitals, punctuation and a toned emoji, then words and emoji come out plain', () => {
    expect(normalizeReply('¡Sí, CONFIRMO! 👍🏽')).toEqual({ words: ['si', 'confirmo'], emoji: ['👍'], phrase: 'si confirmo', isQuestion: false });
  });

  it('when a reply is a keycap emoji, then it becomes the digit', () => {
    expect(normalizeReply('2️⃣').words).toEqual(['2']);
  });

  it('when words carry apostrophes, then they are joined rather than split', () => {
    expect(normalizeReply("D’accord, I can't").phrase).toBe('daccord i cant');
  });

  it('when the reply asks something, then it is marked as a question', () => {
    expect(normalizeReply('¿Y el jueves').isQuestion).toBe(true);
  });
});
