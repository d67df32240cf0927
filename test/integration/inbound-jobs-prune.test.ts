// Done inbound jobs are history for a week, then pruned; open and failed ones are never touched.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';
import { waitFor } from './automations.helpers.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const jobs = async () => (await platform.ctx.db.execute<{ message_id: string; state: string }>(sql`SELECT message_id, state FROM inbound_jobs ORDER BY seq`)).rows;

describe('pruning done inbound jobs', () => {
  it('when done jobs are older than the retention, then they are deleted, and recent, pending and failed ones stay', async () => {
    const agent = await loginAgent(platform);
    const ids: string[] = [];
    for (const from of ['+34600700001', '+34600700002', '+34600700003', '+34600700004']) {
      ids.push((await agent.post('/api/simulator/messages').send({ from, text: 'Hola' }).expect(201)).body.message.id);
    }
    await waitFor(jobs, (rows) => rows.length === 4 && rows.every((row) => row.state === 'done'), 20_000);
    const [old, recent, failed, pending] = ids;
    await platform.ctx.db.execute(sql`UPDATE inbound_jobs SET updated_at = now() - interval '8 days' WHERE message_id IN (${old}, ${failed}, ${pending})`);
    await platform.ctx.db.execute(sql`UPDATE inbound_jobs SET state = 'failed' WHERE message_id = ${failed}`);
    await platform.ctx.db.execute(sql`UPDATE inbound_jobs SET state = 'pending', due_at = now() + interval '1 day' WHERE message_id = ${pending}`);

    expect(await platform.ctx.repos.inboundJobs.deleteDoneBefore(new Date(Date.now() - 7 * 86_400_000))).toBe(1);
    expect((await jobs()).map((row) => row.message_id).sort()).toEqual([recent, failed, pending].sort());
  });
});
