// Staff read the server's refusals in their language: every code the inbox words has its words in es/en/it/fr,
// and the codes introduced for bad input (empty_update, too_large, provider_error) are among them.
import { describe, expect, it } from 'vitest';
import { errorText, errorTexts } from '../../inbox-ui/src/lib/i18n/errors.ts';
import { LANGS } from '../../inbox-ui/src/lib/i18n/langs.ts';

describe('error texts', () => {
  it('when a language is added or a code worded, then every language words the same codes as Spanish', () => {
    const spanish = Object.keys(errorTexts.es).sort();
    for (const lang of LANGS) expect(Object.keys(errorTexts[lang]).sort(), lang).toEqual(spanish);
    expect(spanish).toEqual(expect.arrayContaining(['empty_update', 'too_large', 'provider_error', 'invalid_json']));
  });

  it('when the server refuses with a worded code, then staff read it in their language; other codes keep the server message', () => {
    const tooLarge = { code: 'too_large', field: 'settings', message: 'settings: 900 KB of JSON, more than the 64 KB it may hold' };
    expect(errorText('es', tooLarge)).toBe('«settings» es demasiado grande para guardarlo (máximo 64 KB).');
    expect(errorText('fr', { code: 'empty_update', field: 'body', message: 'body: send at least one field to change' })).toBe('Il n’y a aucune modification à enregistrer.');
    expect(errorText('it', { code: 'validation_failed', field: 'text', message: 'text: must not contain the U+0000 (NUL) character' })).toBe('text: must not contain the U+0000 (NUL) character');
    expect(errorText('en', 'plain failure')).toBe('plain failure');
  });
});
