// How a patient confirms or cancels, per channel and language. Fragments meant to be joined with
// "o / or / o / ou": "{{instructions.confirm}} o {{instructions.cancel}}."
// The keywords (SÍ/NO, YES/NO, SÌ/NO, OUI/NON) and keypad digits (1 confirm, 2 cancel) are what the
// reminder bot understands; change them together. Italian SMS writes "SI" without the accent: "Ì" is not
// GSM-7 and would make every Italian reminder UCS-2 (70 characters per SMS instead of 160).
import type { Channel, Locale } from './types.ts';

type Instructions = { confirm: string; cancel: string };

const INSTRUCTIONS: Record<Locale, Record<Channel, Instructions>> = {
  es: {
    sms: { confirm: 'Responda SÍ para confirmar', cancel: 'NO para cancelar' },
    whatsapp: { confirm: 'Pulsa «Confirmar» para confirmar', cancel: '«Cancelar» para anular la cita' },
    email: { confirm: 'Responda a este correo con SÍ para confirmar', cancel: 'con NO para cancelar' },
    voice: { confirm: 'pulse 1 para confirmar', cancel: '2 para cancelar' },
  },
  en: {
    sms: { confirm: 'Reply YES to confirm', cancel: 'NO to cancel' },
    whatsapp: { confirm: 'Tap "Confirm" to confirm', cancel: '"Cancel" to cancel' },
    email: { confirm: 'Reply to this email with YES to confirm', cancel: 'NO to cancel' },
    voice: { confirm: 'press 1 to confirm', cancel: '2 to cancel' },
  },
  it: {
    sms: { confirm: 'Risponda SI per confermare', cancel: 'NO per disdire' },
    whatsapp: { confirm: 'Prema «Confermo» per confermare', cancel: '«Disdico» per disdire' },
    email: { confirm: 'Risponda a questa email con SÌ per confermare', cancel: 'NO per disdire' },
    voice: { confirm: 'prema 1 per confermare', cancel: '2 per disdire' },
  },
  fr: {
    sms: { confirm: 'Répondez OUI pour confirmer', cancel: 'NON pour annuler' },
    whatsapp: { confirm: 'Appuyez sur « Confirmer » pour confirmer', cancel: 'sur « Annuler » pour annuler' },
    email: { confirm: 'Répondez à cet e-mail par OUI pour confirmer', cancel: 'NON pour annuler' },
    voice: { confirm: 'tapez 1 pour confirmer', cancel: '2 pour annuler' },
  },
};

export function confirmCancelInstructions(channel: Channel, locale: Locale): Instructions {
  return INSTRUCTIONS[locale][channel];
}
