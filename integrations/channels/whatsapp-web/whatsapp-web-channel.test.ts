import { describe, expect, it } from 'vitest';
import { baileysStandInFactory } from '../../../test/stand-ins/baileys/baileys-socket-stand-in.ts';
import type { ChannelListener } from '../channel.ts';
import { MemoryStateStore } from './memory-state-store.ts';
import { whatsAppWebChannel, WhatsAppWebChannel } from './whatsapp-web-channel.ts';

const quietListener: ChannelListener = { onInbound: () => undefined, onStatus: () => undefined, onConnection: () => undefined };
const fastPacing = { minGapMs: 20, maxGapMs: 40, sameChatGapMs: 100 };

async function startedChannel() {
  const factory = baileysStandInFactory();
  const config = whatsAppWebChannel.configSchema.parse(fastPacing);
  const channel = new WhatsAppWebChannel(config, { channelId: 'ch-wa', publicUrl: 'http://localhost:3000', stateStore: new MemoryStateStore() }, { makeSocket: factory.makeSocket });
  await channel.start(quietListener);
  factory.sockets[0]?.emit('connection.update', { connection: 'open' });
  return { channel, factory };
}

describe('WhatsApp Web channel', () => {
  it('when a message has buttons, then they are sent as numbered options and the result is sent', async () => {
    const { channel, factory } = await startedChannel();

    const result = await channel.send({ messageId: 'm1', kind: 'whatsapp', to: '+34600111222', text: '¿Quieres cita?', buttons: ['Agendar cita', 'No gracias'] });

    expect(result).toEqual({ providerMessageId: factory.sockets[0]?.sent[0]?.id, status: 'sent' });
    expect(factory.sockets[0]?.sent[0]).toMatchObject({ jid: '34600111222@s.whatsapp.net', text: '¿Quieres cita?\n\n1. Agendar cita\n2. No gracias' });
    await channel.stop();
  });

  it('when two messages go to the same chat at once, then the pacing keeps them apart', async () => {
    const { channel } = await startedChannel();
    const startedAt = performance.now();
    await Promise.all([
      channel.send({ messageId: 'm2', kind: 'whatsapp', to: '+34600111222', text: 'Uno' }),
      channel.send({ messageId: 'm3', kind: 'whatsapp', to: '+34600111222', text: 'Dos' }),
    ]);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(95);
    await channel.stop();
  });

  it('when the server builds a new adapter for a running session, then sends still go through that session', async () => {
    const { channel, factory } = await startedChannel();
    const rebuilt = whatsAppWebChannel.create(whatsAppWebChannel.configSchema.parse(fastPacing), { channelId: 'ch-wa', publicUrl: 'http://localhost:3000' });

    const result = await rebuilt.send({ messageId: 'm5', kind: 'whatsapp', to: '+34600111222', text: 'Hola' });

    expect(factory.sockets[0]?.sent.map((sent) => sent.id)).toEqual([result.providerMessageId]);
    await rebuilt.stop?.();
    await expect(channel.send({ messageId: 'm6', kind: 'whatsapp', to: '+34600111222', text: 'Hola' })).rejects.toMatchObject({ code: 'not_connected' });
  });

  it('when the channel was not started, then sending fails as transient', async () => {
    const channel = whatsAppWebChannel.create(whatsAppWebChannel.configSchema.parse({}), { channelId: 'ch-wa-never-started', publicUrl: 'http://localhost:3000' });
    await expect(channel.send({ messageId: 'm4', kind: 'whatsapp', to: '+34600111222', text: 'Hola' })).rejects.toMatchObject({ kind: 'transient', code: 'not_connected' });
  });

  it('when started without a state store, then it refuses', async () => {
    const channel = whatsAppWebChannel.create(whatsAppWebChannel.configSchema.parse({}), { channelId: 'ch-wa', publicUrl: 'http://localhost:3000' });
    await expect(channel.start?.(quietListener)).rejects.toThrow('state store');
  });

  it('when a webhook arrives for it, then it is refused: WhatsApp Web takes none', () => {
    const channel = whatsAppWebChannel.create(whatsAppWebChannel.configSchema.parse({}), { channelId: 'ch-wa', publicUrl: 'http://localhost:3000' });
    const request = { headers: {}, body: {}, rawBody: '', url: 'http://localhost:3000/webhooks/x' };
    expect(channel.verifyWebhook(request)).toBe(false);
    expect(channel.parseInbound(request)).toEqual([]);
  });
});
