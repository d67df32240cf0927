import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLINIKO_CONFIRMED_NOTE, linkedId, mapClinikoRecord } from './cliniko-mapper.ts';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));

describe('Cliniko mapper', () => {
  it('when a patient has several phone numbers, then mobiles come first, fax and repeats are left out and names are trimmed', () => {
    expect(mapClinikoRecord('patients', fixture('patient'))).toEqual({
      record: { externalId: '1390710863102485699', firstName: 'Lucía', lastName: 'García Pérez', phones: ['612 34 56 78', '91 555 12 34'], email: 'lucia@example.es', country: 'Spain' },
      updatedAt: '2026-11-20T08:15:00Z',
    });
  });

  it('when a patient has no phone numbers or an empty e-mail, then phones is empty and the e-mail null', () => {
    expect(mapClinikoRecord('patients', { ...fixture('patient'), patient_phone_numbers: [], email: '', country: '' })).toMatchObject({ record: { phones: [], email: null, country: null } });
    expect(mapClinikoRecord('patients', { ...fixture('patient'), patient_phone_numbers: null })).toMatchObject({ record: { phones: [] } });
  });

  it('when a patient is archived, then it is a rejected row saying so', () => {
    expect(mapClinikoRecord('patients', { ...fixture('patient'), archived_at: '2026-11-30T10:00:00Z' })).toMatchObject({
      rejected: { externalId: '1390710863102485699', message: 'archived_at: the patient is archived in Cliniko' },
    });
  });

  it('when a practitioner, business and appointment type are read, then they become a provider, a location and a service with its duration', () => {
    expect(mapClinikoRecord('providers', fixture('practitioner'))).toMatchObject({ record: { externalId: '1390053863163176768', firstName: 'Elena', lastName: 'Ruiz', phone: null, email: null } });
    expect(mapClinikoRecord('locations', fixture('business'))).toMatchObject({
      record: { externalId: '1390053865344214699', name: 'Clínica Sonrisa Centro', address: 'Calle Mayor 1, 28013, Madrid', phone: null },
    });
    expect(mapClinikoRecord('services', fixture('appointment-type'))).toMatchObject({ record: { externalId: '1390053865100944805', name: 'Limpieza dental', durationMinutes: 30 } });
  });

  it('when an individual appointment is booked, then its links become external ids and it is scheduled', () => {
    expect(mapClinikoRecord('appointments', fixture('individual-appointment'))).toEqual({
      record: {
        externalId: '1390726237298631770',
        patientExternalId: '1390710863102485699',
        providerExternalId: '1390053863163176768',
        locationExternalId: '1390053865344214699',
        serviceExternalId: '1390053865100944805',
        startsAt: '2026-12-10T09:00:00.000Z',
        endsAt: '2026-12-10T09:30:00.000Z',
        status: 'scheduled',
        notes: 'Traer radiografías',
      },
      updatedAt: '2026-11-21T07:30:12Z',
    });
  });

  it.each([
    [{ cancelled_at: '2026-11-22T10:00:00Z' }, 'cancelled'],
    [{ archived_at: '2026-11-22T10:00:00Z' }, 'cancelled'],
    [{ did_not_arrive: true }, 'no_show'],
    [{ patient_arrived: true }, 'attended'],
    [{ notes: `Traer radiografías\n${CLINIKO_CONFIRMED_NOTE}` }, 'confirmed'],
  ])('when an appointment has %o, then it is %s', (change, expected) => {
    expect(mapClinikoRecord('appointments', { ...fixture('individual-appointment'), ...change })).toMatchObject({ record: { status: expected } });
  });

  it('when the confirmation line is in the notes, then our notes leave it out', () => {
    const confirmed = { ...fixture('individual-appointment'), notes: `Traer radiografías\n${CLINIKO_CONFIRMED_NOTE}` };
    expect(mapClinikoRecord('appointments', confirmed)).toMatchObject({ record: { notes: 'Traer radiografías' } });
    expect(mapClinikoRecord('appointments', { ...confirmed, notes: CLINIKO_CONFIRMED_NOTE })).toMatchObject({ record: { notes: null } });
  });

  it('when a record follows the older documented shape (numeric ids, api.cliniko.com links), then it reads the same', () => {
    expect(mapClinikoRecord('appointments', fixture('individual-appointment-legacy'))).toMatchObject({
      record: { externalId: '1', patientExternalId: '82', providerExternalId: '1', serviceExternalId: '2', status: 'cancelled', startsAt: '2016-07-21T03:45:00.000Z' },
    });
  });

  it('when an appointment has no patient link or no start, then it is a rejected row naming the field', () => {
    const { patient: _patient, ...withoutPatient } = fixture('individual-appointment');
    expect(mapClinikoRecord('appointments', withoutPatient)).toEqual({ rejected: { externalId: '1390726237298631770', message: 'patient: no patient link' }, updatedAt: '2026-11-21T07:30:12Z' });
    expect(mapClinikoRecord('appointments', { ...fixture('individual-appointment'), patient: { links: { self: 'https://api.uk1.cliniko.com/v1/contacts/9' } } })).toMatchObject({
      rejected: { message: 'patient: no patient link' },
    });
    expect(mapClinikoRecord('appointments', { ...fixture('individual-appointment'), starts_at: null })).toMatchObject({ rejected: { message: 'starts_at: missing or not a UTC date-time' } });
    expect(mapClinikoRecord('appointments', { ...fixture('individual-appointment'), starts_at: '2026-12-10 09:00' })).toMatchObject({ rejected: { message: expect.stringContaining('starts_at') } });
  });

  it('when a field has the wrong type or the id is missing, then the row is rejected with the field and whatever id it had', () => {
    expect(mapClinikoRecord('patients', { ...fixture('patient'), patient_phone_numbers: 'not a list' })).toMatchObject({
      rejected: { externalId: '1390710863102485699', message: expect.stringMatching(/^patient_phone_numbers: /) },
    });
    const { id: _id, ...withoutId } = fixture('practitioner');
    expect(mapClinikoRecord('providers', withoutId)).toMatchObject({ rejected: { externalId: null, message: expect.stringMatching(/^id: /) } });
    expect(mapClinikoRecord('services', { ...fixture('appointment-type'), name: '  ' })).toMatchObject({ rejected: { message: 'name: missing' } });
  });

  it('when a link points at another collection or has a query, then only a link to the asked collection yields its id', () => {
    expect(linkedId({ links: { self: 'https://api.au1.cliniko.com/v1/patients/82?x=1' } }, 'patients')).toBe('82');
    expect(linkedId({ links: { self: 'https://api.au1.cliniko.com/v1/patients/82' } }, 'practitioners')).toBeNull();
    expect(linkedId(null, 'patients')).toBeNull();
  });
});
