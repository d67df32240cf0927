// Erasure on request: no name, phone, e-mail or message text of the patient is left in any table (checked across
// the whole schema), a PMS re-sync of the same record does not bring it back, and the erasure is audited.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';
import { waitFor } from './automations.helpers.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const CSV = ['Nº Historia;Nombre;Apellidos;Teléfono móvil;Email', '7001;Remedios;Quintanilla;612 98 76 54;remedios@example.es'].join('\n');
const TRACES = ['Remedios', 'Quintanilla', '612987654', 'remedios@example', 'VIH positivo', 'Le llamamos hoy', 'Control del tratamiento'];

/** Every text, array and JSON column of every table, searched for each trace: what is still held anywhere. */
async function tracesLeft(): Promise<string[]> {
  const columns = await platform.ctx.db.execute<{ table_name: string; column_name: string }>(sql`
    SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`);
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns.rows) {
    for (const trace of TRACES) {
      const hit = await platform.ctx.db.execute(sql`SELECT 1 FROM ${sql.identifier(table)} WHERE ${sql.identifier(column)}::text ILIKE ${`%${trace}%`} LIMIT 1`);
      if (hit.rows.length) found.push(`${table}.${column}: ${trace}`);
    }
  }
  return found;
}

describe('patient erasure', () => {
  it('when an admin erases a patient, then nothing personal is left in any table, a re-sync does not restore it, and the erasure is audited', async () => {
    const admin = await loginAgent(platform);
    const connectorId = (await admin.post('/api/connectors').send({ type: 'csv', name: 'Gesden', config: { resource: 'patients' }, syncIntervalMinutes: null }).expect(201)).body.id;
    const upload = () => admin.post(`/api/connectors/${connectorId}/import`).set('content-type', 'text/csv').send(CSV).expect(200);
    await upload();
    const { conversationId } = (await admin.post('/api/simulator/messages').send({ from: '+34612987654', text: 'Mi analítica: VIH positivo' }).expect(201)).body;
    const { patientId } = (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body;
    await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Le llamamos hoy, Remedios' }).expect(201);
    await admin.post(`/api/conversations/${conversationId}/notes`).send({ text: 'Control del tratamiento cada mes' }).expect(201);
    await admin.post('/api/appointments').send({ patientId, startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }).expect(201);
    expect((await tracesLeft()).length).toBeGreaterThan(0);

    const agentLogin = { email: 'borra@sonrisa.test', password: 'agent-pass-42' };
    await admin.post('/api/users').send({ ...agentLogin, name: 'Recepción', role: 'agent' }).expect(201);
    await (await loginAgent(platform, agentLogin)).post(`/api/patients/${patientId}/erase`).expect(403);
    const other = await addClinic(platform, 'Clínica Otra');
    await (await loginAgent(platform, other.admin)).post(`/api/patients/${patientId}/erase`).expect(404);

    await admin.post(`/api/patients/${patientId}/erase`).expect(204);
    expect(await tracesLeft()).toEqual([]);
    // What reports count is still there: the conversation's messages, in and out, and the appointment.
    const kept = await platform.ctx.db.execute<{ direction: string }>(sql`SELECT direction FROM messages WHERE conversation_id = ${conversationId} ORDER BY seq`);
    expect(kept.rows.map((m) => m.direction)).toEqual(expect.arrayContaining(['in', 'out']));
    expect((await admin.get('/api/appointments').query({ patientId }).expect(200)).body.items).toHaveLength(1);

    expect((await upload()).body).toMatchObject({ created: 0 });
    expect(await tracesLeft()).toEqual([]);
    expect(((await admin.get('/api/patients').expect(200)).body.items as Array<{ id: string }>).map((p) => p.id)).not.toContain(patientId);

    const audit = await waitFor(() => admin.get('/api/audit').query({ patientId }).then((res) => res.body.items as Array<{ action: string }>), (items) => items.some((e) => e.action === 'erase'));
    expect(audit.map((e) => e.action)).toContain('erase');
  });
});
