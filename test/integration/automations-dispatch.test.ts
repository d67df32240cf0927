// The dispatcher acting on due rows, checked against the rules as they stand at send time: second reminder
// only to unreliable patients and only while unconfirmed, consent, preferred channel 'none', one reminder per
// patient per day (several appointments → one 'reminder_multi'), notices once per change, follow-up tasks.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import { loginAgent } from '../support/testPlatform.ts';
import { addPatient, book, bookAndAnnounce, planned, sentTo, startAutomationPlatform, waitFor, type AutomationPlatform } from './automations.helpers.ts';

let p: AutomationPlatform;

beforeAll(async () => {
  p = await startAutomationPlatform('2026-06-01T08:00:00Z');
});
afterAll(async () => {
  await p?.close();
});
beforeEach(() => {
  p.clock.set('2026-06-01T08:00:00Z');
});

async function settings(body: Record<string, unknown>) {
  const admin = await loginAgent(p);
  await admin.put('/api/automations').send(body).expect(200);
}

async function pastAppointments(patientId: string, statuses: string[]) {
  for (const [index, status] of statuses.entries()) {
    await book(p, patientId, `2026-05-${String(10 + index).padStart(2, '0')}T09:00:00Z`, { status, createdAt: new Date('2026-05-01T00:00:00Z') });
  }
}

describe('second reminder', () => {
  it('when it goes to unreliable patients only, then a patient with 50 % no-shows gets it and a reliable one does not', async () => {
    await settings({ reminders: { offsetsHours: [48, 3], secondTo: 'unreliable' } });
    const unreliable = await addPatient(p);
    const reliable = await addPatient(p);
    await pastAppointments(unreliable.id, ['attended', 'no_show']);
    await pastAppointments(reliable.id, ['attended', 'attended']);
    const a = await book(p, unreliable.id, '2026-06-04T10:00:00Z');
    const b = await book(p, reliable.id, '2026-06-04T11:00:00Z');
    await p.automations.runDue();
    p.clock.set('2026-06-04T07:30:00Z'); // both first reminders are long past: mark them done as if sent
    await p.ctx.db.execute(sql`UPDATE planned_reminders SET state = 'done', outcome = 'flow_started', done_at = '2026-06-02T09:00:00Z' WHERE slot = 'reminder_1' AND appointment_id IN (${a.id}, ${b.id})`);
    p.clock.set('2026-06-04T08:05:00Z');
    await p.automations.runDue();
    expect((await planned(p, a.id)).find((row) => row.slot === 'reminder_2')).toMatchObject({ state: 'done', outcome: 'sent' });
    expect((await planned(p, b.id)).find((row) => row.slot === 'reminder_2')).toMatchObject({ state: 'skipped', outcome: 'reliable_patient' });
    expect((await sentTo(p, unreliable.id)).map((m) => m.purpose)).toContain('reminder_second');
    await settings({});
  });

  it('when the patient already confirmed, then the second reminder is not sent', async () => {
    await settings({ reminders: { offsetsHours: [48, 3] } });
    const patient = await addPatient(p);
    const appointment = await book(p, patient.id, '2026-06-04T10:00:00Z', { status: 'confirmed' });
    await p.automations.runDue();
    p.clock.set('2026-06-04T08:05:00Z');
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([
      expect.objectContaining({ slot: 'reminder_1', state: 'skipped', outcome: 'already_confirmed' }),
      expect.objectContaining({ slot: 'reminder_2', state: 'skipped', outcome: 'already_confirmed' }),
    ]);
    await settings({});
  });
});

describe('who may receive', () => {
  it('when the clinic requires privacy consent, then a patient without it gets nothing', async () => {
    await settings({ requirePrivacyConsent: true });
    const patient = await addPatient(p, { privacyConsent: false });
    const appointment = await book(p, patient.id, '2026-06-02T10:00:00Z');
    await p.automations.runDue();
    p.clock.set('2026-06-01T10:05:00Z');
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([expect.objectContaining({ slot: 'reminder_1', state: 'skipped', outcome: 'no_consent' })]);
    expect(await sentTo(p, patient.id)).toEqual([]);
    await settings({});
  });

  it("when the patient's preferred channel is 'none', then nothing is sent", async () => {
    const patient = await addPatient(p, { preferredChannel: 'none' });
    const appointment = await book(p, patient.id, '2026-06-02T10:00:00Z');
    await p.automations.runDue();
    p.clock.set('2026-06-01T10:05:00Z');
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([expect.objectContaining({ state: 'skipped', outcome: 'patient_wants_none' })]);
  });

  it('when the patient opted out of every channel the event uses, then nothing is sent', async () => {
    await settings({ events: { reminders: { enabled: true, channels: ['sms'] } } });
    const patient = await addPatient(p, { optOuts: ['sms'] });
    const appointment = await book(p, patient.id, '2026-06-02T10:00:00Z');
    await p.automations.runDue();
    p.clock.set('2026-06-01T10:05:00Z');
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([expect.objectContaining({ state: 'skipped', outcome: 'opted_out' })]);
    await settings({});
  });
});

describe('one reminder per patient per day', () => {
  it('when a patient has two appointments the same day, then one reminder_multi message lists them', async () => {
    const patient = await addPatient(p);
    const morning = await book(p, patient.id, '2026-06-02T08:00:00Z');
    const afternoon = await book(p, patient.id, '2026-06-02T15:00:00Z');
    await p.automations.runDue();
    p.clock.set('2026-06-01T16:00:00Z');
    await p.automations.runDue();
    const rows = [...(await planned(p, morning.id)), ...(await planned(p, afternoon.id))];
    expect(rows.map((row) => row.outcome).sort()).toEqual(['merged', 'sent_multi']);
    const reminders = (await sentTo(p, patient.id)).filter((m) => m.purpose.startsWith('reminder'));
    expect(reminders.map((m) => m.purpose)).toEqual(['reminder_multi']);
  });
});

describe('notices', () => {
  it('when an appointment is booked, moved and cancelled, then each notice goes out once even if the planner runs again', async () => {
    const patient = await addPatient(p);
    const appointment = await bookAndAnnounce(p, patient.id, '2026-06-10T10:00:00Z');
    await p.automations.runDue();
    await p.automations.runDue();
    await p.ctx.repos.appointments.update(p.clinicId, appointment.id, { startsAt: new Date('2026-06-11T10:00:00Z'), endsAt: new Date('2026-06-11T10:30:00Z') });
    await p.automations.runDue();
    await p.ctx.repos.appointments.update(p.clinicId, appointment.id, { status: 'cancelled' });
    await p.automations.runDue();
    await p.automations.runDue();
    const purposes = await waitFor(async () => (await sentTo(p, patient.id)).map((m) => m.purpose), (list) => list.length >= 3);
    expect(purposes).toEqual(['appointment_booked', 'appointment_changed', 'appointment_cancelled']);
  });

  it('when the provider or the service has messaging switched off, then no notice goes either, booked, moved or cancelled', async () => {
    const provider = await p.ctx.repos.providers.insert(p.clinicId, { firstName: 'Ana', messagingEnabled: false });
    const service = await p.ctx.repos.services.insert(p.clinicId, { name: 'Radiografía', messagingEnabled: false });
    const [quietProvider, quietService, told] = [await addPatient(p), await addPatient(p), await addPatient(p)];
    const appointments = [
      await book(p, quietProvider.id, '2026-06-10T10:00:00Z', { providerId: provider.id }),
      await book(p, quietService.id, '2026-06-10T11:00:00Z', { serviceId: service.id }),
    ];
    await book(p, told.id, '2026-06-10T12:00:00Z');
    await p.automations.runDue();
    for (const appointment of appointments) {
      await p.ctx.repos.appointments.update(p.clinicId, appointment.id, { startsAt: new Date('2026-06-12T10:00:00Z'), endsAt: new Date('2026-06-12T10:30:00Z') });
      await p.automations.runDue();
      await p.ctx.repos.appointments.update(p.clinicId, appointment.id, { status: 'cancelled' });
      await p.automations.runDue();
    }
    expect((await sentTo(p, told.id)).map((m) => m.purpose)).toEqual(['appointment_booked']);
    expect(await sentTo(p, quietProvider.id)).toEqual([]);
    expect(await sentTo(p, quietService.id)).toEqual([]);
  });

  it('when notices go only to online bookings, then a booking by phone gets none', async () => {
    await settings({ events: { appointmentBooked: { enabled: true, channels: ['whatsapp', 'sms'], onlyBookedOnline: true } } });
    const byPhone = await addPatient(p);
    const online = await addPatient(p);
    await book(p, byPhone.id, '2026-06-10T10:00:00Z');
    await book(p, online.id, '2026-06-10T11:00:00Z', { bookedOnline: true });
    await p.automations.runDue();
    expect(await sentTo(p, byPhone.id)).toEqual([]);
    expect((await sentTo(p, online.id)).map((m) => m.purpose)).toEqual(['appointment_booked']);
    await settings({});
  });
});

describe('follow-up', () => {
  it('when follow-up is manual, then after the appointment the conversation goes to reception as followup_due', async () => {
    await settings({ followUp: { mode: 'manual', afterHours: 2 } });
    const patient = await addPatient(p);
    const appointment = await book(p, patient.id, '2026-06-01T09:00:00Z', { status: 'attended' });
    await p.automations.runDue();
    p.clock.set('2026-06-01T11:40:00Z');
    await p.automations.runDue();
    expect((await planned(p, appointment.id)).find((row) => row.slot === 'followup')).toMatchObject({ state: 'done', outcome: 'handed_over' });
    const conversations = await p.ctx.db.execute<{ state: string; handover_reason: string }>(sql`SELECT state, handover_reason FROM conversations WHERE patient_id = ${patient.id}`);
    expect(conversations.rows).toEqual([{ state: 'human', handover_reason: 'followup_due' }]);
    await settings({});
  });
});

describe('channel fallback', () => {
  it('when the message fails for good on the preferred channel, then it goes out once on the next channel', async () => {
    const twilio = await TwilioStandIn.start({ AC00000000000000000000000000000001: 'fallback-token' });
    try {
      const admin = await loginAgent(p);
      const config = { accountSid: 'AC00000000000000000000000000000001', authToken: 'fallback-token', from: 'whatsapp:+15550001111', apiBaseUrl: twilio.url };
      const channel = (await admin.post('/api/channels').send({ type: 'twilio_whatsapp', name: 'WhatsApp', config }).expect(201)).body;
      await settings({ events: { appointmentBooked: { enabled: true, channels: ['whatsapp', 'sms'], onlyBookedOnline: false } } });
      const patient = await addPatient(p, { preferredChannel: 'whatsapp' });
      // The patient wrote on WhatsApp just now (on every clock here): the window is open, so WhatsApp is tried first and fails.
      await p.ctx.repos.conversations.findOrCreate(p.clinicId, patient.id, channel.id, { state: 'closed', lastInboundAt: new Date() });
      twilio.failFor(`whatsapp:${patient.phones[0]}`, { status: 400, code: 63003, message: 'Channel could not find the To address' });
      await book(p, patient.id, '2026-06-10T10:00:00Z');
      await p.automations.runDue();
      const sent = await waitFor(() => sentTo(p, patient.id), (list) => list.length >= 2, 10_000);
      expect(sent.map((m) => [m.purpose, m.channel_kind])).toEqual([
        ['appointment_booked', 'whatsapp'],
        ['appointment_booked', 'sms'],
      ]);
      await admin.delete(`/api/channels/${channel.id}`).expect(204);
    } finally {
      await twilio.close();
      await settings({});
    }
  });
});

describe('claims of an instance that died', () => {
  it("when a due reminder is held by a dead instance's claim, then it waits for the claim, unless that instance restarts under its name", async () => {
    const patient = await addPatient(p, { preferredChannel: 'whatsapp' });
    const appointment = await book(p, patient.id, '2026-06-02T10:00:00Z', { createdAt: new Date('2026-05-20T00:00:00Z') });
    await p.automations.runDue();
    // What the crash left: claimed mid-dispatch by 'clinic-app-7', its claim running for two more minutes.
    await p.ctx.db.execute(sql`UPDATE planned_reminders SET state = 'sending', locked_by = 'clinic-app-7', locked_until = now() + interval '2 minutes', due_at = '2026-06-01T09:00:00Z' WHERE appointment_id = ${appointment.id}`);
    p.clock.set('2026-06-01T10:00:00Z');
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([expect.objectContaining({ slot: 'reminder_1', state: 'sending' })]);

    expect(await p.automations.deps.automations.releaseClaimsOf('clinic-app-7')).toBe(1);
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([expect.objectContaining({ slot: 'reminder_1', state: 'done', outcome: 'flow_started' })]);
    expect((await sentTo(p, patient.id)).filter((m) => m.purpose === 'reminder')).toHaveLength(1);
  });
});
