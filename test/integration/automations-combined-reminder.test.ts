// One reminder for several appointments the same day: it runs the reminder flow like a single reminder. Its
// buttons and text answers (es/en/it/fr) confirm or cancel every appointment it named, with one reply naming
// them, the report counts them all; an appointment already confirmed before the answer keeps its status; free
// text goes to reception.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loginAgent } from '../support/testPlatform.ts';
import { addPatient, book, planned, sentTo, startAutomationPlatform, type AutomationPlatform } from './automations.helpers.ts';

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

/** Two appointments tomorrow (10:00 and 16:00 in Madrid), the combined reminder sent: what the patient got. */
async function combinedReminder(values: Record<string, unknown> = {}) {
  const patient = await addPatient(p, { preferredChannel: 'whatsapp', ...values });
  const createdAt = new Date('2026-05-20T00:00:00Z');
  const morning = await book(p, patient.id, '2026-06-02T08:00:00Z', { createdAt });
  const afternoon = await book(p, patient.id, '2026-06-02T14:00:00Z', { createdAt });
  await p.automations.runDue();
  const agent = await loginAgent(p);
  const sent = (await agent.get('/api/simulator/messages').query({ phone: patient.phones[0] }).expect(200)).body.items as Array<{ text: string; buttons?: string[] }>;
  return { patient, morning, afternoon, agent, sent };
}

async function statusOf(id: string) {
  return (await p.ctx.repos.appointments.get(p.clinicId, id))?.status;
}

type Agent = Awaited<ReturnType<typeof loginAgent>>;

async function multiReport(agent: Agent): Promise<{ appointments: number; confirmed: number }> {
  const items = (await agent.get('/api/reports/messages').query({ from: '2026-01-01', to: '2100-01-01' }).expect(200)).body.items as Array<{ purpose: string; appointments: number; confirmed: number }>;
  return items.find((item) => item.purpose === 'reminder_multi') ?? { appointments: 0, confirmed: 0 };
}

async function conversationOf(patientId: string) {
  const result = await p.ctx.db.execute<{ state: string; handover_reason: string | null }>(sql`SELECT state, handover_reason FROM conversations WHERE patient_id = ${patientId}`);
  return result.rows[0];
}

describe('the combined same-day reminder', () => {
  it('when it goes out, then it is one message listing both appointments, with confirm / cancel buttons, from the reminder flow', async () => {
    const { patient, morning, afternoon, sent } = await combinedReminder();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.buttons).toEqual(['Confirmar', 'Cancelar']);
    expect(sent[0]!.text).toContain('10:00');
    expect(sent[0]!.text).toContain('16:00');
    expect([...(await planned(p, morning.id)), ...(await planned(p, afternoon.id))].map((row) => row.outcome).sort()).toEqual(['merged', 'sent_multi']);
    const sessions = await p.ctx.db.execute<{ flow: string; status: string }>(
      sql`SELECT b.flow, b.status FROM bot_sessions b JOIN conversations c ON c.id = b.conversation_id WHERE c.patient_id = ${patient.id}`,
    );
    expect(sessions.rows).toEqual([{ flow: 'reminder', status: 'active' }]);
  });

  it('when the patient presses "Confirmar", then both appointments are confirmed, one confirmation names both and the report counts both', async () => {
    const { patient, morning, afternoon, agent } = await combinedReminder();
    const before = await multiReport(agent);
    await agent.post('/api/simulator/messages').send({ from: patient.phones[0], button: 'Confirmar' }).expect(201);
    expect([await statusOf(morning.id), await statusOf(afternoon.id)]).toEqual(['confirmed', 'confirmed']);
    const sent = await sentTo(p, patient.id);
    expect(sent.map((m) => m.purpose)).toEqual(['reminder_multi', 'reminder_multi_confirmed']);
    expect(sent[1]!.text).toContain('10:00');
    expect(sent[1]!.text).toContain('16:00');
    expect(await conversationOf(patient.id)).toMatchObject({ state: 'closed' });
    // Every appointment the message covered counts (the other tests' combined reminders are in the report too).
    const after = await multiReport(agent);
    expect(after.appointments - before.appointments).toBe(0);
    expect(after.confirmed - before.confirmed).toBe(2);
  });

  it.each([
    ['es', 'SI'],
    ['es', 'Y'],
    ['en', 'Y'],
    ['it', 'Sì'],
    ['fr', 'OUI'],
  ])('when a %s patient answers "%s", then both appointments are confirmed with one reply', async (locale, answer) => {
    const { patient, morning, afternoon, agent } = await combinedReminder({ locale });
    await agent.post('/api/simulator/messages').send({ from: patient.phones[0], text: answer }).expect(201);
    expect([await statusOf(morning.id), await statusOf(afternoon.id)]).toEqual(['confirmed', 'confirmed']);
    expect((await sentTo(p, patient.id)).map((m) => m.purpose)).toEqual(['reminder_multi', 'reminder_multi_confirmed']);
  });

  it.each([
    ['es', 'NO', 'Hemos cancelado'],
    ['en', 'NO', 'cancelled'],
    ['it', 'NO', 'disdett'],
    ['fr', 'NON', 'annulé'],
  ])('when a %s patient answers "%s", then both appointments are cancelled, one cancellation names both, then the rebooking offer', async (locale, answer, cancelled) => {
    const { patient, morning, afternoon, agent } = await combinedReminder({ locale });
    await agent.post('/api/simulator/messages').send({ from: patient.phones[0], text: answer }).expect(201);
    expect([await statusOf(morning.id), await statusOf(afternoon.id)]).toEqual(['cancelled', 'cancelled']);
    // The planner has seen both cancellations: the flow has told the patient, so no cancellation notice follows.
    await p.automations.runDue();
    const sent = await sentTo(p, patient.id);
    expect(sent.map((m) => m.purpose)).toEqual(['reminder_multi', 'reminder_multi_cancelled', 'rebook_offer']);
    expect(sent[1]!.text).toContain(cancelled);
    // English writes times as "4:00 PM", French as "16 h 00".
    expect(sent[1]!.text).toMatch(/\b10(:| h )00\b/);
    expect(sent[1]!.text).toMatch(/\b(16|4)(:| h )00\b/);
  });

  it('when reception confirmed one appointment before the patient answers "NO", then only the other is cancelled and named', async () => {
    const { patient, morning, afternoon, agent } = await combinedReminder();
    await agent.patch(`/api/appointments/${morning.id}`).send({ status: 'confirmed' }).expect(200);
    await agent.post('/api/simulator/messages').send({ from: patient.phones[0], text: 'NO' }).expect(201);
    expect([await statusOf(morning.id), await statusOf(afternoon.id)]).toEqual(['confirmed', 'cancelled']);
    const cancellation = (await sentTo(p, patient.id)).find((m) => m.purpose === 'reminder_multi_cancelled');
    expect(cancellation?.text).toContain('16:00');
    expect(cancellation?.text).not.toContain('10:00');
  });

  it('when the patient writes something else, then the conversation goes to reception and no appointment changes', async () => {
    const { patient, morning, afternoon, agent } = await combinedReminder();
    await agent.post('/api/simulator/messages').send({ from: patient.phones[0], text: '¿Puedo cambiar la de la tarde al jueves?' }).expect(201);
    expect([await statusOf(morning.id), await statusOf(afternoon.id)]).toEqual(['scheduled', 'scheduled']);
    expect(await conversationOf(patient.id)).toEqual({ state: 'human', handover_reason: 'unrecognised_reply' });
    expect((await sentTo(p, patient.id)).map((m) => m.purpose)).toEqual(['reminder_multi']);
  });
});
