import { describe, expect, it } from 'vitest';
import { numberedReply } from './numbered-reply.ts';

const buttons = ['Agendar cita', 'No gracias'];

describe('numberedReply', () => {
  it('when the patient answers with the option number, then that button is picked', () => {
    expect(numberedReply('1', buttons)).toBe('Agendar cita');
    expect(numberedReply(' 2. ', buttons)).toBe('No gracias');
  });

  it('when the patient writes the number as a word in Spanish, English, Italian or French, then that button is picked', () => {
    expect(numberedReply('uno', buttons)).toBe('Agendar cita');
    expect(numberedReply('Dos', buttons)).toBe('No gracias');
    expect(numberedReply('two', buttons)).toBe('No gracias');
    expect(numberedReply('due', buttons)).toBe('No gracias');
    expect(numberedReply('deux', buttons)).toBe('No gracias');
  });

  it('when the patient writes the option text in another case or without accents, then that button is picked', () => {
    expect(numberedReply('agendar cita', buttons)).toBe('Agendar cita');
    expect(numberedReply('¡Sí!', ['Sí', 'No'])).toBe('Sí');
    expect(numberedReply('si', ['Sí', 'No'])).toBe('Sí');
  });

  it('when the answer is out of range or free text, then no button is picked', () => {
    expect(numberedReply('3', buttons)).toBeUndefined();
    expect(numberedReply('0', buttons)).toBeUndefined();
    expect(numberedReply('¿Puedo ir el martes?', buttons)).toBeUndefined();
    expect(numberedReply('', buttons)).toBeUndefined();
  });
});
