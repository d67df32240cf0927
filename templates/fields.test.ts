import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APPOINTMENT_ITEM_FIELDS, MERGE_FIELDS } from './fields.ts';

describe('merge-field catalogue', () => {
  it('when the README is read, then every catalogue field is documented in its table', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    for (const field of MERGE_FIELDS) expect(readme, field.name).toContain(`| \`{{${field.name}}}\` |`);
    for (const field of APPOINTMENT_ITEM_FIELDS) expect(readme, field.name).toContain(`| \`{{${field.name.slice('appointments.'.length)}}}\` |`);
  });

  it('when fields are listed, then names are unique and each has a Spanish and English description', () => {
    const names = MERGE_FIELDS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const field of MERGE_FIELDS) expect(field.description.es && field.description.en, field.name).toBeTruthy();
  });
});
