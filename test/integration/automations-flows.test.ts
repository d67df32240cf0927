// The first reminder starts the reminder bot flow; the patient's answer through the simulator moves the
// appointment. And the demo clinic: its due reminders go out through the simulator once the window opens.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent } from '../support/testPlatform.ts';
import { addPatient, book, planned, sentTo, startAutomationPlatform, waitFor, type AutomationPlatform } from './automations.helpers.ts';

describe('reminder flow', () => {
  let p: AutomationPlatform;
  beforeAll(async () => {
    p = await startAutomationPlatform('2026-06-01T08:00:00Z');
  });
  afterAll(async () => {
    await p?.close();
  });

  it.each([
    ['Sí', 'confirmed'],
    ['No', 'cancelled'],
  ])('when the patient answers "%s" to the first reminder, then the appointment becomes %s', async (answer, status) => {
    const patient = await addPatient(p, { preferredChannel: 'whatsapp' });
    const appointment = await book(p, patient.id, '2026-06-02T08:00:00Z');
    await p.automations.runDue();
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([expect.objectContaining({ slot: 'reminder_1', state: 'done', outcome: 'flow_started' })]);
    expect((await sentTo(p, patient.id)).map((m) => m.purpose).filter((purpose) => purpose.startsWith('reminder'))).toEqual(['reminder']);
    const agent = await loginAgent(p);
    await agent.post('/api/simulator/messages').send({ from: patient.phones[0], text: answer }).expect((res) => expect(res.status).toBeLessThan(300));
    const row = await waitFor(() => p.ctx.repos.appointments.get(p.clinicId, appointment.id), (value) => value?.status === status);
    expect(row?.status).toBe(status);
  });
});

describe('a "NO" to the reminder', () => {
  let p: AutomationPlatform;
  beforeAll(async () => {
    p = await startAutomationPlatform('2026-06-01T08:00:00Z');
  });
  afterAll(async () => {
    await p?.close();
  });

  it.each([
    ['whatsapp', 'Hemos cancelado tu cita'],
    ['sms', 'Hemos cancelado su cita'],
  ] as const)('when a %s patient answers "NO", then exactly one cancellation goes out, on the reminder\'s channel and register, then the rebooking offer', async (kind, cancellation) => {
    const patient = await addPatient(p, { preferredChannel: kind });
    const appointment = await book(p, patient.id, '2026-06-02T08:00:00Z', { createdAt: new Date('2026-05-20T00:00:00Z') });
    await p.automations.runDue();
    expect((await sentTo(p, patient.id)).map((m) => m.purpose)).toEqual(['reminder']);
    const agent = await loginAgent(p);
    // The simulator answers once the bot has handled the reply.
    await agent.post('/api/simulator/messages').send({ from: patient.phones[0], text: 'NO', kind }).expect(201);
    expect((await agent.get(`/api/appointments/${appointment.id}`).expect(200)).body.status).toBe('cancelled');
    // The planner has seen the cancellation (a notice it sends would be queued by now).
    await p.automations.runDue();
    const sent = await sentTo(p, patient.id);
    expect(sent.map((m) => [m.purpose, m.channel_kind])).toEqual([
      ['reminder', kind],
      ['reminder_cancelled', kind],
      ['rebook_offer', kind],
    ]);
    expect(sent[1]!.text).toContain(cancellation);
  });
});

describe('a worker that died mid-dispatch', () => {
  let p: AutomationPlatform;
  beforeAll(async () => {
    p = await startAutomationPlatform('2026-06-01T08:00:00Z');
  });
  afterAll(async () => {
    await p?.close();
  });

  it('when its claim expires after the flow started, then the row is claimed again and nothing is sent twice', async () => {
    const patient = await addPatient(p, { preferredChannel: 'whatsapp' });
    const appointment = await book(p, patient.id, '2026-06-02T08:00:00Z', { createdAt: new Date('2026-05-20T00:00:00Z') });
    await p.automations.runDue();
    // As if the worker died right after starting the flow: the row is still claimed, its claim long expired.
    await p.ctx.db.execute(sql`
      UPDATE planned_reminders SET state = 'sending', locked_until = '2026-06-01T08:01:00Z', outcome = NULL,
        meta = jsonb_build_object('firstClaimAt', to_char((SELECT min(created_at) FROM bot_sessions WHERE appointment_id = ${appointment.id}) - interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      WHERE appointment_id = ${appointment.id}`);
    p.clock.set('2026-06-01T08:10:00Z');
    await p.automations.runDue();
    expect(await planned(p, appointment.id)).toEqual([expect.objectContaining({ slot: 'reminder_1', state: 'done', outcome: 'flow_started' })]);
    const sessions = await p.ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM bot_sessions WHERE appointment_id = ${appointment.id}`);
    expect(sessions.rows[0]?.n).toBe(1);
    expect((await sentTo(p, patient.id)).filter((m) => m.purpose === 'reminder')).toHaveLength(1);
  });
});

describe('demo clinic', () => {
  let p: AutomationPlatform;
  beforeAll(async () => {
    // A fixed morning: the demo diary is laid out from the platform's clock, not the machine's.
    p = await startAutomationPlatform('2026-06-01T06:00:00Z', { DEMO: '1' });
  });
  afterAll(async () => {
    await p?.close();
  });

  it('when the sending window opens, then the demo clinic’s due reminders go out through the simulator and a reply confirms', async () => {
    await p.automations.runDue();
    const next = await p.ctx.db.execute<{ due_at: string }>(sql`SELECT min(due_at) AS due_at FROM planned_reminders WHERE slot = 'reminder_1' AND state = 'planned'`);
    expect(next.rows[0]?.due_at).toBeTruthy();
    p.clock.set(new Date(next.rows[0]!.due_at));
    await p.automations.runDue();
    const started = await p.ctx.db.execute<{ appointment_id: string; patient_id: string }>(
      sql`SELECT appointment_id, patient_id FROM planned_reminders WHERE slot = 'reminder_1' AND state = 'done' AND outcome = 'flow_started'`,
    );
    expect(started.rows.length).toBeGreaterThan(0);
    const { appointment_id: appointmentId, patient_id: patientId } = started.rows[0]!;
    const patient = await p.ctx.repos.patients.getRow(p.clinicId, patientId);
    const agent = await loginAgent(p);
    const outbound = await waitFor(
      async () => (await agent.get('/api/simulator/messages').query({ phone: patient!.phones[0] })).body.items ?? [],
      (items: unknown[]) => items.length > 0,
    );
    expect(outbound.length).toBeGreaterThan(0);
    await agent.post('/api/simulator/messages').send({ from: patient!.phones[0], text: 'Sí' }).expect((res) => expect(res.status).toBeLessThan(300));
    const appointment = await waitFor(() => p.ctx.repos.appointments.get(p.clinicId, appointmentId), (row) => row?.status === 'confirmed');
    expect(appointment?.status).toBe('confirmed');
  });
});
