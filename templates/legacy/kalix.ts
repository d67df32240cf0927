// Kalix-style merge fields: upper case in square brackets, e.g. [CLIENTFIRSTNAME] (seed 000).
import type { LegacyDialect } from './dialect.ts';

export const kalix: LegacyDialect = {
  syntax: 'kalix',
  pattern: /\[([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9_]*)\]/g,
  keyOf: (captured) => captured,
  fields: {
    APPOINTMENT: 'appointment.dateTime', // "la hora y la fecha de la cita"
    CLIENTFIRSTNAME: 'patient.firstName',
    CLINICIAN: 'provider.name',
    CLINICIANPHONE: 'provider.phone',
    APPOINTMENTTYPE: 'appointment.service',
    LOCATION: 'location.name',
    UBICACIÓN: 'location.name',
    UBICACION: 'location.name',
    LOCATIONADDRESS: 'location.address',
    NUTRITIONIXLINK: null, // a third-party sign-up link we do not have
  },
};
