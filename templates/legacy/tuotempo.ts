// tuOtempO-style variables [TRD0]…[TRD39], also written bare ("Caro TRD3"), per the legend in seed 001.
import type { LegacyDialect } from './dialect.ts';

export const tuotempo: LegacyDialect = {
  syntax: 'tuotempo',
  pattern: /\[(TRD\d{1,2})\]|\b(TRD\d{1,2})\b/g,
  keyOf: (captured) => captured,
  fields: {
    TRD0: 'clinic.name',
    TRD1: 'clinic.phone',
    TRD38: 'clinic.website',
    TRD3: 'patient.firstName',
    TRD4: 'patient.lastName',
    TRD35: 'patient.phone', // "Cellulare"
    TRD36: null, // patient's postal address: not part of our patient record
    TRD5: 'provider.name', // "Risorsa: nome completo"
    TRD6: null, // provider's address: providers have no address here
    TRD7: 'provider.phone',
    TRD8: 'appointment.date', // gg/mm/aaaa
    TRD26: 'appointment.shortDate', // gg/mm
    TRD31: 'appointment.longDate', // "Lunedì 3 Giugno"
    TRD32: 'appointment.month',
    TRD25: 'appointment.weekday',
    TRD33: 'appointment.day',
    TRD9: 'appointment.startTime',
    TRD10: 'appointment.endTime',
    TRD11: 'appointment.service', // "Prestazione"
    TRD12: 'appointment.price',
    TRD13: 'appointment.duration',
    // The legend says TRD14 = notes and TRD23 = preparation; the article's prose once says to use TRD14 for
    // the preparation. We follow the legend.
    TRD14: 'appointment.notes',
    TRD23: 'appointment.preparation',
    TRD37: null, // "Gruppo": no equivalent
    TRD39: null, // "Tariffario" (price list): no equivalent
    TRD24: 'location.notes', // "Agenda: note", the notes of the sede
    TRD27: 'location.name', // "Sede"
    TRD28: 'location.city', // "Località"
    TRD29: 'location.phone',
    TRD30: 'location.address',
  },
};
