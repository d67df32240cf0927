// A sample patient ("Bob", as in the seed's test reminders) and appointment, so a template can be previewed
// and measured without a real appointment. Values are realistic in length so SMS segments count honestly.
import { buildMergeContext, type MergeContext, type MergeInput } from './context.ts';
import type { Channel, Locale } from './types.ts';

const LOCAL: Record<Locale, { clinic: string; lastName: string; service: string; notes: string; preparation: string; location: string; locationNotes: string; country: string; reason: string; second: string }> = {
  es: { clinic: 'Clínica Sonrisa', lastName: 'Martín', service: 'Limpieza dental', notes: 'Traiga su última radiografía.', preparation: 'No coma nada 2 horas antes.', location: 'Centro Chamberí', locationNotes: 'Pase por recepción al llegar.', country: 'España', reason: 'revisión anual', second: 'Revisión' },
  en: { clinic: 'Smile Dental Clinic', lastName: 'Martin', service: 'Dental cleaning', notes: 'Please bring your last X-ray.', preparation: 'Do not eat for 2 hours before.', location: 'Chamberí Centre', locationNotes: 'Please check in at reception.', country: 'Spain', reason: 'annual check-up', second: 'Check-up' },
  it: { clinic: 'Studio Dentistico Sorriso', lastName: 'Martini', service: 'Igiene dentale', notes: 'Porti la sua ultima radiografia.', preparation: 'Non mangi nelle 2 ore prima.', location: 'Sede Chamberí', locationNotes: 'Si presenti in accettazione.', country: 'Spagna', reason: 'controllo annuale', second: 'Controllo' },
  fr: { clinic: 'Cabinet Dentaire Sourire', lastName: 'Martin', service: 'Détartrage', notes: 'Apportez votre dernière radio.', preparation: 'Ne mangez rien 2 heures avant.', location: 'Centre Chamberí', locationNotes: "Présentez-vous à l'accueil.", country: 'Espagne', reason: 'contrôle annuel', second: 'Contrôle' },
};

/** Wednesday 3 June 2026, 9:30–10:00 in Madrid. */
export function sampleMergeInput(locale: Locale, channel: Channel = 'sms'): MergeInput {
  const l = LOCAL[locale];
  return {
    locale,
    channel,
    clinic: { name: l.clinic, timezone: 'Europe/Madrid', locale, phone: '+34911222000', website: 'https://clinicasonrisa.example', email: 'hola@clinicasonrisa.example', address: 'Calle Mayor 12, Madrid' },
    patient: { firstName: 'Bob', lastName: l.lastName, locale, phone: '+34600111222', email: 'bob@example.com' },
    appointment: { startsAt: '2026-06-03T07:30:00.000Z', endsAt: '2026-06-03T08:00:00.000Z', notes: l.notes, room: 'Gabinete 2' },
    provider: { name: 'Dra. Ana García', firstName: 'Ana', lastName: 'García', phone: '+34911222333', email: 'ana.garcia@example.com' },
    location: { name: l.location, address: 'Calle de Santa Engracia 14, Madrid', city: 'Madrid', region: 'Madrid', country: l.country, phone: '+34911222444', notes: l.locationNotes },
    service: { name: l.service, durationMinutes: 30, price: 45, preparation: l.preparation },
    appointments: [
      { startsAt: '2026-06-03T07:30:00.000Z', endsAt: '2026-06-03T08:00:00.000Z', service: l.service, provider: 'Dra. Ana García', location: l.location },
      { startsAt: '2026-06-03T08:15:00.000Z', endsAt: '2026-06-03T08:45:00.000Z', service: l.second, provider: 'Dr. Luis Pérez', location: l.location },
    ],
    recall: { reason: l.reason, dueDate: '2026-06-15T10:00:00.000Z' },
    extras: { bookingUrl: 'https://clinicasonrisa.example/citas', reviewUrl: 'https://g.page/r/clinicasonrisa/review', delayMinutes: 20 },
  };
}

export function sampleMergeContext(locale: Locale, channel: Channel = 'sms'): MergeContext {
  return buildMergeContext(sampleMergeInput(locale, channel));
}
