// A failed query's error carries what it was sent (Drizzle's `params`, in its message and stack too) and the
// database's refusal quotes the row (`detail`). Logged the ways the platform logs errors, none of a patient's
// data may reach the log, while the line still says what failed.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../support/logCapture.ts';
import { startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

const { lines, destination } = captureLogs();
const DIAGNOSIS = 'VIH positivo';
const DNI = '48291637K';
const SURNAME = 'Zubizarreta-Olano';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ LOG_LEVEL: 'info', WORKER: '0' }, { logDestination: destination });
});
afterAll(() => platform.close());

describe('database errors in the logs', () => {
  it("when queries holding a patient's diagnosis and DNI fail, then the logged errors name the fault but carry none of the values", async () => {
    const { repos, logger, db } = platform.ctx;
    const [clinicId] = await repos.clinics.listIds();
    if (!clinicId) throw new Error('expected the bootstrap clinic');
    const patient = { firstName: 'Itziar', lastName: SURNAME, notes: DIAGNOSIS, phones: [], optOuts: [] };

    // A foreign key refusal: the whole patient row is in the query's values.
    const foreignKey = await failure(repos.patients.insert(randomUUID(), patient));
    // A unique refusal: the database's detail quotes the key, the DNI.
    await repos.patients.insert(clinicId, patient, { dni: DNI });
    const unique = await failure(repos.patients.insert(clinicId, patient, { dni: DNI }));
    // A not-null refusal: the detail is "Failing row contains (…)", every column's value.
    const notNull = await failure(db.execute(sql`insert into patients (clinic_id, first_name, last_name, notes) values (${clinicId}, ${null}, ${SURNAME}, ${DIAGNOSIS})`));
    // So the test means something: the errors do hold the values.
    expect(JSON.stringify([foreignKey.params, foreignKey.message, foreignKey.stack])).toContain(DIAGNOSIS);
    expect(String(causeOf(unique).detail)).toContain(DNI);
    expect(String(causeOf(notNull).detail)).toContain(DIAGNOSIS);

    for (const error of [foreignKey, unique, notNull]) {
      // The ways call sites log: under `err` (jobs, the error handler), the error alone, its message under a name.
      logger.error({ err: error, clinicId }, 'planning an appointment failed');
      logger.error(error);
      logger.warn({ reason: error.message }, 'writing the patient answer back to the PMS failed');
      logger.warn({ err: { message: error.message, code: causeOf(error).code } }, 'job failed: database unavailable');
      logger.child({ job: 'sync' }).info({ error }, 'a synced record could not be stored');
    }

    const logs = lines.join('');
    for (const secret of [DIAGNOSIS, DNI, SURNAME, 'Itziar']) expect(logs, secret).not.toContain(secret);
    // What tells the fault is still there: the SQL, PostgreSQL's code, constraint and table.
    expect(logs).toContain('Failed query: insert into \\"patients\\"');
    for (const clue of ['23503', '23505', '23502', 'patient_external_ids', 'first_name']) expect(logs, clue).toContain(clue);
  });

  it('when a value the database cannot read is a patient\'s text, then the data error\'s message does not quote it', async () => {
    const { logger, db } = platform.ctx;
    const error = await failure(db.execute(sql`select ${DIAGNOSIS}::uuid`));
    expect(causeOf(error).message).toContain(DIAGNOSIS);
    logger.error({ err: error }, 'a lookup failed');
    const logs = lines.join('');
    expect(logs).not.toContain(DIAGNOSIS);
    expect(logs).toContain('22P02');
  });
});

type QueryError = Error & { params?: unknown; cause?: unknown };

async function failure(work: Promise<unknown>): Promise<QueryError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected the query to fail');
}

function causeOf(error: QueryError): { code?: string; detail?: string; message?: string } {
  const cause = error.cause;
  if (typeof cause !== 'object' || cause === null) throw new Error('expected a database error as the cause');
  return {
    ...('code' in cause && typeof cause.code === 'string' ? { code: cause.code } : {}),
    ...('detail' in cause && typeof cause.detail === 'string' ? { detail: cause.detail } : {}),
    ...('message' in cause && typeof cause.message === 'string' ? { message: cause.message } : {}),
  };
}
