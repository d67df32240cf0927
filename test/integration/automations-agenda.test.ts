// Agenda drives the sweeps by itself, on the embedded database and on PostgreSQL alike; an HTTP-only
// instance (WORKER=0) starts no Agenda but still plans what changes through it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPatient, book, bookAndAnnounce, planned, startAutomationPlatform, waitFor, type AutomationPlatform } from './automations.helpers.ts';

describe('Agenda as the clock', () => {
  let p: AutomationPlatform;
  beforeAll(async () => {
    p = await startAutomationPlatform('2026-06-01T08:00:00Z');
  });
  afterAll(async () => {
    await p?.close();
  });

  it('when the platform runs, then Agenda keeps one recurring job per sweep and runs them without being asked', { timeout: 120_000 }, async () => {
    const patient = await addPatient(p, { preferredChannel: 'whatsapp' });
    const appointment = await book(p, patient.id, '2026-06-02T08:00:00Z', { createdAt: new Date('2026-05-20T00:00:00Z') });
    // Agenda's own cadence (plan every 30 s, dispatch every 10 s, polled every 5 s): allow a few rounds on a busy machine.
    const rows = await waitFor(() => planned(p, appointment.id), (list) => list[0]?.state === 'done', 90_000);
    expect(rows).toEqual([expect.objectContaining({ slot: 'reminder_1', state: 'done', outcome: 'flow_started' })]);
    const jobs = await p.ctx.db.execute<{ name: string; type: string }>(sql`SELECT name, type FROM agenda_jobs ORDER BY name`);
    expect(jobs.rows).toEqual([
      { name: 'automations:dispatch', type: 'single' },
      { name: 'automations:plan', type: 'single' },
      { name: 'connectors:sync-due', type: 'single' },
      { name: 'recalls:generate', type: 'single' },
      { name: 'retention:purge', type: 'single' },
    ]);
  });
});

describe('an HTTP-only instance', () => {
  let p: AutomationPlatform;
  beforeAll(async () => {
    p = await startAutomationPlatform(new Date().toISOString(), { WORKER: '0' });
  });
  afterAll(async () => {
    await p?.close();
  });

  it('when an appointment is booked there, then it is planned at once but no Agenda runs on it', { timeout: 60_000 }, async () => {
    const patient = await addPatient(p);
    const appointment = await bookAndAnnounce(p, patient.id, new Date(Date.now() + 3 * 86_400_000).toISOString());
    // The planner reacts to the change event after the insert returns: wait for it (generously, on a busy machine).
    const rows = await waitFor(() => planned(p, appointment.id), (list) => list.length > 0, 45_000);
    expect(rows).toEqual([expect.objectContaining({ slot: 'reminder_1', state: 'planned' })]);
    const table = await p.ctx.db.execute<{ name: string | null }>(sql`SELECT to_regclass('agenda_jobs')::text AS name`);
    expect(table.rows[0]?.name).toBeNull();
  });
});
