import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapFhirResource } from './fhir-mapper.ts';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));

describe('FHIR R4 mapper', () => {
  it('when a Patient has several names, phones and addresses, then the official name, the ranked current phones and the home address country are kept', () => {
    const result = mapFhirResource('patients', fixture('patient'));
    expect(result).toEqual({
      record: { externalId: 'pat-1001', firstName: 'Lucía María', lastName: 'García Pérez', phones: ['612 34 56 78', '91 555 12 34'], email: 'lucia@example.es', country: 'ESP' },
      lastUpdated: '2026-11-20T09:15:00.000+01:00',
    });
  });

  it('when a Patient has no address with a country, then the country is null', () => {
    expect(mapFhirResource('patients', { ...fixture('patient'), address: [{ use: 'home', city: 'Madrid' }] })).toMatchObject({ record: { country: null } });
    expect(mapFhirResource('patients', { ...fixture('patient'), address: undefined })).toMatchObject({ record: { country: null } });
  });

  it('when a Practitioner, Location and HealthcareService are read, then their names and contacts come through', () => {
    expect(mapFhirResource('providers', fixture('practitioner'))).toMatchObject({ record: { externalId: 'pr-7', firstName: 'Elena', lastName: 'Ruiz', phone: null, email: 'elena.ruiz@clinica.es' } });
    expect(mapFhirResource('locations', fixture('location'))).toMatchObject({ record: { externalId: 'loc-1', name: 'Clínica Sonrisa Centro', address: 'Calle Mayor 1, 28013, Madrid', phone: '+34 910 000 001' } });
    expect(mapFhirResource('services', fixture('healthcare-service'))).toMatchObject({ record: { externalId: 'hs-clean', name: 'Limpieza dental', durationMinutes: null } });
  });

  it('when an Appointment is booked, then its participants become references and the start an instant in UTC', () => {
    expect(mapFhirResource('appointments', fixture('appointment'))).toMatchObject({
      record: {
        externalId: 'ap-501',
        patientExternalId: 'pat-1001',
        providerExternalId: 'pr-7',
        locationExternalId: 'loc-1',
        serviceExternalId: 'hs-clean',
        startsAt: '2026-12-10T09:00:00.000Z',
        endsAt: '2026-12-10T09:30:00.000Z',
        status: 'scheduled',
        notes: 'Traer radiografías',
      },
    });
  });

  it.each([
    ['booked', 'accepted', 'confirmed'],
    ['booked', 'needs-action', 'scheduled'],
    ['fulfilled', 'accepted', 'attended'],
    ['noshow', 'accepted', 'no_show'],
    ['cancelled', 'declined', 'cancelled'],
    ['entered-in-error', 'accepted', 'cancelled'],
  ])('when an Appointment is %s with the patient %s, then it is %s', (status, patientStatus, expected) => {
    const appointment = fixture('appointment');
    const participant = [{ actor: { reference: 'Patient/pat-1001' }, status: patientStatus }];
    expect(mapFhirResource('appointments', { ...appointment, status, participant })).toMatchObject({ record: { status: expected } });
  });

  it('when an Appointment has no start or no patient, then it is a rejected row naming the field', () => {
    const { start: _start, ...withoutStart } = fixture('appointment');
    expect(mapFhirResource('appointments', withoutStart)).toMatchObject({ rejected: { externalId: 'ap-501', message: expect.stringContaining('start') } });
    expect(mapFhirResource('appointments', { ...fixture('appointment'), participant: [] })).toMatchObject({ rejected: { externalId: 'ap-501', message: 'participant: no Patient' } });
    expect(mapFhirResource('appointments', { ...fixture('appointment'), status: 42 })).toMatchObject({ rejected: { externalId: 'ap-501', message: expect.stringContaining('status') } });
  });

  it('when a completed Procedure is read, then it is a treatment on the local date it was performed', () => {
    expect(mapFhirResource('treatments', fixture('procedure'))).toMatchObject({
      record: { externalId: 'proc-88', patientExternalId: 'pat-1001', name: 'Limpieza', performedOn: '2026-06-02', appointmentExternalId: 'ap-400' },
    });
    expect(mapFhirResource('treatments', { ...fixture('procedure'), status: 'in-progress' })).toMatchObject({ rejected: { externalId: 'proc-88' } });
  });

  it('when a ServiceRequest is read, then code.text is the reason and occurrenceDateTime the due date', () => {
    expect(mapFhirResource('recalls', fixture('service-request'))).toMatchObject({
      record: { externalId: 'sr-31', patientExternalId: 'pat-1001', serviceExternalId: 'hs-clean', reason: 'Limpieza', dueDate: '2026-12-02', status: 'active' },
    });
    expect(mapFhirResource('recalls', { ...fixture('service-request'), status: 'revoked' })).toMatchObject({ record: { status: 'closed' } });
    expect(mapFhirResource('recalls', { ...fixture('service-request'), code: {} })).toMatchObject({ rejected: { message: 'code.text: missing' } });
  });
});
