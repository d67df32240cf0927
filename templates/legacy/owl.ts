// Owl-style macros between underscores, e.g. _PRÉNOM-CLIENT_ or _NOM DU THÉRAPEUTE_ (seed 002).
// Words may be joined by spaces, hyphens or underscores; the key normalises all three to "-".
import type { LegacyDialect } from './dialect.ts';

const WORD = "[A-ZÀ-ÖØ-Þ0-9'’]+";

export const owl: LegacyDialect = {
  syntax: 'owl',
  pattern: new RegExp(`_(${WORD}(?:[ _-]${WORD})*)_`, 'g'),
  keyOf: (captured) => captured.toUpperCase().replace(/[ _-]+/g, '-').replace(/’/g, "'"),
  fields: {
    'NOM-DU-BÉNÉFICIAIRE': 'patient.fullName', // the message's recipient: the client
    'APT-END-DATE': 'appointment.endDate',
    'APT-END-TIME': 'appointment.endTime',
    "DATE-DE-DÉBUT-D'APT": 'appointment.date',
    'APT-START-TIME': 'appointment.startTime',
    'NOM-DU-CLIENT': 'patient.fullName',
    'NOM-DE-LA-CLINIQUE': 'clinic.name',
    'COURRIEL-DU-THÉRAPEUTE': 'provider.email',
    'NOM-DU-THÉRAPEUTE': 'provider.name',
    'FUSEAU-HORAIRE': 'clinic.timezone',
    ACTION: null, // Owl fills in what happened to the session; our events each have their own template
    'MONTANT-FACTURÉ': 'appointment.price',
    'PRÉNOM-CLIENT': 'patient.firstName',
    DURÉE: 'appointment.duration',
    'ADRESSE-LIEU': 'location.address',
    'LOCALISATION-CODE-RÉGIONAL': null, // a regional code of the location: no equivalent field
    'LIEU-VILLE': 'location.city',
    'LIEU-PAYS': 'location.country',
    'NOM-DE-LIEU': 'location.name',
    'LOCALISATION-RÉGION': 'location.region',
    'NOM-DE-LA-SALLE': 'appointment.room',
    'NOM-DU-SERVICE': 'appointment.service',
  },
};
