import { describe, expect, it } from 'vitest';
import { e164ToWhatsAppJid, isLidJid, requireE164, stripWhatsAppPrefix, toE164, toTwilioWhatsAppAddress, whatsAppJidToE164 } from './phone.ts';

describe('phone normalisation', () => {
  it('when a Spanish number is typed nationally with spaces, then it becomes E.164 with the clinic country', () => {
    expect(toE164('600 11 12 22', 'ES')).toBe('+34600111222');
    expect(toE164('600-111-222', 'es')).toBe('+34600111222');
  });

  it('when a number has an international prefix, then the default country does not matter', () => {
    expect(toE164('+39 312 345 6789', 'ES')).toBe('+393123456789');
    expect(toE164('0033 6 12 34 56 78', 'ES')).toBe('+33612345678');
  });

  it('when input is a Twilio WhatsApp address, then the prefix is stripped to E.164', () => {
    expect(stripWhatsAppPrefix('whatsapp:+34600111222')).toBe('+34600111222');
    expect(toE164('whatsapp:+34600111222')).toBe('+34600111222');
    expect(toTwilioWhatsAppAddress('+34600111222')).toBe('whatsapp:+34600111222');
    expect(toTwilioWhatsAppAddress('whatsapp:+34600111222')).toBe('whatsapp:+34600111222');
  });

  it('when SMS and WhatsApp give the same number in their own shapes, then both normalise to one E.164', () => {
    const fromSms = toE164('+34600111222');
    const fromTwilioWhatsApp = toE164('whatsapp:+34600111222');
    const fromBaileys = whatsAppJidToE164('34600111222@s.whatsapp.net');
    const typedByStaff = toE164('600111222', 'ES');
    expect(new Set([fromSms, fromTwilioWhatsApp, fromBaileys, typedByStaff])).toEqual(new Set(['+34600111222']));
  });

  it('when converting between E.164 and a WhatsApp JID, then the round trip keeps the number', () => {
    const jid = e164ToWhatsAppJid('+34600111222');
    expect(jid).toBe('34600111222@s.whatsapp.net');
    expect(whatsAppJidToE164(jid)).toBe('+34600111222');
  });

  it('when a JID carries a device suffix, then the device is dropped', () => {
    expect(whatsAppJidToE164('34600111222:12@s.whatsapp.net')).toBe('+34600111222');
  });

  it('when a JID is a group, a broadcast or a hidden @lid id, then there is no phone number', () => {
    expect(whatsAppJidToE164('120363025246125486@g.us')).toBeUndefined();
    expect(whatsAppJidToE164('status@broadcast')).toBeUndefined();
    expect(whatsAppJidToE164('203456789012345@lid')).toBeUndefined();
    expect(isLidJid('203456789012345@lid')).toBe(true);
    expect(isLidJid('34600111222@s.whatsapp.net')).toBe(false);
  });

  it('when input is not a phone number, then toE164 is undefined and requireE164 throws', () => {
    expect(toE164('hola')).toBeUndefined();
    expect(toE164('12', 'ES')).toBeUndefined();
    expect(() => requireE164('hola', 'ES')).toThrow('not a phone number');
  });
});
