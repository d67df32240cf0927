// Bookings made in the PMS while we are connected get the same "booked" notice as one made here; the PMS's
// history (the first sync) is announced to nobody. Through the real sync (FHIR stand-in) and the push webhook.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPmsBody } from '../../integrations/pms/webhook/verify-signature.ts';
import { FhirStandIn, type FhirResource } from '../stand-ins/fhir/fhir-stand-in.ts';
import { loginAgent } from '../support/testPlatform.ts';
import { sentTo, startAutomationPlatform, waitFor, type AutomationPlatform } from './automations.helpers.ts';

const TOKEN = 'fhir-bearer-secret-7731';
const SECRET = 'pms-webhook-secret-0123456789';

let p: AutomationPlatform;
let fhir: FhirStandIn;
let admin: Awaited<ReturnType<typeof loginAgent>>;

/** Shaped like HL7's published examples. */
const fhirPatient = (id: string, given: string, phone: string): FhirResource => ({
  resourceType: 'Patient',
  id,
  active: true,
  name: [{ use: 'official', family: 'García', given: [given] }],
  telecom: [{ system: 'phone', value: phone, use: 'mobile', rank: 1 }],
  address: [{ use: 'home', city: 'Madrid', country: 'ES' }],
});
const fhirAppointment = (id: string, patientId: string, start: string): FhirResource => ({
  resourceType: 'Appointment',
  id,
  status: 'booked',
  start,
  end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
  participant: [{ actor: { reference: `Patient/${patientId}` }, status: 'accepted' }],
});

beforeAll(async () => {
  p = await startAutomationPlatform('2026-06-01T08:00:00Z'); // a Monday, 10:00 in Madrid
  fhir = await FhirStandIn.start({ token: TOKEN });
  admin = await loginAgent(p);
  await admin.put('/api/automations').send({ notices: { undoMinutes: 0 } }).expect(200);
});
afterAll(async () => {
  await p?.close();
  await fhir?.close();
});

async function patientByPhone(phone: string): Promise<{ id: string }> {
  const [patient] = (await admin.get('/api/patients').query({ q: phone }).expect(200)).body.items;
  return patient;
}

async function purposesFor(phone: string, count: number): Promise<string[]> {
  const patient = await patientByPhone(phone);
  await p.automations.runDue();
  return waitFor(async () => (await sentTo(p, patient.id)).map((m) => m.purpose), (list) => list.length >= count, 2000);
}

describe('PMS bookings and notices', () => {
  it('when the first sync brings the history, then nobody is told; an appointment booked in the PMS later is announced once', async () => {
    fhir.put(fhirPatient('pat-1', 'Lucía', '612 34 56 01'));
    fhir.put(fhirAppointment('ap-1', 'pat-1', '2026-06-10T08:00:00Z'));
    const connectorId = (await admin.post('/api/connectors').send({ type: 'fhir', name: 'PMS FHIR', config: { baseUrl: fhir.baseUrl, token: TOKEN }, syncIntervalMinutes: null }).expect(201)).body.id;
    await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200);
    expect(await purposesFor('+34612345601', 0)).toEqual([]);

    fhir.put(fhirPatient('pat-2', 'Mario', '612 34 56 02'));
    fhir.put(fhirAppointment('ap-2', 'pat-2', '2026-06-11T08:00:00Z'));
    await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200);
    expect(await purposesFor('+34612345602', 1)).toEqual(['appointment_booked']);
    await admin.post(`/api/connectors/${connectorId}/sync`).send({}).expect(200);
    expect(await purposesFor('+34612345602', 2)).toEqual(['appointment_booked']);
    expect(await purposesFor('+34612345601', 0)).toEqual([]);
  });

  it('when the PMS pushes a new booking, then it is announced; moving it in the PMS sends the changed notice', async () => {
    const connectorId = (await admin.post('/api/connectors').send({ type: 'webhook', name: 'Integración', config: { secret: SECRET }, syncIntervalMinutes: null }).expect(201)).body.id;
    const push = (startsAt: string) => {
      const body = JSON.stringify({
        changes: [
          { resource: 'patients', action: 'upsert', record: { externalId: 'P-9', firstName: 'Ana', lastName: 'Sanz', phones: ['612 34 56 09'] } },
          { resource: 'appointments', action: 'upsert', record: { externalId: 'C-9', patientExternalId: 'P-9', startsAt, status: 'scheduled' } },
        ],
      });
      return request(p.url).post(`/webhooks/pms/${connectorId}`).set('content-type', 'application/json').set('x-signature', signPmsBody(body, SECRET)).send(body).expect(200);
    };
    await push('2026-06-12T08:00:00Z');
    expect(await purposesFor('+34612345609', 1)).toEqual(['appointment_booked']);
    await push('2026-06-13T08:00:00Z');
    expect(await purposesFor('+34612345609', 2)).toEqual(['appointment_booked', 'appointment_changed']);
  });
});
