// A restart in the middle of a conversation: the flow's snapshot is in the database, so the next reply
// continues exactly where the patient left off.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPlatform } from '../../server/platform.ts';
import { createTestDatabaseTarget } from '../support/testDatabase.ts';
import { ADMIN, loginAgent } from '../support/testPlatform.ts';
import { waitFor } from './automations.helpers.ts';

describe('bots across a restart', () => {
  it.each(['recall', 'reminder', 'followup'] as const)('when the platform restarts mid-%s, then the patient reply is understood by the resumed flow', async (flow) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clinic-bots-'));
    const target = await createTestDatabaseTarget();
    const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATABASE_URL: target.url, BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password, WHATSAPP_WEB_SESSIONS: '0' };
    const phone = '+34600991122';
    try {
      const before = await startPlatform({ env });
      const admin = await loginAgent(before);
      const patient = (await admin.post('/api/patients').send({ firstName: 'Reinicio', phones: [phone], privacyConsent: true }).expect(201)).body;
      // Ten days ahead: no reminder or follow-up of the automations comes due during the test and takes the conversation.
      const target_ = flow === 'recall'
        ? { recallId: (await admin.post('/api/recalls').send({ patientId: patient.id, reason: 'Limpieza', dueDate: '2026-12-01' }).expect(201)).body.id }
        : { appointmentId: (await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }).expect(201)).body.id };
      const started = (await admin.post('/api/bots/start').send({ flow, ...target_, ...(flow === 'followup' ? { followupKind: 'survey' } : {}) }).expect(201)).body;
      await before.close();

      const after = await startPlatform({ env });
      try {
        const again = await loginAgent(after);
        await again.post('/api/simulator/messages').send({ from: phone, ...(flow === 'recall' ? { button: 'Agendar cita' } : flow === 'reminder' ? { text: 'Confirmo' } : { text: '2' }) }).expect(201);
        // The bot answers after the webhook's 201: wait for its outcome rather than assume it is done.
        const conversation = () => again.get(`/api/conversations/${started.conversationId}`).expect(200).then((res) => res.body as { handoverReason: string | null });
        if (flow === 'recall') {
          expect((await waitFor(() => again.get(`/api/recalls/${target_.recallId}`).expect(200).then((res) => res.body.status as string), (status) => status !== 'sent', 20_000))).toBe('accepted');
          expect((await waitFor(conversation, (c) => c.handoverReason !== null, 20_000)).handoverReason).toBe('recall_accepted');
        } else if (flow === 'reminder') {
          expect((await waitFor(() => again.get(`/api/appointments/${target_.appointmentId}`).expect(200).then((res) => res.body.status as string), (status) => status === 'confirmed', 20_000))).toBe('confirmed');
        } else {
          expect((await waitFor(conversation, (c) => c.handoverReason !== null, 20_000)).handoverReason).toBe('low_satisfaction');
        }
      } finally {
        await after.close();
      }
    } finally {
      await target.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
