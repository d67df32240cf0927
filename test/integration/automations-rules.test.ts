// Planning rules with a clock the test controls: offsets, sending window across time zones and the end of
// summer time, minimum lead time, the patient's own lead times, provider/service switches, re-planning when an
// appointment moves and nothing left when it is cancelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent } from '../support/testPlatform.ts';
import { addPatient, book, planned, startAutomationPlatform, type AutomationPlatform } from './automations.helpers.ts';

let p: AutomationPlatform;

beforeAll(async () => {
  p = await startAutomationPlatform('2026-06-01T08:00:00Z'); // Monday 10:00 in Madrid
});
afterAll(async () => {
  await p?.close();
});

async function settings(body: Record<string, unknown>) {
  const admin = await loginAgent(p);
  await admin.put('/api/automations').send(body).expect(200);
}

describe('automation settings API', () => {
  it('when nothing was saved, then GET answers the defaults (on, one reminder 24 h before, 09:00–20:00 Monday–Saturday)', async () => {
    const admin = await loginAgent(p);
    const res = await admin.get('/api/automations').expect(200);
    expect(res.body).toMatchObject({ enabled: true, reminders: { offsetsHours: [24], secondTo: 'all', unreliableThreshold: 0.3 }, sendingWindow: { start: '09:00', end: '20:00', days: [1, 2, 3, 4, 5, 6] } });
  });

  it('when an admin saves three reminder offsets, then it is refused naming the field', async () => {
    const admin = await loginAgent(p);
    const res = await admin.put('/api/automations').send({ reminders: { offsetsHours: [48, 24, 2] } }).expect(400);
    expect(res.body.error.field).toBe('reminders.offsetsHours');
  });

  it('when an agent (not admin) saves settings, then it is forbidden', async () => {
    const admin = await loginAgent(p);
    await admin.post('/api/users').send({ email: 'agent@sonrisa.test', password: 'agent-pass-42', role: 'agent' });
    const agent = await loginAgent(p, { email: 'agent@sonrisa.test', password: 'agent-pass-42' });
    await agent.put('/api/automations').send({ enabled: false }).expect(403);
    await agent.get('/api/automations').expect(200);
  });

  it('when an admin saves rules, then GET returns them with defaults for the rest', async () => {
    const admin = await loginAgent(p);
    await admin.put('/api/automations').send({ reminders: { offsetsHours: [48, 2], secondTo: 'unreliable' }, followUp: { mode: 'manual' } }).expect(200);
    const res = await admin.get('/api/automations').expect(200);
    expect(res.body.reminders).toMatchObject({ offsetsHours: [48, 2], secondTo: 'unreliable', minLeadHours: 0 });
    expect(res.body.followUp.mode).toBe('manual');
    await admin.put('/api/automations').send({}).expect(200);
  });
});

describe('planning reminders', () => {
  it('when an appointment is booked, then its reminder is planned the chosen hours before, inside the window', async () => {
    await settings({ reminders: { offsetsHours: [48, 2] } });
    const patient = await addPatient(p);
    const appointment = await book(p, patient.id, '2026-06-04T08:00:00Z'); // Thursday 10:00 Madrid
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([
      { slot: 'reminder_1', state: 'planned', outcome: null, dueAt: '2026-06-02T08:00:00.000Z' },
      { slot: 'reminder_2', state: 'planned', outcome: null, dueAt: '2026-06-04T07:00:00.000Z' }, // 06:00 UTC is 08:00 local: waits for 09:00
    ]);
  });

  it('when the reminder time falls on a closed Sunday across the end of summer time, then it moves to Monday 09:00 CET', async () => {
    await settings({ reminders: { offsetsHours: [24] } });
    p.clock.set('2026-10-20T10:00:00Z');
    const patient = await addPatient(p);
    const appointment = await book(p, patient.id, '2026-10-26T10:30:00Z'); // Monday 11:30 CET (after the change)
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([{ slot: 'reminder_1', state: 'planned', outcome: null, dueAt: '2026-10-26T08:00:00.000Z' }]);
  });

  it('when the clinic is in New York, then the window is New York time', async () => {
    const clinic = await p.ctx.repos.clinics.update(p.clinicId, { timezone: 'America/New_York' });
    expect(clinic?.timezone).toBe('America/New_York');
    p.clock.set('2026-06-01T08:00:00Z');
    const patient = await addPatient(p);
    const appointment = await book(p, patient.id, '2026-06-03T14:00:00Z'); // Wednesday 10:00 New York
    await settings({ reminders: { offsetsHours: [26] } }); // 08:00 New York on Tuesday → 09:00
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([{ slot: 'reminder_1', state: 'planned', outcome: null, dueAt: '2026-06-02T13:00:00.000Z' }]);
    await p.ctx.repos.clinics.update(p.clinicId, { timezone: 'Europe/Madrid' });
    await settings({});
  });

  it('when it is booked less than the minimum lead time ahead, then no reminder is planned', async () => {
    await settings({ reminders: { minLeadHours: 12 } });
    p.clock.set('2026-06-01T08:00:00Z');
    const patient = await addPatient(p);
    const appointment = await book(p, patient.id, '2026-06-01T14:00:00Z');
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([]);
    await settings({});
  });

  it("when the patient set their own lead time, then it replaces the clinic's", async () => {
    p.clock.set('2026-06-01T08:00:00Z');
    const patient = await addPatient(p, { reminderLeadHours: [72] });
    const appointment = await book(p, patient.id, '2026-06-05T10:00:00Z');
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([{ slot: 'reminder_1', state: 'planned', outcome: null, dueAt: '2026-06-02T10:00:00.000Z' }]);
  });

  it('when the provider or the service has messaging switched off, then nothing is planned', async () => {
    const provider = await p.ctx.repos.providers.insert(p.clinicId, { firstName: 'Ana', messagingEnabled: false });
    const service = await p.ctx.repos.services.insert(p.clinicId, { name: 'Radiografía', messagingEnabled: false });
    const patient = await addPatient(p);
    const withProvider = await book(p, patient.id, '2026-06-05T10:00:00Z', { providerId: provider.id });
    const withService = await book(p, patient.id, '2026-06-06T10:00:00Z', { serviceId: service.id });
    await p.automations.runDue();
    expect(await planned(p, withProvider.id)).toEqual([]);
    expect(await planned(p, withService.id)).toEqual([]);
  });

  it('when the appointment moves, then its reminder moves with it; when it is cancelled, then the reminder vanishes', async () => {
    p.clock.set('2026-06-01T08:00:00Z');
    const patient = await addPatient(p);
    const appointment = await book(p, patient.id, '2026-06-05T10:00:00Z');
    await p.automations.runDue();
    await p.ctx.repos.appointments.update(p.clinicId, appointment.id, { startsAt: new Date('2026-06-09T10:00:00Z'), endsAt: new Date('2026-06-09T10:30:00Z') });
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([{ slot: 'reminder_1', state: 'planned', outcome: null, dueAt: '2026-06-08T10:00:00.000Z' }]);
    await p.ctx.repos.appointments.update(p.clinicId, appointment.id, { status: 'cancelled' });
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([{ slot: 'reminder_1', state: 'cancelled', outcome: 'unplanned', dueAt: '2026-06-08T10:00:00.000Z' }]);
  });

  it('when the global switch is off, then nothing is planned', async () => {
    await settings({ enabled: false });
    const patient = await addPatient(p);
    const appointment = await book(p, patient.id, '2026-06-05T12:00:00Z');
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([]);
    await settings({});
  });
});
