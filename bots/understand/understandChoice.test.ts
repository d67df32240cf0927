import { describe, expect, it } from 'vitest';
import type { BotLocale } from '../ports.ts';
import { understandChoice, type Choice } from './understandChoice.ts';
import { BOT_LOCALES } from '../ports.ts';
import { vocabularyFor, type Question } from './vocabulary.ts';

type Row = [BotLocale, Question, string, Choice | null];

const TEXT_REPLIES: Row[] = [
  ['es', 'reminder', 'Sí', 'yes'],
  ['es', 'reminder', 'si', 'yes'],
  ['es', 'reminder', 'S', 'yes'],
  ['es', 'reminder', 'SI!!!', 'yes'],
  ['es', 'reminder', 'vale', 'yes'],
  ['es', 'reminder', 'Ok 👍', 'yes'],
  ['es', 'reminder', 'confirmo', 'yes'],
  ['es', 'reminder', 'Sí, confirmo la cita, gracias', 'yes'],
  ['es', 'reminder', '1', 'yes'],
  ['es', 'reminder', '1️⃣', 'yes'],
  ['es', 'reminder', '✅', 'yes'],
  ['es', 'reminder', '👍🏽', 'yes'],
  ['es', 'reminder', 'No', 'no'],
  ['es', 'reminder', 'n', 'no'],
  ['es', 'reminder', 'Cancelar', 'no'],
  ['es', 'reminder', 'quiero anular', 'no'],
  ['es', 'reminder', 'No podré ir, lo siento', 'no'],
  ['es', 'reminder', 'no puedo ir', 'no'],
  ['es', 'reminder', '2', 'no'],
  ['es', 'reminder', '❌', 'no'],
  ['es', 'reminder', '¿Me lo podéis cambiar al jueves?', null],
  ['es', 'reminder', 'Sí pero llegaré un poco tarde', null],
  ['es', 'reminder', 'sí no', null],
  ['es', 'reminder', '3', null],
  ['es', 'reminder', '', null],
  ['es', 'reminder', 'hola', null],
  // Seed 000: "Y/SÍ confirma". Alone, "Y" is that answer; inside a sentence it stays the conjunction "and".
  ['es', 'reminder', 'Y', 'yes'],
  ['es', 'reminder', 'y', 'yes'],
  ['es', 'reminder', 'Y.', 'yes'],
  ['es', 'reminder', ' y! ', 'yes'],
  ['es', 'reminder', 'y no', 'no'],
  ['es', 'reminder', 'Y cancelo', 'no'],
  ['es', 'reminder', 'Y ❌', null],
  ['es', 'reminder', 'y?', null],
  ['en', 'reminder', 'Yes', 'yes'],
  ['en', 'reminder', 'y', 'yes'],
  ['en', 'reminder', 'Confirmed, thanks!', 'yes'],
  ['en', 'reminder', "I'll be there", 'yes'],
  ['en', 'reminder', 'no problem', 'yes'],
  ['en', 'reminder', "Sorry, can't make it", 'no'],
  ['en', 'reminder', 'CANCEL', 'no'],
  ['en', 'reminder', 'what time was it?', null],
  ['it', 'reminder', 'Sì', 'yes'],
  ['it', 'reminder', 'Y', null],
  ['fr', 'reminder', 'Y', null],
  ['it', 'reminder', 'va bene, grazie', 'yes'],
  ['it', 'reminder', 'confermo', 'yes'],
  ['it', 'reminder', 'Disdico', 'no'],
  ['it', 'reminder', 'non posso venire', 'no'],
  ['fr', 'reminder', 'Oui', 'yes'],
  ['fr', 'reminder', "D'accord", 'yes'],
  ['fr', 'reminder', 'je confirme', 'yes'],
  ['fr', 'reminder', 'Non', 'no'],
  ['fr', 'reminder', 'annuler svp', 'no'],
  ['es', 'recall', 'Agendar cita', 'yes'],
  ['es', 'recall', 'sí, quiero cita', 'yes'],
  ['es', 'recall', 'no gracias', 'no'],
  ['es', 'recall', 'No, gracias.', 'no'],
  ['es', 'recall', 'no quiero cita', 'no'],
  ['es', 'recall', '1', 'yes'],
  ['es', 'recall', '2', 'no'],
  ['es', 'recall', '1. Agendar cita', 'yes'],
  ['es', 'recall', '¿Cuánto cuesta la limpieza?', null],
  ['es', 'recall', 'Estoy de viaje hasta agosto', null],
  ['en', 'recall', 'Book appointment', 'yes'],
  ['en', 'recall', 'yes please', 'yes'],
  ['en', 'recall', 'No thanks', 'no'],
  ['en', 'recall', 'not interested', 'no'],
  ['it', 'recall', 'Prenota visita', 'yes'],
  ['it', 'recall', 'sì, voglio un appuntamento', 'yes'],
  ['it', 'recall', 'No grazie', 'no'],
  ['fr', 'recall', 'Prendre rendez-vous', 'yes'],
  ['fr', 'recall', 'oui je veux un rdv', 'yes'],
  ['fr', 'recall', 'Non merci', 'no'],
  ['es', 'rebook', 'sí por favor', 'yes'],
  ['es', 'rebook', 'quiero otra cita', 'yes'],
  ['es', 'rebook', 'no, gracias', 'no'],
  ['en', 'rebook', 'yes', 'yes'],
  ['it', 'rebook', 'no grazie', 'no'],
  ['fr', 'rebook', 'oui', 'yes'],
];

describe('understandChoice', () => {
  it.each(TEXT_REPLIES)('when a %s patient answers the %s question with %j, then it means %s', (locale, question, text, expected) => {
    expect(understandChoice({ text }, locale, question)).toBe(expected);
  });

  it.each<[Question, string, Choice]>([
    ['recall', 'Agendar cita', 'yes'],
    ['recall', 'No gracias', 'no'],
    ['recall', 'Book appointment', 'yes'],
    ['reminder', 'Confirmar', 'yes'],
    ['reminder', 'Cancelar', 'no'],
    ['rebook', 'Sí', 'yes'],
  ])('when the patient presses the %s button %j, then it means %s', (question, button, expected) => {
    expect(understandChoice({ button }, 'es', question)).toBe(expected);
  });

  it('when a pressed button carries a label we do not know, then its text is read like a typed reply', () => {
    expect(understandChoice({ button: 'Sí, quiero' }, 'es', 'recall')).toBe('yes');
    expect(understandChoice({ button: 'Llamadme' }, 'es', 'recall')).toBeNull();
  });

  const LABELS = BOT_LOCALES.flatMap((locale) =>
    (['reminder', 'rebook', 'recall'] as const).map((question) => {
      const [yes, no] = vocabularyFor(locale).buttons[question];
      return { locale, question, yes, no };
    }),
  );
  it.each(LABELS)('when a $locale patient types the $question labels "$yes" / "$no" or their numbers, then they mean yes / no', ({ locale, question, yes, no }) => {
    expect(understandChoice({ text: yes }, locale, question)).toBe('yes');
    expect(understandChoice({ text: no }, locale, question)).toBe('no');
    expect(understandChoice({ text: `1. ${yes}` }, locale, question)).toBe('yes');
    expect(understandChoice({ text: '2' }, locale, question)).toBe('no');
    expect(understandChoice({ text: yes.toUpperCase() }, locale, question)).toBe('yes');
  });
});
