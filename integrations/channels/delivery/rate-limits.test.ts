import { describe, expect, it } from 'vitest';
import { channelRatePerSecond } from '../registry.ts';

describe('default send rates per channel', () => {
  it('when a Twilio SMS channel sends from a long code, then it is limited to 1 per second', () => {
    expect(channelRatePerSecond('twilio_sms', { from: '+15005550006' })).toBe(1);
    expect(channelRatePerSecond('twilio_sms', { messagingServiceSid: 'MG123' })).toBe(1);
  });

  it('when a Twilio SMS channel sends from a toll-free number or a short code, then Twilio\'s higher limits apply', () => {
    expect(channelRatePerSecond('twilio_sms', { from: '+18885550123' })).toBe(3);
    expect(channelRatePerSecond('twilio_sms', { from: '55123' })).toBe(100);
  });

  it('when the channel is WhatsApp, then Twilio gets 10 per second and WhatsApp Web one every 2 seconds', () => {
    expect(channelRatePerSecond('twilio_whatsapp')).toBe(10);
    expect(channelRatePerSecond('whatsapp_web')).toBe(0.5);
  });

  it('when a channel configures its own rate, then that rate wins', () => {
    expect(channelRatePerSecond('twilio_sms', { from: '+15005550006', ratePerSecond: 5 })).toBe(5);
  });
});
