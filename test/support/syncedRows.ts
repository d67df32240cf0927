// What a connector sync left in the database, read the way the connector tests check it.
import { sql } from 'drizzle-orm';
import type { QueryResultRow } from 'pg';
import type { Platform } from '../../server/platform.ts';
import type { loginAgent } from './testPlatform.ts';

export async function rows<T extends QueryResultRow>(platform: Platform, query: ReturnType<typeof sql>) {
  return (await platform.ctx.db.execute<T>(query)).rows;
}

/** The newest write to any synced table: a sync that writes nothing leaves it where it was. */
export async function lastWrite(platform: Platform): Promise<string> {
  const [row] = await rows<{ at: string | null }>(platform, sql`
    SELECT max(at)::text AS at FROM (
      SELECT max(updated_at) AS at FROM patients UNION ALL SELECT max(updated_at) FROM appointments
      UNION ALL SELECT max(updated_at) FROM providers UNION ALL SELECT max(updated_at) FROM locations
      UNION ALL SELECT max(updated_at) FROM services UNION ALL SELECT max(updated_at) FROM treatments
      UNION ALL SELECT max(updated_at) FROM recalls) AS writes`);
  return row?.at ?? '';
}

export async function appointmentByExternalId(admin: Awaited<ReturnType<typeof loginAgent>>, externalId: string) {
  const items = (await admin.get('/api/appointments').query({ limit: 100 }).expect(200)).body.items as Array<{ id: string; externalId: string; status: string; patientId: string }>;
  return items.find((item) => item.externalId === externalId);
}
