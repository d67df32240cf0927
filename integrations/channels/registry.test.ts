import { describe, expect, it } from 'vitest';
import { CHANNEL_TYPES, channelKinds, channelRegistry, createChannel, mergeChannelConfig, redactChannelConfig } from './registry.ts';

const context = { channelId: 'ch-1', publicUrl: 'https://clinic.example.com', defaultCountry: 'ES' };
const twilioConfig = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'secret-token-123', from: '+15005550006' };

describe('channel registry', () => {
  it('when asked for every channel type, then each has a definition of that type', () => {
    for (const type of CHANNEL_TYPES) expect(channelRegistry[type].type).toBe(type);
  });

  it('when a channel is created from its stored config, then the adapter serves the right kinds', () => {
    expect(createChannel('twilio_whatsapp', twilioConfig, context).kinds).toEqual(['whatsapp']);
    expect(createChannel('simulator', {}, context).kinds).toEqual(['whatsapp', 'sms', 'email']);
    expect(channelKinds('twilio_sms')).toEqual(['sms']);
  });

  it('when the stored config is invalid, then creating the channel throws', () => {
    expect(() => createChannel('twilio_sms', { accountSid: 'nope' }, context)).toThrow();
  });

  it('when the API shows a config, then secret keys are removed', () => {
    expect(redactChannelConfig('twilio_sms', twilioConfig)).toEqual({ accountSid: twilioConfig.accountSid, from: '+15005550006' });
    expect(redactChannelConfig('email', { host: 'smtp.example.com', password: 'x', from: 'a@b.es' })).toEqual({ host: 'smtp.example.com', from: 'a@b.es' });
  });

  it('when a PATCH leaves a secret out or blank, then the stored secret is kept; other keys change or are removed with null', () => {
    const merged = mergeChannelConfig('twilio_sms', twilioConfig, { authToken: '', from: '+15005550007', messagingServiceSid: null });
    expect(merged).toEqual({ ...twilioConfig, from: '+15005550007' });
    expect(mergeChannelConfig('twilio_sms', twilioConfig, { authToken: 'new-token-456' }).authToken).toBe('new-token-456');
  });
});
