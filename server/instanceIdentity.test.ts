// Two live processes never share a name (their claims would be taken from each other); a restarted one gets its name back.
import { describe, expect, it } from 'vitest';
import { createTestDatabaseTarget, testDbKind } from '../test/support/testDatabase.ts';
import { acquireInstanceIdentity } from './instanceIdentity.ts';
import { createLogger } from './logger.ts';

const logger = createLogger('silent');

describe.runIf(testDbKind() === 'postgres')('instance identity', () => {
  it('when a second process asks for a name in use, then it gets a suffixed one; once the first stops, the name is free again', async () => {
    const target = await createTestDatabaseTarget();
    const ask = () => acquireInstanceIdentity({ databaseKind: 'postgres', databaseUrl: target.url!, name: 'clinic-app', logger });
    try {
      const first = await ask();
      const second = await ask();
      expect([first.id, second.id]).toEqual(['clinic-app', 'clinic-app-1']);
      await first.release();
      const restarted = await ask();
      expect(restarted.id).toBe('clinic-app');
      await Promise.all([second.release(), restarted.release()]);
    } finally {
      await target.drop();
    }
  });
});
