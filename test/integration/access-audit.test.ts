// The access audit: each read, export and change of a patient's data is recorded with who did it, listed for
// admins only and per clinic, and the table refuses to be rewritten.
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

type Entry = { action: string; subjectType: string; subjectId: string; patientId: string; actorUserId: string; detail: { fields?: string[] } };

describe('access audit', () => {
  it('when staff open, export and change a patient, then each is in the audit with who did it, and only that clinic\'s admins can list it', async () => {
    const admin = await loginAgent(platform);
    const me = (await admin.get('/api/auth/me').expect(200)).body.user;
    const { conversationId } = (await admin.post('/api/simulator/messages').send({ from: '+34600660011', text: 'Resultados de la analítica' }).expect(201)).body;
    const { patientId } = (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body;
    await admin.get(`/api/conversations/${conversationId}/messages`).expect(200);
    await admin.get(`/api/patients/${patientId}`).expect(200);
    await admin.get(`/api/patients/${patientId}/export`).expect(200);
    await admin.patch(`/api/patients/${patientId}`).send({ lastName: 'Prieto' }).expect(200);

    const listed = () => admin.get('/api/audit').query({ patientId }).expect(200).then((res) => res.body.items as Entry[]);
    const entries = await waitFor(listed, (items) => items.length >= 5);
    expect(entries.map((e) => [e.action, e.subjectType]).reverse()).toEqual([
      ['read', 'conversation'],
      ['read', 'conversation'],
      ['read', 'patient'],
      ['export', 'patient'],
      ['update', 'patient'],
    ]);
    expect(entries.every((e) => e.actorUserId === me.id && e.patientId === patientId)).toBe(true);
    // What changed is named, never its value.
    expect(entries[0]!.detail.fields).toEqual(['lastName']);
    expect(JSON.stringify(entries)).not.toContain('Prieto');

    const other = await addClinic(platform, 'Clínica Vecina');
    expect((await (await loginAgent(platform, other.admin)).get('/api/audit').query({ patientId }).expect(200)).body.items).toEqual([]);
    const agentLogin = { email: 'auditada@sonrisa.test', password: 'agent-pass-42' };
    await admin.post('/api/users').send({ ...agentLogin, name: 'Recepción', role: 'agent' }).expect(201);
    await (await loginAgent(platform, agentLogin)).get('/api/audit').expect(403);
  });

  it('when anyone tries to change or delete an audit entry in the database, then it is refused', async () => {
    const admin = await loginAgent(platform);
    const { conversationId } = (await admin.post('/api/simulator/messages').send({ from: '+34600660022', text: 'Hola' }).expect(201)).body;
    await admin.get(`/api/conversations/${conversationId}`).expect(200);
    await waitFor(() => platform.ctx.db.execute(sql`SELECT count(*)::int AS n FROM audit_entries`).then((r) => (r.rows[0] as { n: number }).n), (n) => n > 0);
    await expect(platform.ctx.db.execute(sql`UPDATE audit_entries SET action = 'read'`)).rejects.toThrow();
    await expect(platform.ctx.db.execute(sql`DELETE FROM audit_entries`)).rejects.toThrow();
    // Only a clinic's own deletion takes its entries with it.
    const gone = await addClinic(platform, 'Clínica que cierra');
    await platform.ctx.repos.audit.record({ clinicId: gone.clinic.id, action: 'read', subjectType: 'patient', subjectId: gone.clinic.id });
    await platform.ctx.db.execute(sql`DELETE FROM clinics WHERE id = ${gone.clinic.id}`);
    expect((await platform.ctx.db.execute(sql`SELECT count(*)::int AS n FROM audit_entries WHERE clinic_id = ${gone.clinic.id}`)).rows).toEqual([{ n: 0 }]);
  });
});
