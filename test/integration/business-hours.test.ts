// Business hours per clinic and per location with holidays: validated settings, the open/closed state for the
// inbox header, the out-of-hours auto-reply (a holiday is closed) and the automations' sending window.
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;

const ALL_DAY = { open: '00:00', close: '24:00' };
const EVERY_DAY = { mon: [ALL_DAY], tue: [ALL_DAY], wed: [ALL_DAY], thu: [ALL_DAY], fri: [ALL_DAY], sat: [ALL_DAY], sun: [ALL_DAY] };
const today = () => DateTime.now().setZone('Europe/Madrid');

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
});
afterAll(() => platform.close());

async function saveSettings(extra: Record<string, unknown>) {
  const clinic = (await admin.get('/api/clinic').expect(200)).body;
  const { businessHours: _b, openingHours: _o, ...rest } = clinic.settings;
  return admin.patch('/api/clinic').send({ settings: { ...rest, ...extra } });
}

describe('settings', () => {
  it('when business hours have a bad time or a close before the open, then the save is refused naming the field', async () => {
    const badTime = await saveSettings({ businessHours: { weekly: { mon: [{ open: '9h', close: '14:00' }] } } }).then((res) => res.body);
    expect(badTime.error).toMatchObject({ code: 'validation_failed', field: 'settings.businessHours.weekly.mon[0].open' });
    const backwards = await saveSettings({ businessHours: { weekly: { mon: [{ open: '14:00', close: '09:00' }] } } }).then((res) => res.body);
    expect(backwards.error.field).toBe('settings.businessHours.weekly.mon[0].close');
    const badDate = await saveSettings({ businessHours: { holidays: ['25/12/2026'] } }).then((res) => res.body);
    expect(badDate.error.field).toMatch(/^settings\.businessHours\.holidays\[0\]/);
  });

  it('when holidays are plain dates or named, then both are stored as {date, name}', async () => {
    const saved = (await saveSettings({ businessHours: { weekly: { mon: [{ open: '9:00', close: '14:00' }] }, holidays: ['2026-12-25', { date: '2027-01-06', name: 'Reyes' }] } }).then((res) => res.body)).settings.businessHours;
    expect(saved).toEqual({ weekly: { mon: [{ open: '09:00', close: '14:00' }] }, holidays: [{ date: '2026-12-25', name: null }, { date: '2027-01-06', name: 'Reyes' }] });
  });
});

describe('open now', () => {
  it('when the clinic is open all day, then the header state is open until local midnight', async () => {
    await saveSettings({ businessHours: { weekly: EVERY_DAY, holidays: [] } }).then((res) => expect(res.status).toBe(200));
    const state = (await admin.get('/api/clinic/business-hours').expect(200)).body;
    expect(state).toMatchObject({ timezone: 'Europe/Madrid', source: 'clinic', open: true, holiday: null, nextOpening: null });
    expect(state.closesAt).toBe(today().plus({ days: 1 }).startOf('day').toUTC().toISO());
  });

  it('when today is a named holiday, then it is closed, says why, and opens tomorrow', async () => {
    const date = today().toISODate()!;
    await saveSettings({ businessHours: { weekly: EVERY_DAY, holidays: [{ date, name: 'Fiesta local' }] } }).then((res) => expect(res.status).toBe(200));
    const state = (await admin.get('/api/clinic/business-hours').expect(200)).body;
    expect(state).toMatchObject({ open: false, holiday: { date, name: 'Fiesta local' }, closesAt: null });
    expect(state.nextOpening).toBe(today().plus({ days: 1 }).startOf('day').toUTC().toISO());
  });

  it('when a location sets its own week, then asking for that location answers with its hours', async () => {
    await saveSettings({ businessHours: { weekly: EVERY_DAY, holidays: [] } });
    const location = (await admin.post('/api/locations').send({ name: 'Sede norte', openingHours: { weekly: {} } }).expect(201)).body;
    expect(location.openingHours).toEqual({ weekly: {}, holidays: [] });
    const state = (await admin.get('/api/clinic/business-hours').query({ locationId: location.id }).expect(200)).body;
    expect(state).toMatchObject({ source: 'location', locationId: location.id, open: false, nextOpening: null });
    expect((await admin.post('/api/locations').send({ name: 'Mal', openingHours: { weekly: { mon: [{ open: 'x', close: '10:00' }] } } }).expect(400)).body.error.field).toBe('openingHours.weekly.mon[0].open');
  });

  it('when only the older openingHours is set, then it still answers (backward compatible)', async () => {
    await saveSettings({ openingHours: EVERY_DAY }).then((res) => expect(res.status).toBe(200));
    expect((await admin.get('/api/clinic/business-hours').expect(200)).body).toMatchObject({ source: 'legacy_opening_hours', open: true });
  });

  it('when no hours are set, then the state is unknown (null)', async () => {
    await saveSettings({});
    expect((await admin.get('/api/clinic/business-hours').expect(200)).body).toMatchObject({ source: 'none', open: null });
  });
});

describe('out-of-hours auto-reply', () => {
  async function autoReplyFor(phone: string) {
    const conversationId = (await admin.post('/api/simulator/messages').send({ from: phone, text: 'Hola, ¿estáis?' }).expect(201)).body.conversationId as string;
    const deadline = Date.now() + 5000;
    for (;;) {
      const events = (await admin.get(`/api/conversations/${conversationId}/events`).expect(200)).body.items as Array<{ kind: string; reason: string | null }>;
      const reply = events.find((event) => event.kind === 'auto_reply');
      if (reply || Date.now() > deadline) return reply?.reason ?? null;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('when a patient writes on a holiday of a clinic otherwise open all day, then the out-of-hours reply goes out', async () => {
    await saveSettings({ businessHours: { weekly: EVERY_DAY, holidays: [today().toISODate()!] } });
    expect(await autoReplyFor('+34600888001')).toBe('auto_reply_out_of_hours');
  });

  it('when a patient writes while it is open, then the regular auto-reply goes out', async () => {
    await saveSettings({ businessHours: { weekly: EVERY_DAY, holidays: [] } });
    expect(await autoReplyFor('+34600888002')).toBe('auto_reply');
  });
});

describe('sending window', () => {
  it("when a reminder would fall on a clinic holiday, then it moves to the next opening (never after the appointment)", async () => {
    await saveSettings({ businessHours: { weekly: EVERY_DAY, holidays: ['2030-12-25'] } });
    const patient = (await admin.post('/api/patients').send({ firstName: 'Rosa', lastName: 'Vidal', phones: ['+34600888010'] }).expect(201)).body;
    // Thursday 26 December 2030, 10:00 in Madrid; 24 h before is Christmas Day.
    const appointment = (await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: '2030-12-26T09:00:00.000Z', endsAt: '2030-12-26T09:30:00.000Z' }).expect(201)).body;
    const deadline = Date.now() + 5000;
    let rows: Array<{ slot: string; due_at: string }> = [];
    while (rows.length === 0 && Date.now() < deadline) {
      rows = (await platform.ctx.db.execute<{ slot: string; due_at: string }>(sql`SELECT slot, due_at FROM planned_reminders WHERE appointment_id = ${appointment.id}`)).rows;
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(rows.map((row) => [row.slot, new Date(row.due_at).toISOString()])).toEqual([['reminder_1', '2030-12-26T08:00:00.000Z']]);
  });

  it("when only the appointment's location has the holiday, then its reminder moves too", async () => {
    await saveSettings({});
    const location = (await admin.post('/api/locations').send({ name: 'Sede centro', openingHours: { holidays: [{ date: '2030-12-25', name: 'Navidad' }] } }).expect(201)).body;
    const patient = (await admin.post('/api/patients').send({ firstName: 'Nuria', lastName: 'Gil', phones: ['+34600888011'] }).expect(201)).body;
    const appointment = (await admin.post('/api/appointments').send({ patientId: patient.id, locationId: location.id, startsAt: '2030-12-26T09:00:00.000Z', endsAt: '2030-12-26T09:30:00.000Z' }).expect(201)).body;
    const deadline = Date.now() + 5000;
    let rows: Array<{ slot: string; due_at: string }> = [];
    while (rows.length === 0 && Date.now() < deadline) {
      rows = (await platform.ctx.db.execute<{ slot: string; due_at: string }>(sql`SELECT slot, due_at FROM planned_reminders WHERE appointment_id = ${appointment.id}`)).rows;
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(rows.map((row) => new Date(row.due_at).toISOString())).toEqual(['2030-12-26T08:00:00.000Z']);
  });
});

