// WhatsApp Web sessions run by the server: lease, QR pairing published to the clinic, inbound messages and
// messages typed on the clinic's own phone, all through Baileys' own events on a local socket stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsAppWebChannel, WhatsAppWebChannel } from '../../integrations/channels/whatsapp-web/whatsapp-web-channel.ts';
import { webMessageInfoFixture } from '../../integrations/channels/whatsapp-web/fixtures/load-fixtures.ts';
import { createChannelLeases } from '../../server/modules/channels/channelLeases.ts';
import { createChannelStateStore } from '../../server/modules/channels/channelStateStore.ts';
import { startWhatsAppWebSessions, type WhatsAppWebSessions } from '../../server/modules/channels/whatsappWebSessions.ts';
import type { ChannelRow } from '../../server/modules/channels/channels.repository.ts';
import { baileysStandInFactory } from '../stand-ins/baileys/baileys-socket-stand-in.ts';
import { connectSocket, recordEvents, sessionCookie } from '../support/sockets.ts';
import { loginAgent, startTestPlatform, type TestPlatform, disableAutoReply } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let channelId: string;
let sessions: WhatsAppWebSessions;
const factory = baileysStandInFactory();

function adapterFor(row: ChannelRow) {
  const config = whatsAppWebChannel.configSchema.parse({ ...row.config, minGapMs: 10, maxGapMs: 20, sameChatGapMs: 20 });
  const context = { channelId: row.id, publicUrl: platform.url, stateStore: createChannelStateStore(platform.ctx, row.id) };
  return Promise.resolve(new WhatsAppWebChannel(config, context, { makeSocket: factory.makeSocket }));
}

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
  await disableAutoReply(admin);
  channelId = (await admin.post('/api/channels').send({ type: 'whatsapp_web', name: 'WhatsApp recepción', config: {} }).expect(201)).body.id;
  sessions = startWhatsAppWebSessions(platform.ctx, { leases: createChannelLeases(platform.ctx.db, 'instance-a'), adapterFor, intervalMs: 60_000 });
  await sessions.ready;
});
afterAll(async () => {
  await sessions.stop();
  await platform.close();
});

const socket = () => factory.sockets.at(-1)!;

// Generous: it returns as soon as the value is there, and a busy CI machine may take seconds.
async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out');
}

describe('WhatsApp Web sessions', () => {
  it('when the session needs pairing, then the QR reaches the clinic live and through the API; once open the channel is active', async () => {
    const events = recordEvents(await connectSocket(platform.url, await sessionCookie(platform.url)));
    socket().emit('connection.update', { qr: 'QR-DATA-123' });
    const live = await events.waitFor('channel:status', (p) => p.channelId === channelId && p.status === 'pairing');
    expect(live.qr).toBe('QR-DATA-123');
    const pairing = (await admin.get(`/api/channels/${channelId}/pairing`).expect(200)).body;
    expect(pairing).toEqual({ status: 'pairing', qr: 'QR-DATA-123', pairingCode: null });

    socket().emit('connection.update', { connection: 'open' });
    await events.waitFor('channel:status', (p) => p.channelId === channelId && p.status === 'active');
    expect((await admin.get(`/api/channels/${channelId}/pairing`).expect(200)).body).toEqual({ status: 'active', qr: null, pairingCode: null });
  });

  it('when a patient writes on WhatsApp, then the message lands in the inbox once', async () => {
    const message = webMessageInfoFixture('conversation');
    socket().emit('messages.upsert', { messages: [message], type: 'notify' });
    socket().emit('messages.upsert', { messages: [message], type: 'notify' });
    const conversation = await waitFor(async () => (await admin.get('/api/conversations').query({ channel: 'whatsapp_web' })).body.items.find((c: { lastMessagePreview: string | null }) => c.lastMessagePreview));
    expect(conversation).toMatchObject({ channelType: 'whatsapp_web', lastMessagePreview: 'Hola, quería pedir cita' });
    const messages = (await admin.get(`/api/conversations/${conversation.id}/messages`).expect(200)).body.items;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ direction: 'in', author: 'patient', channelKind: 'whatsapp' });
  });

  it('when someone at the clinic types on its own phone, then it is stored as an agent message and the bot pauses', async () => {
    const fromMe = webMessageInfoFixture('fromMeOnClinicPhone');
    const phone = `+${String(fromMe.key.remoteJid).split('@')[0]}`;
    await admin.post('/api/simulator/messages').send({ from: phone, text: 'warm-up' });
    socket().emit('messages.upsert', { messages: [webMessageInfoFixture('conversation')], type: 'notify' });
    const conversation = await waitFor(async () => (await admin.get('/api/conversations').query({ channel: 'whatsapp_web', q: phone.slice(3) })).body.items[0]);
    await admin.post(`/api/conversations/${conversation.id}/handback`).expect(200);

    socket().emit('messages.upsert', { messages: [fromMe], type: 'notify' });
    const agentMessage = await waitFor(async () => {
      const items = (await admin.get(`/api/conversations/${conversation.id}/messages`)).body.items as Array<{ author: string; direction: string }>;
      return items.find((m) => m.author === 'agent');
    });
    expect(agentMessage.direction).toBe('out');
    // The pause is the stored message's job, handled by the inbound worker just after: wait for it.
    const paused = await waitFor(async () => {
      const current = (await admin.get(`/api/conversations/${conversation.id}`).expect(200)).body as { state: string; handoverReason: string | null };
      return current.state === 'human' ? current : undefined;
    });
    expect(paused).toMatchObject({ state: 'human', handoverReason: 'agent_replied_from_phone' });
  });

  it('when another instance looks for the session, then the lease keeps it with its owner', async () => {
    const before = factory.sockets.length;
    const other = startWhatsAppWebSessions(platform.ctx, { leases: createChannelLeases(platform.ctx.db, 'instance-b'), adapterFor, intervalMs: 60_000 });
    await other.ready;
    expect(other.running(channelId)).toBeUndefined();
    expect(factory.sockets.length).toBe(before);
    await other.stop();
    expect(sessions.running(channelId)).toBeDefined();
  });
});

describe('session keys in the database', () => {
  it('when Baileys stores JSON and plain strings, then it reads back what it wrote', async () => {
    const store = createChannelStateStore(platform.ctx, channelId);
    const creds = JSON.stringify({ noiseKey: { private: { type: 'Buffer', data: 'AAEC' } }, registrationId: 42 });
    await store.set('creds', creds);
    await store.set('plain', 'just text');
    expect(JSON.parse((await store.get('creds'))!)).toEqual(JSON.parse(creds));
    expect(await store.get('plain')).toBe('just text');
    await store.delete('plain');
    expect(await store.get('plain')).toBeNull();
  });
});
