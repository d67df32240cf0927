import { describe, expect, it } from 'vitest';
import { buildMergeContext } from './context.ts';
import { mergeValuesOf, printedFields } from './merge-values.ts';
import { sampleMergeContext, sampleMergeInput } from './sample.ts';

describe('printedFields', () => {
  it('when a body prints fields inside and outside #if blocks, then each comes once in the order it is printed', () => {
    const body = 'Hola {{patient.firstName}}, {{#if appointment.service}}{{appointment.service}} {{/if}}el {{appointment.date}} a las {{appointment.startTime}}. ¡Adiós {{patient.firstName}}!';
    expect(printedFields(body)).toEqual(['patient.firstName', 'appointment.service', 'appointment.date', 'appointment.startTime']);
  });

  it('when a body lists appointments with #each, then the list items are not top-level fields', () => {
    expect(printedFields('{{clinic.name}}: {{#each appointments}}{{startTime}} {{/each}}{{location.name}}')).toEqual(['clinic.name', 'location.name']);
  });

  it('when a body does not parse, then it prints nothing', () => {
    expect(printedFields('Hola {{#if}}')).toEqual([]);
  });
});

describe('mergeValuesOf', () => {
  it('when a context is rendered, then every non-empty catalogue field has its value', () => {
    const merge = mergeValuesOf('Hola {{patient.firstName}}', sampleMergeContext('es'));
    expect(merge.fields).toEqual(['patient.firstName']);
    expect(merge.values).toMatchObject({ 'patient.firstName': 'Bob', 'appointment.date': '03/06/2026', 'appointment.startTime': '9:30', 'clinic.name': 'Clínica Sonrisa' });
  });

  it('when a field is empty, then it is left out of the values', () => {
    const context = buildMergeContext({ ...sampleMergeInput('es'), recall: null });
    expect(mergeValuesOf('', context).values).not.toHaveProperty('recall.reason');
  });
});
