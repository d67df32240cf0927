// The bots' ports contract (bots/portsContract.ts) against the PostgreSQL-backed ports: sessions in bot_sessions,
// the per-conversation lock (promise chain, plus an advisory lock on a real PostgreSQL).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBotPortsContract } from '../../bots/portsContract.ts';
import { createBotSessionsRepository } from '../../server/modules/bots/botSessions.repository.ts';
import { createConversationLocks } from '../../server/modules/bots/conversationLocks.ts';
import { createDatabaseBotPorts, type BotRuntimeDeps } from '../../server/modules/bots/databaseBotPorts.ts';
import { testChannelDecider } from '../support/channelDecider.ts';
import { startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let lockPool: pg.Pool | null = null;
let runtime: BotRuntimeDeps;
let clinicId: string;
let counter = 0;

beforeAll(async () => {
  platform = await startTestPlatform();
  const { ctx } = platform;
  lockPool = ctx.database.kind === 'postgres' ? new pg.Pool({ connectionString: ctx.database.url, max: 2 }) : null;
  runtime = { ctx, sessions: createBotSessionsRepository(ctx.db), withConversationLock: createConversationLocks(lockPool), decideChannel: testChannelDecider(ctx) };
  const [firstClinic] = await ctx.repos.clinics.listIds();
  if (!firstClinic) throw new Error('the test platform has no clinic');
  clinicId = firstClinic;
});
afterAll(async () => {
  await lockPool?.end();
  await platform.close();
});

describeBotPortsContract('database ports', async () => {
  const { repos } = platform.ctx;
  const patient = await repos.patients.insert(clinicId, { firstName: 'Contrato', lastName: `Puertos ${++counter}`, phones: [`+3460077${String(counter).padStart(4, '0')}`] });
  const channel = await repos.channels.ensureSimulator(clinicId);
  const { row: conversation } = await repos.conversations.findOrCreate(clinicId, patient.id, channel.id, { state: 'bot' });
  return { ports: createDatabaseBotPorts(runtime, clinicId), conversationId: conversation.id };
});

describe('conversation lock across instances', () => {
  it('when two instances lock the same conversation on PostgreSQL, then the second waits for the first', async (test) => {
    // The embedded database is a single process: the in-process chain is the whole lock there.
    if (!lockPool) test.skip();
    const url = platform.ctx.database.url;
    const pools = [new pg.Pool({ connectionString: url, max: 1 }), new pg.Pool({ connectionString: url, max: 1 })];
    try {
      const [first, second] = pools.map((pool) => createConversationLocks(pool));
      const order: string[] = [];
      const work = (label: string, ms: number) => async () => {
        order.push(`${label} start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        order.push(`${label} end`);
      };
      const conversationId = crypto.randomUUID();
      const slow = first!(conversationId, work('first', 150));
      await new Promise((resolve) => setTimeout(resolve, 30));
      await Promise.all([slow, second!(conversationId, work('second', 1))]);
      expect(order).toEqual(['first start', 'first end', 'second start', 'second end']);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
