// The outbox's last check: a message queued before the patient withdrew consent for its purpose on that channel
// (a send-later recall) does not go out; another purpose's message to the same patient does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendOutbound } from '../../server/modules/inbox/sendOutbound.ts';
import { dispatchOutbox } from '../../server/modules/outbox/dispatchOutbox.ts';
import type { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import { loginAgent, type TestPlatform } from '../support/testPlatform.ts';
import { startOutboxSetting, type OutboxSetting } from './outbox.helpers.ts';

let setting: OutboxSetting;
let twilio: TwilioStandIn;
let platform: TestPlatform;
let clinicId: string;
let channelId: string;

beforeAll(async () => {
  setting = await startOutboxSetting({ account: 'AC99992222333344445555666677778888', token: 'consent-test-token', from: '+34910000003' });
  ({ twilio, platform, clinicId, channelId } = setting);
});
afterAll(async () => {
  await setting?.close();
});

describe('outbox and consent per purpose', () => {
  it('when recall consent on SMS is withdrawn after the recall was queued, then it fails no_consent and is never sent, while a reminder goes', async () => {
    const admin = await loginAgent(platform);
    const patient = (await admin.post('/api/patients').send({ firstName: 'Retirada', phones: ['+34611223344'] }).expect(201)).body;
    const { row: conversation } = await platform.ctx.repos.conversations.findOrCreate(clinicId, patient.id, channelId, { state: 'closed' });
    const queue = (purpose: string, text: string) => sendOutbound(platform.ctx.inbox, { clinicId, conversationId: conversation.id, author: 'bot', channelKind: 'sms', purpose, text });
    const { message: recall } = await queue('recall', 'Le toca la revisión');
    const { message: reminder } = await queue('reminder', 'Mañana tiene cita');

    await admin.post(`/api/patients/${patient.id}/consents`).send({ purpose: 'recalls', channel: 'sms', granted: false }).expect(201);
    while ((await dispatchOutbox(setting.worker('consent-worker'))) > 0);

    expect(await platform.ctx.repos.messages.get(clinicId, recall.id)).toMatchObject({ status: 'failed', errorCode: 'no_consent' });
    expect((await platform.ctx.repos.messages.get(clinicId, reminder.id))?.status).toBe('sent');
    const bodies = twilio.requests.filter((r) => r.method === 'POST').map((r) => r.params.Body);
    expect(bodies).toContain('Mañana tiene cita');
    expect(bodies).not.toContain('Le toca la revisión');
  });
});
