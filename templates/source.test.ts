import { describe, expect, it } from 'vitest';
import { formatTemplateSource, parseTemplateSource } from './source.ts';

describe('template source convention', () => {
  it('when a file has front matter, then subject, buttons and body are separated', () => {
    const parsed = parseTemplateSource('---\nsubject: Hola {{patient.firstName}}\nbuttons: Agendar cita | No gracias\n---\nCuerpo\n\nfin\n');
    expect(parsed).toEqual({ subject: 'Hola {{patient.firstName}}', buttons: ['Agendar cita', 'No gracias'], body: 'Cuerpo\n\nfin' });
  });

  it('when a file has no front matter, then it is all body', () => {
    expect(parseTemplateSource('Solo texto\n')).toEqual({ body: 'Solo texto' });
  });

  it('when the front matter is unclosed or has an unknown key, then parsing fails naming the problem', () => {
    expect(() => parseTemplateSource('---\nsubject: x\nCuerpo')).toThrow(/not closed/);
    expect(() => parseTemplateSource('---\nfrom: x\n---\nCuerpo')).toThrow(/from: x/);
  });

  it('when a definition is formatted and parsed again, then it is unchanged', () => {
    const template = { subject: 'Asunto', buttons: ['Sí', 'No'], body: 'Hola\nadiós' };
    expect(parseTemplateSource(formatTemplateSource(template))).toEqual(template);
    expect(formatTemplateSource({ body: 'Hola' })).toBe('Hola\n');
  });
});
