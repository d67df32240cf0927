// Alerts sent by reception (running late, provider unavailable) and the message report per automation.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendOutbound } from '../../server/modules/inbox/sendOutbound.ts';
import { loginAgent } from '../support/testPlatform.ts';
import { addPatient, book, planned, sentTo, startAutomationPlatform, waitFor, type AutomationPlatform } from './automations.helpers.ts';

let p: AutomationPlatform;

beforeAll(async () => {
  p = await startAutomationPlatform('2026-06-01T08:00:00Z'); // Monday 10:00 in Madrid
});
afterAll(async () => {
  await p?.close();
});

describe('alerts', () => {
  it("when a provider runs 20 minutes late, then only that provider's patients still to come today get running_late with the new time", async () => {
    const provider = await p.ctx.repos.providers.insert(p.clinicId, { firstName: 'Marta' });
    const other = await p.ctx.repos.providers.insert(p.clinicId, { firstName: 'Pablo' });
    const [past, soon, later, tomorrow, colleague] = await Promise.all([1, 2, 3, 4, 5].map(() => addPatient(p)));
    await book(p, past!.id, '2026-06-01T07:00:00Z', { providerId: provider.id });
    await book(p, soon!.id, '2026-06-01T09:00:00Z', { providerId: provider.id });
    await book(p, later!.id, '2026-06-01T12:30:00Z', { providerId: provider.id });
    await book(p, tomorrow!.id, '2026-06-02T09:00:00Z', { providerId: provider.id });
    await book(p, colleague!.id, '2026-06-01T09:00:00Z', { providerId: other.id });
    const agent = await loginAgent(p);
    const res = await agent.post('/api/alerts/running-late').send({ providerId: provider.id, minutes: 20 }).expect(200);
    expect(res.body).toMatchObject({ appointments: 2, notified: 2 });
    const late = async (id: string) => (await sentTo(p, id)).filter((m) => m.purpose === 'running_late');
    expect(await late(past!.id)).toEqual([]);
    expect(await late(tomorrow!.id)).toEqual([]);
    expect(await late(colleague!.id)).toEqual([]);
    expect((await late(soon!.id))[0]?.text).toContain('11:20');
    expect((await late(later!.id))[0]?.text).toContain('14:50');
  });

  it('when the same delay is announced twice, then nobody gets it twice', async () => {
    const provider = await p.ctx.repos.providers.insert(p.clinicId, { firstName: 'Rosa' });
    const patient = await addPatient(p);
    await book(p, patient.id, '2026-06-01T11:00:00Z', { providerId: provider.id });
    const agent = await loginAgent(p);
    await agent.post('/api/alerts/running-late').send({ providerId: provider.id, minutes: 15 }).expect(200);
    await agent.post('/api/alerts/running-late').send({ providerId: provider.id, minutes: 15 }).expect(200);
    expect((await sentTo(p, patient.id)).filter((m) => m.purpose === 'running_late')).toHaveLength(1);
  });

  it("when a provider is unavailable for a day, then that day's appointments are cancelled, patients told once, and reception gets the conversations", async () => {
    const provider = await p.ctx.repos.providers.insert(p.clinicId, { firstName: 'Luis' });
    const patients = await Promise.all([1, 2].map(() => addPatient(p)));
    const appointments = [];
    for (const [index, patient] of patients.entries()) appointments.push(await book(p, patient.id, `2026-06-03T0${8 + index}:00:00Z`, { providerId: provider.id }));
    await p.automations.runDue();
    const agent = await loginAgent(p);
    const res = await agent.post('/api/alerts/provider-unavailable').send({ providerId: provider.id, date: '2026-06-03' }).expect(200);
    expect(res.body).toMatchObject({ appointments: 2, notified: 2 });
    await p.automations.runDue();
    for (const [index, patient] of patients.entries()) {
      expect((await p.ctx.repos.appointments.get(p.clinicId, appointments[index]!.id))?.status).toBe('cancelled');
      expect((await planned(p, appointments[index]!.id)).every((row) => row.state === 'cancelled')).toBe(true);
      const purposes = (await sentTo(p, patient.id)).map((m) => m.purpose).filter((purpose) => purpose !== 'appointment_booked');
      expect(purposes).toEqual(['provider_unavailable']);
      const conversation = await p.ctx.db.execute<{ state: string; handover_reason: string }>(sql`SELECT state, handover_reason FROM conversations WHERE patient_id = ${patient.id}`);
      expect(conversation.rows).toEqual([{ state: 'human', handover_reason: 'provider_unavailable' }]);
    }
  });

  it("when another clinic's provider is named, then it is not found", async () => {
    const agent = await loginAgent(p);
    await agent.post('/api/alerts/running-late').send({ providerId: '00000000-0000-4000-8000-000000000000', minutes: 10 }).expect(404);
    await agent.post('/api/alerts/running-late').send({ providerId: 'nope', minutes: 10 }).expect(400);
  });
});

describe('message report', () => {
  it('when automated messages went out, then the report counts them per automation, without test messages, with the confirmation rate', async () => {
    const admin = await loginAgent(p);
    await admin.put('/api/automations').send({ reminders: { offsetsHours: [48, 3] } }).expect(200);
    p.clock.set('2026-06-08T06:00:00Z');
    const confirmed = await addPatient(p);
    const cancelled = await addPatient(p);
    const a = await book(p, confirmed.id, '2026-06-08T10:00:00Z', { createdAt: new Date('2026-06-01T00:00:00Z') });
    const b = await book(p, cancelled.id, '2026-06-08T11:00:00Z', { createdAt: new Date('2026-06-01T00:00:00Z') });
    await p.automations.runDue();
    await p.ctx.db.execute(sql`UPDATE planned_reminders SET state = 'done', outcome = 'flow_started' WHERE slot = 'reminder_1' AND appointment_id IN (${a.id}, ${b.id})`);
    p.clock.set('2026-06-08T08:10:00Z');
    await p.automations.runDue();
    await p.ctx.repos.appointments.update(p.clinicId, a.id, { status: 'confirmed' });
    await p.ctx.repos.appointments.update(p.clinicId, b.id, { status: 'cancelled' });
    // A test send never counts.
    const [conversation] = (await p.ctx.db.execute<{ id: string }>(sql`SELECT id FROM conversations WHERE patient_id = ${confirmed.id}`)).rows;
    await sendOutbound(p.ctx.inbox, { clinicId: p.clinicId, conversationId: conversation!.id, author: 'system', text: 'prueba', purpose: 'reminder_second', isTest: true });
    const report = await waitFor(
      async () => (await admin.get('/api/reports/messages').query({ from: '2026-01-01', to: '2100-01-01' }).expect(200)).body,
      (body) => body.items.find((item: { purpose: string; sent: number }) => item.purpose === 'reminder_second')?.sent === 2,
    );
    const second = report.items.find((item: { purpose: string }) => item.purpose === 'reminder_second');
    expect(second).toMatchObject({ sent: 2, failed: 0, appointments: 2, confirmed: 1, cancelled: 1, confirmationRate: 0.5 });
    expect(report.items.map((item: { purpose: string }) => item.purpose)).toContain('running_late');
    await admin.get('/api/reports/messages').query({ from: '2026-06-02', to: '2026-06-01' }).expect(400);
  });
});
