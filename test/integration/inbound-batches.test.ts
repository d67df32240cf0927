// Inbound webhooks that arrive together are stored together (one statement per batch): every message once, one
// patient per new number and one conversation per patient even when their first messages share a batch, each
// message's job queued in arrival order, unread counts exact, and a channel's new credentials honoured at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { postAsTwilio, signTwilioRequest } from '../stand-ins/twilio/sign-twilio-request.ts';
import { freePort } from '../support/freePort.ts';
import { connectSocket, recordEvents, sessionCookie } from '../support/sockets.ts';
import { disableAutoReply, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

const ACCOUNT = 'AC0000000000000000000000000000b47c';
const TOKEN = 'batch-token-1';
const CLINIC_NUMBER = '+34910000047';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let channelId: string;
let webhookUrl: string;
let sid = 0;

beforeAll(async () => {
  const port = await freePort();
  // No inbound worker: what is checked is what the acknowledgement stored, not what handling did after it.
  platform = await startTestPlatform({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, INBOUND_WORKER: '0' });
  admin = await loginAgent(platform);
  await disableAutoReply(admin);
  const channel = await admin.post('/api/channels').send({ type: 'twilio_sms', name: 'SMS', config: { accountSid: ACCOUNT, authToken: TOKEN, from: CLINIC_NUMBER } }).expect(201);
  channelId = channel.body.id;
  webhookUrl = `http://127.0.0.1:${port}/webhooks/twilio/${channelId}`;
});
afterAll(() => platform.close());

const form = (from: string, body: string, messageSid = `SM${String(++sid).padStart(32, '0')}`) => ({
  AccountSid: ACCOUNT, MessageSid: messageSid, SmsMessageSid: messageSid, From: from, To: CLINIC_NUMBER, Body: body, NumMedia: '0', ApiVersion: '2010-04-01',
});

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await platform.ctx.db.execute(query)).rows as T[];
}

describe('inbound webhooks arriving together', () => {
  it('when 60 arrive at once from 6 new numbers, with 10 repeated deliveries, then each message is stored once, with one patient and one conversation per number, jobs in arrival order and exact unread counts', async () => {
    const phones = Array.from({ length: 6 }, (_, i) => `+3465047${String(i).padStart(4, '0')}`);
    const forms = Array.from({ length: 60 }, (_, i) => form(phones[i % 6]!, `mensaje ${i}`));
    const cookie = await sessionCookie(platform.url);
    const socket = await connectSocket(platform.url, cookie);
    const events = recordEvents(socket);
    try {
      // Twilio retrying: the same MessageSid delivered again, in the same burst.
      const deliveries = [...forms, ...forms.slice(0, 10)];
      const answers = await Promise.all(deliveries.map((params) => postAsTwilio(webhookUrl, TOKEN, params)));
      expect(answers.map((answer) => answer.status)).toEqual(deliveries.map(() => 200));

      const stored = await rows<{ phone: string; n: number; patients: number; conversations: number; unread: number }>(sql`
        SELECT p.phones[1] AS phone, count(m.id)::int AS n, count(DISTINCT p.id)::int AS patients, count(DISTINCT c.id)::int AS conversations, max(c.unread_count) AS unread
        FROM patients p JOIN conversations c ON c.patient_id = p.id JOIN messages m ON m.conversation_id = c.id
        WHERE c.channel_id = ${channelId} GROUP BY p.phones[1] ORDER BY 1`);
      expect(stored).toEqual(phones.map((phone) => ({ phone, n: 10, patients: 1, conversations: 1, unread: 10 })));
      const patientsPerNumber = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM patients WHERE phones && ${`{${phones.join(",")}}`}::text[]`);
      expect(patientsPerNumber[0]!.n).toBe(6);

      // One job per message; within a conversation they run in the order the messages were received.
      const jobs = await rows<{ text: string; conversation_id: string; new_conversation: boolean }>(sql`
        SELECT m.text, j.conversation_id, j.new_conversation FROM inbound_jobs j JOIN messages m ON m.id = j.message_id
        WHERE m.channel_id = ${channelId} ORDER BY j.seq`);
      expect(jobs).toHaveLength(60);
      for (const phone of phones) {
        const index = phones.indexOf(phone);
        const own = jobs.filter((job) => Number(job.text.split(' ')[1]) % 6 === index);
        expect(own.map((job) => job.text)).toEqual(forms.filter((f) => f.From === phone).map((f) => f.Body));
        // Only the message that opened the conversation is marked as its first.
        expect(own.filter((job) => job.new_conversation)).toHaveLength(1);
        expect(own[0]!.new_conversation).toBe(true);
      }

      // The staff socket hears each stored message once (sent before each 200; wait only for the socket's delivery).
      const heard = () => events.received.filter((e) => e.event === 'message:new').map((e) => (e.payload as { message: { text: string } }).message.text).filter((text) => text.startsWith('mensaje '));
      for (let tries = 0; heard().length < 60 && tries < 200; tries++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(heard()).toHaveLength(60);
      expect(new Set(heard()).size).toBe(60);
    } finally {
      socket.disconnect();
    }
  });

  it('when a known patient and a new number write in the same burst as a message with a U+0000, then all are stored and the list shows each conversation\'s latest words', async () => {
    const known = '+34650470000';
    const fresh = '+34650471111';
    const answers = await Promise.all([
      postAsTwilio(webhookUrl, TOKEN, form(known, 'primero')),
      postAsTwilio(webhookUrl, TOKEN, form(fresh, 'hola\u0000 soy nuevo')),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const latest = await postAsTwilio(webhookUrl, TOKEN, form(known, 'segundo'));
    expect(latest.status).toBe(200);
    const list = (await admin.get('/api/conversations').query({ q: '65047', channel: 'twilio_sms', limit: 50 }).expect(200)).body.items as { lastMessagePreview?: string; preview?: string; patient?: { phones?: string[] } }[];
    const previews = list.map((item) => JSON.stringify(item));
    expect(previews.some((p) => p.includes('segundo'))).toBe(true);
    expect(previews.some((p) => p.includes('hola soy nuevo'))).toBe(true);
  });

  it('when the channel\'s auth token changes, then the next webhook is checked against the new token at once, not a cached one', async () => {
    const newToken = 'batch-token-2';
    await admin.patch(`/api/channels/${channelId}`).send({ config: { authToken: newToken } }).expect(200);
    const params = form('+34650472222', 'con el token nuevo');
    expect((await postAsTwilio(webhookUrl, newToken, params)).status).toBe(200);
    const old = form('+34650472222', 'con el token viejo');
    expect((await postAsTwilio(webhookUrl, TOKEN, old, signTwilioRequest(TOKEN, webhookUrl, old))).status).toBe(403);
    const texts = await rows<{ text: string }>(sql`SELECT text FROM messages WHERE channel_id = ${channelId} AND text LIKE 'con el token%'`);
    expect(texts.map((row) => row.text)).toEqual(['con el token nuevo']);
  });
});
