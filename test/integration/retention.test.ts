// Retention: with a limit set, the daily job empties message texts, media and notes older than it, keeps what
// reports count, and leaves newer messages alone; without one, nothing is touched.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retentionJob } from '../../server/jobs/retention.ts';
import { disableAutoReply, loginAgent } from '../support/testPlatform.ts';
import { startAutomationPlatform, type AutomationPlatform } from './automations.helpers.ts';

let p: AutomationPlatform;
beforeAll(async () => {
  p = await startAutomationPlatform('2026-06-01T08:00:00Z');
});
afterAll(async () => {
  await p?.close();
});

type Row = { id: string; text: string; media: unknown; purpose: string | null; direction: string; meta: Record<string, unknown> | null };
const rowsOf = async (conversationId: string) =>
  (await p.ctx.db.execute<Row>(sql`SELECT id, text, media, purpose, direction, meta FROM messages WHERE conversation_id = ${conversationId} ORDER BY seq`)).rows;

describe('message retention', () => {
  it('when a clinic keeps messages 6 months, then older texts, media and notes are emptied, counts and newer messages stay', async () => {
    const admin = await loginAgent(p);
    await disableAutoReply(admin);
    const { conversationId } = (await admin.post('/api/simulator/messages').send({ from: '+34600550011', text: 'Tengo una infección', media: [{ url: 'https://example.test/rx.jpg', mimeType: 'image/jpeg' }] }).expect(201)).body;
    await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Venga mañana a las 9' }).expect(201);
    await admin.post(`/api/conversations/${conversationId}/notes`).send({ text: 'Antibiótico recetado' }).expect(201);
    const recent = (await admin.post('/api/simulator/messages').send({ from: '+34600550011', text: 'Ya estoy mejor' }).expect(201)).body.message as { id: string };
    // A year and a half later; the newest message was written last week.
    p.clock.set('2027-12-01T08:00:00Z');
    await p.ctx.db.execute(sql`UPDATE messages SET created_at = '2027-11-24T10:00:00Z' WHERE id = ${recent.id}`);

    const job = retentionJob(p.ctx, p.clock);
    await job.run();
    expect((await rowsOf(conversationId)).map((m) => m.text)).toEqual(['Tengo una infección', 'Venga mañana a las 9', 'Ya estoy mejor']);

    const bad = await admin.patch('/api/clinic').send({ settings: { retention: { messageMonths: 0 } } }).expect(400);
    expect(bad.body.error.field).toContain('retention');
    const clinic = (await admin.get('/api/clinic').expect(200)).body;
    await admin.patch('/api/clinic').send({ settings: { ...clinic.settings, retention: { messageMonths: 6 } } }).expect(200);
    await job.run();

    const after = await rowsOf(conversationId);
    expect(after.map((m) => m.text)).toEqual(['', '', 'Ya estoy mejor']);
    expect(after.map((m) => m.direction)).toEqual(['in', 'out', 'in']);
    expect(after[0]).toMatchObject({ media: null, meta: expect.objectContaining({ purged: true }) });
    const shown = (await admin.get(`/api/conversations/${conversationId}/messages`).expect(200)).body.items as Array<{ text: string; purged?: boolean }>;
    expect(shown.map((m) => m.purged ?? false).reverse()).toEqual([true, true, false]);
    const notes = await p.ctx.db.execute<{ text: string }>(sql`SELECT text FROM conversation_notes WHERE conversation_id = ${conversationId}`);
    expect(notes.rows).toEqual([{ text: '' }]);
    const dump = JSON.stringify((await p.ctx.db.execute(sql`SELECT m.*, c.last_message_preview FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.id = ${conversationId}`)).rows);
    expect(dump).not.toContain('infección');
    expect(dump).not.toContain('rx.jpg');
  });
});
