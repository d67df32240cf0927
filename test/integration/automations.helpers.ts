// Shared set-up for the automation tests: a real platform on a fresh database with a clock the test moves,
// and builders for clinic data with creation times on that clock.
import { sql } from 'drizzle-orm';
import { startPlatform, type Platform } from '../../server/platform.ts';
import { createAppointment } from '../../server/modules/appointments/saveAppointment.ts';
import { createManualClock, type ManualClock } from '../../server/modules/automations/clock.ts';
import { createTestDatabaseTarget } from '../support/testDatabase.ts';
import { ADMIN } from '../support/testPlatform.ts';

export type AutomationPlatform = Platform & { clock: ManualClock; clinicId: string };

export async function startAutomationPlatform(start: string, env: Record<string, string> = {}, databaseUrl?: string): Promise<AutomationPlatform> {
  const target = databaseUrl ? { kind: 'postgres' as const, url: databaseUrl, drop: async () => undefined } : await createTestDatabaseTarget();
  const clock = createManualClock(start);
  const platform = await startPlatform({
    inMemory: target.kind === 'pglite',
    clock,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: target.url,
      BOOTSTRAP_CLINIC_NAME: 'Clínica Sonrisa',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      DEMO: '0',
      WORKER: '1',
      WHATSAPP_WEB_SESSIONS: '0',
      ...env,
    },
  });
  const clinicId = (await platform.ctx.repos.clinics.listIds())[0]!;
  await platform.ctx.repos.channels.ensureSimulator(clinicId);
  return {
    ...platform,
    clock,
    clinicId,
    close: async () => {
      await platform.close();
      await target.drop();
    },
  };
}

let phoneCounter = 0;

export async function addPatient(p: AutomationPlatform, values: Record<string, unknown> = {}) {
  const phone = `+3461${String(Date.now() % 1e4).padStart(4, '0')}${String(++phoneCounter).padStart(3, '0')}`;
  return p.ctx.repos.patients.insert(p.clinicId, { firstName: 'Lucía', lastName: 'García', phones: [phone], locale: 'es', privacyConsent: true, ...values });
}

/** An appointment booked "now" on the test clock (creation time matters to the lead-time and notice rules). */
export async function book(p: AutomationPlatform, patientId: string, startsAt: string, values: Record<string, unknown> = {}) {
  const row = await p.ctx.repos.appointments.insert(p.clinicId, {
    patientId,
    startsAt: new Date(startsAt),
    endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000),
    createdAt: p.clock.now(),
    ...values,
  });
  return row;
}

/** Same as booking through the API: the change event fires and the planner reacts at once. */
export async function bookAndAnnounce(p: AutomationPlatform, patientId: string, startsAt: string) {
  return createAppointment({ ...p.ctx.repos, events: p.ctx.events }, p.clinicId, { patientId, startsAt });
}

export async function planned(p: AutomationPlatform, appointmentId: string) {
  const result = await p.ctx.db.execute<{ slot: string; state: string; outcome: string | null; due_at: string }>(
    sql`SELECT slot, state, outcome, due_at FROM planned_reminders WHERE appointment_id = ${appointmentId} ORDER BY slot`,
  );
  return result.rows.map((row) => ({ slot: row.slot, state: row.state, outcome: row.outcome, dueAt: new Date(row.due_at).toISOString() }));
}

export async function sentTo(p: AutomationPlatform, patientId: string) {
  const result = await p.ctx.db.execute<{ purpose: string; text: string; channel_kind: string | null }>(sql`
    SELECT m.purpose, m.text, m.channel_kind FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE c.patient_id = ${patientId} AND m.direction = 'out' ORDER BY m.seq`);
  return result.rows;
}

export async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
