// Notices with an undo window: a booking change waits (automation settings, default 2 minutes) in the outbox's
// send-later before its notice goes out, so a change undone at once sends nothing and quick edits make one notice.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loginAgent } from '../support/testPlatform.ts';
import { addPatient, book, startAutomationPlatform, waitFor, type AutomationPlatform } from './automations.helpers.ts';

let p: AutomationPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;

type Notice = { id: string; purpose: string; status: string; error_code: string | null; text: string; due_at: string | null; outbox_state: string | null };

// The test clock starts at the real time: the outbox sends on real time, so a notice held for 2 minutes really waits.
beforeAll(async () => {
  p = await startAutomationPlatform(new Date().toISOString());
  admin = await loginAgent(p);
});
afterAll(() => p.close());
beforeEach(() => p.clock.set(new Date()));

async function notices(patientId: string): Promise<Notice[]> {
  const result = await p.ctx.db.execute<Notice>(sql`
    SELECT m.id, m.purpose, m.status, m.error_code, m.text, o.due_at, o.state AS outbox_state
    FROM messages m JOIN conversations c ON c.id = m.conversation_id LEFT JOIN outbox o ON o.message_id = m.id
    WHERE c.patient_id = ${patientId} AND m.purpose LIKE 'appointment_%' ORDER BY m.seq`);
  return result.rows;
}
const live = (list: Notice[]) => list.filter((notice) => notice.error_code !== 'superseded');

/** An appointment the patient already knows about (imported, planned once): its next change is a notice. */
async function knownAppointment(startsAt: Date) {
  const patient = await addPatient(p);
  const appointment = await book(p, patient.id, startsAt.toISOString(), { source: 'pms', externalId: `ext-${patient.id}` });
  await p.automations.runDue();
  expect(await notices(patient.id)).toEqual([]);
  return { patient, appointment };
}

const inDays = (days: number, hour = 10) => {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hour, 0, 0, 0);
  return at;
};
const move = (id: string, startsAt: Date) => admin.patch(`/api/appointments/${id}`).send({ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString() }).expect(200);
const settle = (patientId: string, ok: (list: Notice[]) => boolean) => waitFor(() => notices(patientId), ok);

describe('the undo window', () => {
  it('when nothing is configured, then notices wait 2 minutes', async () => {
    expect((await admin.get('/api/automations').expect(200)).body.notices).toEqual({ undoMinutes: 2 });
  });

  it('when a booking moves, then its notice waits in the outbox for the undo window, scheduled on the clinic clock', async () => {
    const original = inDays(3);
    const { patient, appointment } = await knownAppointment(original);
    await move(appointment.id, inDays(4));
    const [held] = await settle(patient.id, (list) => list.length === 1);
    expect(held).toMatchObject({ purpose: 'appointment_changed', status: 'queued', outbox_state: 'pending' });
    expect(new Date(held!.due_at!).getTime()).toBe(p.clock.now().getTime() + 2 * 60_000);
  });

  it('when the change is undone within the window, then nothing is sent', async () => {
    const original = inDays(3);
    const { patient, appointment } = await knownAppointment(original);
    await move(appointment.id, inDays(5));
    await settle(patient.id, (list) => list.length === 1);
    await move(appointment.id, original);
    const after = await settle(patient.id, (list) => list.every((notice) => notice.status === 'failed'));
    expect(after.map((n) => [n.purpose, n.status, n.error_code, n.outbox_state])).toEqual([['appointment_changed', 'failed', 'superseded', 'cancelled']]);
    expect(live(after)).toEqual([]);
  });

  it('when a booking is edited several times quickly, then one notice is left, about the last version', async () => {
    const { patient, appointment } = await knownAppointment(inDays(3));
    const last = inDays(6, 15);
    for (const startsAt of [inDays(4), inDays(5), last]) {
      const before = (await notices(patient.id)).length;
      await move(appointment.id, startsAt);
      await settle(patient.id, (list) => list.length === before + 1);
    }
    const all = await notices(patient.id);
    expect(all).toHaveLength(3);
    const remaining = live(all);
    expect(remaining.map((n) => [n.purpose, n.status, n.outbox_state])).toEqual([['appointment_changed', 'queued', 'pending']]);
    expect(remaining[0]!.id).toBe(all.at(-1)!.id);
  });

  it('when a moved booking is then cancelled within the window, then only the cancellation notice is left', async () => {
    const { patient, appointment } = await knownAppointment(inDays(3));
    await move(appointment.id, inDays(4));
    await settle(patient.id, (list) => list.length === 1);
    await admin.patch(`/api/appointments/${appointment.id}`).send({ status: 'cancelled' }).expect(200);
    const all = await settle(patient.id, (list) => list.length === 2);
    expect(live(all).map((n) => [n.purpose, n.status])).toEqual([['appointment_cancelled', 'queued']]);
  });
});

describe('after the window', () => {
  it('when the window passes after quick edits, then exactly one notice goes out', async () => {
    await admin.put('/api/automations').send({ notices: { undoMinutes: 0.03 } }).expect(200);
    try {
      const { patient, appointment } = await knownAppointment(inDays(3));
      await move(appointment.id, inDays(4));
      await settle(patient.id, (list) => list.length === 1);
      await move(appointment.id, inDays(5));
      const sent = await waitFor(() => notices(patient.id), (list) => list.some((n) => n.status === 'delivered' || n.status === 'sent'), 8000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const final = await notices(patient.id);
      expect(sent.length).toBeGreaterThan(0);
      expect(final.map((n) => [n.purpose, n.error_code])).toEqual([
        ['appointment_changed', 'superseded'],
        ['appointment_changed', null],
      ]);
      expect(['sent', 'delivered']).toContain(final[1]!.status);
    } finally {
      await admin.put('/api/automations').send({}).expect(200);
    }
  });

  it('when the undo window is 0, then the notice is queued at once, as before', async () => {
    await admin.put('/api/automations').send({ notices: { undoMinutes: 0 } }).expect(200);
    try {
      const { patient, appointment } = await knownAppointment(inDays(3));
      await move(appointment.id, inDays(4));
      const [notice] = await settle(patient.id, (list) => list.length === 1);
      expect(new Date(notice!.due_at!).getTime()).toBeLessThanOrEqual(Date.now());
      await move(appointment.id, inDays(3));
      // Without a window the first notice is not withdrawn: the move back is a notice of its own.
      const all = await settle(patient.id, (list) => list.length === 2);
      expect(all.map((n) => n.error_code)).toEqual([null, null]);
    } finally {
      await admin.put('/api/automations').send({}).expect(200);
    }
  });
});
