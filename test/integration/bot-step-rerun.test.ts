// A bot step run twice for the same patient message (its inbound job retried after a crash that came after
// the step's messages were queued but before the step was recorded) sends each message once.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInboundJob } from '../../server/modules/inbox/handleInboundJob.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';
import { waitFor } from './automations.helpers.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

type SessionRow = { id: string; status: string; snapshot: unknown; deadline_at: string | null; ended_at: string | null; end_reason: string | null };

describe('a bot step run again', () => {
  it('when the reply "SI" is handled twice from the session as it was before, then the confirmation is queued once', async () => {
    const admin = await loginAgent(platform);
    const phone = '+34600880011';
    const patient = (await admin.post('/api/patients').send({ firstName: 'Repetida', phones: [phone], privacyConsent: true }).expect(201)).body;
    const appointment = (await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }).expect(201)).body;
    const { conversationId } = (await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201)).body;
    const sessions = () => platform.ctx.db.execute<SessionRow>(sql`SELECT id, status, snapshot, deadline_at, ended_at, end_reason FROM bot_sessions WHERE conversation_id = ${conversationId}`).then((r) => r.rows);
    const [before] = await sessions();

    const { message } = (await admin.post('/api/simulator/messages').send({ from: phone, text: 'SI' }).expect(201)).body;
    await waitFor(sessions, (rows) => rows[0]?.status === 'done', 20_000);
    // The crash: the step's messages are queued, its session change is not recorded, the job runs again.
    await platform.ctx.db.execute(sql`UPDATE bot_sessions SET status = ${before!.status}, snapshot = ${JSON.stringify(before!.snapshot)}::jsonb, deadline_at = ${before!.deadline_at}, ended_at = NULL, end_reason = NULL WHERE id = ${before!.id}`);
    await handleInboundJob(platform.ctx.inbox, { clinicId: (await platform.ctx.repos.clinics.listIds())[0]!, messageId: message.id, newConversation: false });

    const confirmations = await platform.ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${conversationId} AND direction = 'out' AND purpose = 'reminder_confirmed'`);
    expect(confirmations.rows[0]?.n).toBe(1);
    expect((await admin.get(`/api/appointments/${appointment.id}`).expect(200)).body.status).toBe('confirmed');
  });
});
