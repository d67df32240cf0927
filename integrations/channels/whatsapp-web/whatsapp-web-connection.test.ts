import { DisconnectReason, WAProto } from '@whiskeysockets/baileys';
import { describe, expect, it, vi } from 'vitest';
import { baileysStandInFactory, disconnectError } from '../../../test/stand-ins/baileys/baileys-socket-stand-in.ts';
import type { ChannelListener, ConnectionStatus, InboundMessage, StatusUpdate } from '../channel.ts';
import { ChannelSendError } from '../channel-send-error.ts';
import { webMessageInfoFixture } from './fixtures/load-fixtures.ts';
import { MemoryStateStore } from './memory-state-store.ts';
import { WhatsAppWebConnection } from './whatsapp-web-connection.ts';

function recordingListener() {
  const inbound: InboundMessage[] = [];
  const statuses: StatusUpdate[] = [];
  const connectionEvents: { status: ConnectionStatus; detail?: { qr?: string; pairingCode?: string; reason?: string } }[] = [];
  const listener: ChannelListener = {
    onInbound: (messages) => void inbound.push(...messages),
    onStatus: (updates) => void statuses.push(...updates),
    onConnection: (status, detail) => void connectionEvents.push({ status, ...(detail ? { detail } : {}) }),
  };
  return { listener, inbound, statuses, connectionEvents };
}

async function openConnection(options: { pairingPhone?: string } = {}) {
  const store = new MemoryStateStore();
  const recorded = recordingListener();
  const factory = baileysStandInFactory();
  const connection = new WhatsAppWebConnection({ store, listener: recorded.listener, makeSocket: factory.makeSocket, reconnect: { baseDelayMs: 10, maxDelayMs: 20 }, ...options });
  await connection.start();
  return { store, connection, factory, ...recorded };
}

describe('WhatsApp Web connection (Baileys events, no network)', () => {
  it('when Baileys shows a QR, then the status is pairing with that QR', async () => {
    const { connection, factory, connectionEvents } = await openConnection();
    factory.sockets[0]?.emit('connection.update', { qr: '2@abcDEF,xyz,123' });
    await vi.waitFor(() => expect(connection.status).toBe('pairing'));
    expect(connection.pairing).toEqual({ qr: '2@abcDEF,xyz,123' });
    expect(connectionEvents.at(-1)).toEqual({ status: 'pairing', detail: { qr: '2@abcDEF,xyz,123' } });
  });

  it('when a pairing phone is configured, then a pairing code is requested once instead of showing the QR', async () => {
    const { connection, factory } = await openConnection({ pairingPhone: '+34911222333' });
    const socket = factory.sockets[0];
    socket?.emit('connection.update', { qr: 'first-qr' });
    await vi.waitFor(() => expect(connection.pairing).toEqual({ pairingCode: 'ABCD1234' }));
    socket?.emit('connection.update', { qr: 'refreshed-qr' });
    await vi.waitFor(() => expect(socket?.pairingCodeRequests).toEqual(['34911222333']));
    expect(connection.status).toBe('pairing');
  });

  it('when the connection opens, then text goes to the patient JID and the echo of our own message is not reported as inbound', async () => {
    const { connection, factory, inbound } = await openConnection();
    const socket = factory.sockets[0];
    socket?.emit('connection.update', { connection: 'open' });
    await vi.waitFor(() => expect(connection.status).toBe('active'));

    const id = await connection.sendText('+34600111222', 'Hola María');
    socket?.emit('messages.upsert', {
      type: 'append',
      messages: [WAProto.WebMessageInfo.fromObject({ key: { remoteJid: '34600111222@s.whatsapp.net', fromMe: true, id }, message: { conversation: 'Hola María' } })],
    });
    socket?.emit('messages.upsert', { type: 'notify', messages: [webMessageInfoFixture('buttonsResponse'), webMessageInfoFixture('fromMeOnClinicPhone'), webMessageInfoFixture('reaction')] });

    expect(socket?.sent).toEqual([{ jid: '34600111222@s.whatsapp.net', text: 'Hola María', id }]);
    await vi.waitFor(() => expect(inbound.map((message) => [message.providerMessageId, message.sentByClinic])).toEqual([
      ['3EB0BUTTONS000000001', false],
      ['3EB0FROMME0000000001', true],
    ]));
  });

  it('when Baileys reports receipts for our message, then they reach the listener as statuses', async () => {
    const { factory, statuses } = await openConnection();
    const key = { remoteJid: '34600111222@s.whatsapp.net', fromMe: true, id: 'OUR1' };
    factory.sockets[0]?.emit('messages.update', [{ key, update: { status: WAProto.WebMessageInfo.Status.DELIVERY_ACK } }]);
    factory.sockets[0]?.emit('message-receipt.update', [{ key, receipt: { userJid: '34600111222@s.whatsapp.net', readTimestamp: 1767258100 } }]);
    await vi.waitFor(() => expect(statuses.map((update) => update.status)).toEqual(['delivered', 'read']));
  });

  it('when the session is not open, then sending fails as transient so the outbox retries later', async () => {
    const { connection } = await openConnection();
    const failure = await connection.sendText('+34600111222', 'Hola').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelSendError);
    expect(failure).toMatchObject({ kind: 'transient', code: 'not_connected' });
  });

  it('when the connection drops, then it reconnects with a new socket after a backoff', async () => {
    const { connection, factory, connectionEvents } = await openConnection();
    factory.sockets[0]?.emit('connection.update', { connection: 'open' });
    factory.sockets[0]?.emit('connection.update', { connection: 'close', lastDisconnect: { error: disconnectError(DisconnectReason.connectionLost), date: new Date() } });
    await vi.waitFor(() => expect(factory.sockets).toHaveLength(2));
    expect(connectionEvents.map((entry) => entry.status)).toContain('reconnecting');
    factory.sockets[1]?.emit('connection.update', { connection: 'open' });
    await vi.waitFor(() => expect(connection.status).toBe('active'));
    await connection.stop();
  });

  it('when the phone logs the session out, then the status is logged_out, credentials are dropped and it does not reconnect', async () => {
    const { connection, factory, store } = await openConnection();
    const socket = factory.sockets[0];
    socket?.emit('creds.update', {});
    await vi.waitFor(() => expect(store.entries.has('creds')).toBe(true));

    socket?.emit('connection.update', { connection: 'close', lastDisconnect: { error: disconnectError(DisconnectReason.loggedOut), date: new Date() } });

    await vi.waitFor(() => expect(connection.status).toBe('logged_out'));
    expect(store.entries.has('creds')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(factory.sockets).toHaveLength(1);
  });

  it('when credentials change, then they are saved to the store and a restart resumes the same session', async () => {
    const { connection, factory, store } = await openConnection();
    const firstCreds = factory.sockets[0]?.config.auth?.creds;
    factory.sockets[0]?.emit('creds.update', {});
    await vi.waitFor(() => expect(store.entries.has('creds')).toBe(true));
    await connection.stop();

    const again = new WhatsAppWebConnection({ store, listener: recordingListener().listener, makeSocket: factory.makeSocket });
    await again.start();

    expect(factory.sockets[1]?.config.auth?.creds.registrationId).toBe(firstCreds?.registrationId);
    expect(Buffer.from(factory.sockets[1]?.config.auth?.creds.noiseKey.public ?? []).equals(Buffer.from(firstCreds?.noiseKey.public ?? [1]))).toBe(true);
    await again.stop();
  });
});
