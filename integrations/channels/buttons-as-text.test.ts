import { describe, expect, it } from 'vitest';
import { buttonsAsText } from './buttons-as-text.ts';

describe('buttonsAsText', () => {
  it('when a message has buttons, then they follow the text as numbered options', () => {
    expect(buttonsAsText('¿Quieres una cita?', ['Agendar cita', 'No gracias'])).toBe('¿Quieres una cita?\n\n1. Agendar cita\n2. No gracias');
  });

  it('when a message has no buttons, then the text is unchanged', () => {
    expect(buttonsAsText('Hola', [])).toBe('Hola');
    expect(buttonsAsText('Hola', undefined)).toBe('Hola');
  });

  it('when the text is empty, then only the options are sent', () => {
    expect(buttonsAsText('', ['Sí', 'No'])).toBe('1. Sí\n2. No');
  });
});
