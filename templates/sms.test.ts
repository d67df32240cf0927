import { describe, expect, it } from 'vitest';
import { measureSms } from './sms.ts';

describe('measureSms', () => {
  it('when a GSM-7 text has 160 characters, then it is one segment with nothing left; at 161 it is two of 153', () => {
    expect(measureSms('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, charsLeft: 0 });
    expect(measureSms('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2, charsLeft: 153 * 2 - 161 });
  });

  it('when the text uses the GSM extension table (€, [, ]), then each of those characters counts double', () => {
    expect(measureSms('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', segments: 1, charsLeft: 0 });
    expect(measureSms(`${'€'.repeat(80)}a`)).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });

  it('when one character is outside GSM-7 (í), then the whole text is UCS-2 with 70 per SMS and 67 per part', () => {
    expect(measureSms('í'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1, charsLeft: 0, nonGsmCharacters: ['í'] });
    expect(measureSms('í'.repeat(71))).toMatchObject({ encoding: 'UCS-2', segments: 2, charsLeft: 67 * 2 - 71 });
  });

  it('when Spanish text uses only GSM letters (ñ, é, ¿, ¡), then it stays GSM-7', () => {
    expect(measureSms('¿Mañana? ¡Sí! miércoles').encoding).toBe('UCS-2');
    expect(measureSms('¿Mañana? ¡Vale! miércoles').encoding).toBe('GSM-7');
  });

  it('when the text is empty, then it takes no segment and a whole SMS is left', () => {
    expect(measureSms('')).toMatchObject({ encoding: 'GSM-7', segments: 0, charsLeft: 160 });
  });
});
