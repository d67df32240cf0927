// Two worker processes' worth of platforms on one real PostgreSQL: the planner and the dispatcher run on both
// at once (and Agenda in the background), and every planned row is acted on exactly once.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseTarget, testDbKind, type TestDatabaseTarget } from '../support/testDatabase.ts';
import { loginAgent } from '../support/testPlatform.ts';
import { addPatient, book, startAutomationPlatform, type AutomationPlatform } from './automations.helpers.ts';

const onPostgres = testDbKind() === 'postgres';
let target: TestDatabaseTarget;
let first: AutomationPlatform;
let second: AutomationPlatform;
const COUNT = 40;

describe.runIf(onPostgres)('two workers on one PostgreSQL', () => {
  beforeAll(async () => {
    target = await createTestDatabaseTarget();
    [first, second] = await Promise.all([
      startAutomationPlatform('2026-06-01T06:00:00Z', {}, target.url),
      startAutomationPlatform('2026-06-01T06:00:00Z', {}, target.url),
    ]);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await target?.drop();
  });

  it('when both dispatch the same due follow-ups at once, then each patient is handed to reception exactly once', async () => {
    const admin = await loginAgent(first);
    await admin.put('/api/automations').send({ followUp: { mode: 'manual', afterHours: 1 }, events: { appointmentBooked: { enabled: false, channels: [] } } }).expect(200);
    const patients = [];
    for (let i = 0; i < COUNT; i++) {
      const patient = await addPatient(first);
      patients.push(patient);
      await book(first, patient.id, '2026-06-01T07:00:00Z', { status: 'attended', createdAt: new Date('2026-05-20T00:00:00Z') });
    }
    for (const platform of [first, second]) platform.clock.set('2026-06-01T09:00:00Z');
    await Promise.all([first.automations.runDue(), second.automations.runDue(), first.automations.runDue(), second.automations.runDue()]);

    const rows = await first.ctx.db.execute<{ state: string; attempts: number; n: number }>(
      sql`SELECT state, attempts, count(*)::int AS n FROM planned_reminders WHERE slot = 'followup' GROUP BY state, attempts`,
    );
    expect(rows.rows).toEqual([{ state: 'done', attempts: 1, n: COUNT }]);
    const handovers = await first.ctx.db.execute<{ patient_id: string; n: number }>(sql`
      SELECT c.patient_id, count(*)::int AS n FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id
      WHERE e.kind = 'handover' AND e.reason = 'followup_due' GROUP BY c.patient_id`);
    expect(handovers.rows).toHaveLength(COUNT);
    expect(handovers.rows.every((row) => row.n === 1)).toBe(true);
  });

  it('when both dispatch the same due first reminders at once, then each patient gets one reminder flow and one message', async () => {
    const appointments = [];
    for (let i = 0; i < COUNT; i++) {
      const patient = await addPatient(first, { preferredChannel: 'whatsapp' });
      appointments.push(await book(first, patient.id, '2026-06-02T09:00:00Z', { createdAt: new Date('2026-05-20T00:00:00Z') }));
    }
    await Promise.all([first.automations.runDue(), second.automations.runDue(), first.automations.runDue(), second.automations.runDue()]);
    const ids = appointments.map((appointment) => appointment.id);
    const sessions = await first.ctx.db.execute<{ appointment_id: string; n: number }>(
      sql`SELECT appointment_id, count(*)::int AS n FROM bot_sessions WHERE flow = 'reminder' AND appointment_id IN ${ids} GROUP BY appointment_id`,
    );
    expect(sessions.rows).toHaveLength(COUNT);
    expect(sessions.rows.every((row) => row.n === 1)).toBe(true);
    const reminders = await first.ctx.db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id
      JOIN appointments a ON a.patient_id = c.patient_id WHERE m.purpose = 'reminder' AND a.id IN ${ids}`);
    expect(reminders.rows[0]?.n).toBe(COUNT);
  });
});
