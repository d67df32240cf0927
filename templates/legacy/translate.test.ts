import { describe, expect, it } from 'vitest';
import { ROOT_FIELD_NAMES } from '../fields.ts';
import { renderTemplate } from '../render.ts';
import { sampleMergeContext } from '../sample.ts';
import { validateTemplate } from '../validate.ts';
import { detectLegacySyntax, translateLegacy, type LegacySyntax } from './translate.ts';

// Every token the seeds list (000 Kalix, 001 tuOtempO legend, 002 Owl), plus [LOCATION] from the issue.
const SEED_TOKENS: Record<LegacySyntax, string[]> = {
  kalix: ['[APPOINTMENT]', '[CLIENTFIRSTNAME]', '[CLINICIAN]', '[CLINICIANPHONE]', '[APPOINTMENTTYPE]', '[LOCATION]', '[UBICACIÓN]', '[LOCATIONADDRESS]', '[NUTRITIONIXLINK]'],
  tuotempo: [0, 1, 38, 3, 4, 35, 36, 5, 6, 7, 8, 26, 31, 32, 25, 33, 9, 10, 11, 12, 13, 14, 23, 37, 39, 24, 27, 28, 29, 30].map((n) => `[TRD${n}]`),
  owl: [
    '_NOM_DU_BÉNÉFICIAIRE_', '_APT-END-DATE_', '_APT-END-TIME_', "_DATE DE DÉBUT D'APT_", '_APT-START-TIME_', '_NOM-DU-CLIENT_', '_NOM DE LA CLINIQUE_',
    '_COURRIEL DU THÉRAPEUTE_', '_NOM DU THÉRAPEUTE_', '_FUSEAU HORAIRE_', '_ACTION_', '_MONTANT FACTURÉ_', '_PRÉNOM-CLIENT_', '_DURÉE_', '_ADRESSE-LIEU_',
    '_LOCALISATION-CODE-RÉGIONAL_', '_LIEU-VILLE_', '_LIEU-PAYS_', '_NOM-DE-LIEU_', '_LOCALISATION-RÉGION_', '_NOM DE LA SALLE_', '_NOM DU SERVICE_',
  ],
};

const NO_EQUIVALENT = ['[NUTRITIONIXLINK]', '[TRD36]', '[TRD6]', '[TRD37]', '[TRD39]', '_ACTION_', '_LOCALISATION-CODE-RÉGIONAL_'];

const cases = Object.entries(SEED_TOKENS).flatMap(([syntax, tokens]) => tokens.map((token) => ({ syntax, token })));

describe('translateLegacy', () => {
  it.each(cases)('when the $syntax token $token is imported, then it maps to a catalogue field or is reported and left visible', ({ token }) => {
    const result = translateLegacy('auto', `Hola ${token} adiós`);
    if (NO_EQUIVALENT.includes(token)) {
      expect(result.unknownTokens).toEqual([token]);
      expect(result.body).toBe(`Hola ${token} adiós`);
      return;
    }
    expect(result.unknownTokens).toEqual([]);
    const field = /^Hola \{\{([\w.]+)\}\} adiós$/.exec(result.body)?.[1];
    expect(field && ROOT_FIELD_NAMES.has(field), `${token} → ${result.body}`).toBe(true);
  });

  it('when a Kalix reminder is imported, then it becomes a valid template that renders for Bob', () => {
    const result = translateLegacy('auto', 'Hola [CLIENTFIRSTNAME], le recordamos su cita [APPOINTMENT] con [CLINICIAN] ([CLINICIANPHONE]) en [UBICACIÓN], [LOCATIONADDRESS].');
    expect(result.syntax).toBe('kalix');
    expect(result.body).toBe('Hola {{patient.firstName}}, le recordamos su cita {{appointment.dateTime}} con {{provider.name}} ({{provider.phone}}) en {{location.name}}, {{location.address}}.');
    expect(validateTemplate(result.body, { channel: 'email', locale: 'es' }).issues.filter((i) => i.code !== 'limit_exceeded')).toEqual([]);
    expect(renderTemplate(result.body, sampleMergeContext('es'), { channel: 'sms', locale: 'es' }).text).toContain('Hola Bob, le recordamos su cita miércoles 3 de junio a las 9:30');
  });

  it('when tuOtempO variables are written bare or in brackets, then TRD3 is the first name and TRD35 is not read as TRD3', () => {
    const result = translateLegacy('tuotempo', 'Caro TRD3 [TRD4], il [TRD31] alle TRD9. Cellulare: TRD35. Codice TRD2.');
    expect(result.body).toBe('Caro {{patient.firstName}} {{patient.lastName}}, il {{appointment.longDate}} alle {{appointment.startTime}}. Cellulare: {{patient.phone}}. Codice TRD2.');
    expect(result.unknownTokens).toEqual(['TRD2']);
    expect(renderTemplate(result.body, sampleMergeContext('it'), { channel: 'sms', locale: 'it' }).text).toMatch(/^Caro Bob Martini, il mercoledì 3 giugno alle 09:30/);
  });

  it('when tuOtempO preparation and location notes are imported, then they follow the legend (TRD23, TRD24)', () => {
    expect(translateLegacy('tuotempo', '[TRD23] [TRD24] [TRD14]').body).toBe('{{appointment.preparation}} {{location.notes}} {{appointment.notes}}');
  });

  it('when Owl macros sit next to each other or use spaces, then each is translated on its own', () => {
    const result = translateLegacy('owl', "Bonjour _PRÉNOM-CLIENT_ _DURÉE_, le _DATE DE DÉBUT D'APT_ à _APT-START-TIME_ avec _NOM DU THÉRAPEUTE_ (_ACTION_).");
    expect(result.body).toBe('Bonjour {{patient.firstName}} {{appointment.duration}}, le {{appointment.date}} à {{appointment.startTime}} avec {{provider.name}} (_ACTION_).');
    expect(result.unknownTokens).toEqual(['_ACTION_']);
  });

  it('when a token appears twice, then it is reported once', () => {
    expect(translateLegacy('kalix', '[FOO] y [FOO] y [BAR]').unknownTokens).toEqual(['[FOO]', '[BAR]']);
  });

  it('when the syntax is auto, then the syntax with the most tokens is chosen, and plain text is "none"', () => {
    expect(detectLegacySyntax('Hola [CLIENTFIRSTNAME] [CLINICIAN]')).toBe('kalix');
    expect(detectLegacySyntax('Caro [TRD3], [TRD31] [TRD9]')).toBe('tuotempo');
    expect(detectLegacySyntax('Bonjour _PRÉNOM-CLIENT_')).toBe('owl');
    expect(translateLegacy('auto', 'Hola, gracias')).toEqual({ body: 'Hola, gracias', unknownTokens: [], syntax: 'none' });
  });

  it('when the imported text contains literal braces, then they are escaped and not read as merge fields', () => {
    const result = translateLegacy('kalix', 'Precio {{promo}} para [CLIENTFIRSTNAME]');
    expect(renderTemplate(result.body, sampleMergeContext('es'), { channel: 'sms', locale: 'es' }).text).toBe('Precio {{promo}} para Bob');
    expect(validateTemplate(result.body, { channel: 'sms' }).ok).toBe(true);
  });
});
