import { describe, expect, it } from 'vitest';
import { ChannelSendError } from '../channel-send-error.ts';
import { simulatorChannel } from './simulator-channel.ts';

const context = { channelId: 'ch-sim', publicUrl: 'http://localhost:3000', defaultCountry: 'ES' };
const request = (body: Record<string, unknown>) => ({ headers: {}, body, rawBody: JSON.stringify(body), url: 'http://localhost:3000/api/simulator/messages' });

describe('simulator channel', () => {
  const channel = simulatorChannel.create(simulatorChannel.configSchema.parse({}), context);

  it('when a fresh clinic gets one, then it stands in for whatsapp, sms and email', () => {
    expect(channel.kinds).toEqual(['whatsapp', 'sms', 'email']);
  });

  it('when sending, then each message gets its own provider id and counts as delivered', async () => {
    const first = await channel.send({ messageId: 'm1', kind: 'whatsapp', to: '+34600111222', text: 'Hola' });
    const second = await channel.send({ messageId: 'm2', kind: 'sms', to: '+34600111222', text: 'Hola' });
    expect(first.status).toBe('delivered');
    expect(first.providerMessageId).toMatch(/^sim_/);
    expect(second.providerMessageId).not.toBe(first.providerMessageId);
  });

  it('when a kind is not stood in for, then sending fails permanently', async () => {
    const smsOnly = simulatorChannel.create(simulatorChannel.configSchema.parse({ standsInFor: ['sms'] }), context);
    await expect(smsOnly.send({ messageId: 'm3', kind: 'whatsapp', to: '+34600111222', text: 'Hola' })).rejects.toMatchObject({
      kind: 'permanent',
      code: 'unsupported_kind',
    });
    await expect(smsOnly.send({ messageId: 'm3', kind: 'whatsapp', to: '+34600111222', text: 'Hola' })).rejects.toBeInstanceOf(ChannelSendError);
  });

  it('when a patient writes with a national number, then the message comes from the E.164 number', () => {
    const [message] = channel.parseInbound(request({ from: '600 111 222', text: 'Sí' }));
    expect(message).toMatchObject({ from: '+34600111222', text: 'Sí', kind: 'whatsapp', sentByClinic: false, media: [] });
    expect(message?.buttonReply).toBeUndefined();
  });

  it('when a patient presses a button, then it arrives as a button reply with its text', () => {
    const [message] = channel.parseInbound(request({ from: '+34600111222', button: 'Agendar cita', id: 'sim-fixed' }));
    expect(message).toMatchObject({ providerMessageId: 'sim-fixed', text: 'Agendar cita', buttonReply: { text: 'Agendar cita' } });
  });

  it('when the body has neither text nor button, or no usable phone, then parsing throws', () => {
    expect(() => channel.parseInbound(request({ from: '+34600111222' }))).toThrow();
    expect(() => channel.parseInbound(request({ from: 'hola', text: 'x' }))).toThrow('not a phone number');
  });
});
