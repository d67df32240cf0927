import { describe, expect, it } from 'vitest';
import { chooseChannel, type ChannelDecisionInput, type ChannelOption, type DecisionPatient } from './chooseChannel.ts';

const now = new Date('2026-06-03T10:00:00Z');

const whatsappWeb: ChannelOption = { id: 'wa', type: 'whatsapp-web', standIn: false, usable: true, kinds: ['whatsapp'], serviceWindowHours: null, lastInboundAt: null, sendsAsTemplate: false };
const twilioSms: ChannelOption = { id: 'sms', type: 'twilio', standIn: false, usable: true, kinds: ['sms'], serviceWindowHours: null, lastInboundAt: null, sendsAsTemplate: false };
const simulator: ChannelOption = { id: 'sim', type: 'simulator', standIn: true, usable: true, kinds: ['whatsapp', 'sms'], serviceWindowHours: null, lastInboundAt: null, sendsAsTemplate: false };
const officialWhatsapp: ChannelOption = { id: 'official', type: 'twilio-whatsapp', standIn: false, usable: true, kinds: ['whatsapp'], serviceWindowHours: 24, lastInboundAt: null, sendsAsTemplate: false };

const patient: DecisionPatient = { privacyConsent: true, preferredChannel: null, optOuts: [], consents: {}, phones: ['+34600111222'], email: 'ana@example.es' };

function decide(overrides: Omit<Partial<ChannelDecisionInput>, 'patient'> & { patient?: Partial<DecisionPatient> } = {}) {
  return chooseChannel({
    purpose: 'appointments',
    allowedKinds: ['whatsapp', 'sms'],
    requireConsent: false,
    channels: [whatsappWeb, twilioSms],
    now,
    ...overrides,
    patient: { ...patient, ...overrides.patient },
  });
}

describe('chooseChannel', () => {
  it('when nothing stands in the way, then the clinic\'s first kind goes out on its channel to the first phone', () => {
    const decision = decide();
    expect(decision).toEqual({
      ok: true,
      choice: { kind: 'whatsapp', channelId: 'wa', channelType: 'whatsapp-web', address: '+34600111222' },
      fallbacks: [{ kind: 'sms', channelId: 'sms', channelType: 'twilio', address: '+34600111222' }],
      passedOver: [],
    });
  });

  it('when the clinic sends only with consent and the patient has none, then nothing goes, whatever the channel', () => {
    expect(decide({ requireConsent: true, patient: { privacyConsent: false } })).toEqual({ ok: false, reason: 'no_consent', passedOver: [] });
    expect(decide({ requireConsent: true, patient: { privacyConsent: true } }).ok).toBe(true);
  });

  it('when the patient withdrew recall consent on WhatsApp, then a recall goes by SMS and an appointment message still by WhatsApp', () => {
    const consents = { recalls: { whatsapp: false } };
    const recall = decide({ purpose: 'recalls', patient: { consents } });
    expect(recall.ok && recall.choice.kind).toBe('sms');
    expect(recall.passedOver).toEqual([{ kind: 'whatsapp', reason: 'no_consent' }]);
    expect(decide({ purpose: 'appointments', patient: { consents } }).ok && decide({ patient: { consents } }).passedOver).toEqual([]);
    expect(decide({ purpose: 'recalls', patient: { consents: { recalls: { whatsapp: false, sms: false } } } })).toMatchObject({ ok: false, reason: 'no_consent' });
  });

  it('when nobody asked the patient about marketing, then marketing is refused on every kind; consent on SMS lets it go there', () => {
    expect(decide({ purpose: 'marketing' })).toEqual({ ok: false, reason: 'no_consent', passedOver: [{ kind: 'whatsapp', reason: 'no_consent' }, { kind: 'sms', reason: 'no_consent' }] });
    const granted = decide({ purpose: 'marketing', patient: { consents: { marketing: { sms: true } } } });
    expect(granted.ok && granted.choice.kind).toBe('sms');
  });

  it('when one kind is opted out and the other lacks consent for the purpose, then the refusal is no_consent', () => {
    expect(decide({ purpose: 'surveys', patient: { optOuts: ['whatsapp'], consents: { surveys: { sms: false } } } })).toMatchObject({ ok: false, reason: 'no_consent' });
  });

  it('when the patient prefers SMS and the clinic allows it, then SMS goes first', () => {
    const decision = decide({ patient: { preferredChannel: 'sms' } });
    expect(decision.ok && decision.choice.kind).toBe('sms');
    expect(decision.ok && decision.fallbacks.map((choice) => choice.kind)).toEqual(['whatsapp']);
  });

  it('when the patient prefers voice and no voice channel exists, then it goes by the next kind and says voice was passed over', () => {
    const decision = decide({ allowedKinds: ['voice', 'whatsapp', 'sms'], patient: { preferredChannel: 'voice' } });
    expect(decision.ok && decision.choice.kind).toBe('whatsapp');
    expect(decision.passedOver).toEqual([{ kind: 'voice', reason: 'no_channel' }]);
  });

  it('when the patient prefers voice but the rule does not allow it, then the report says so instead of pretending', () => {
    const decision = decide({ patient: { preferredChannel: 'voice' } });
    expect(decision.ok && decision.choice.kind).toBe('whatsapp');
    expect(decision.passedOver).toEqual([{ kind: 'voice', reason: 'not_allowed' }]);
  });

  it('when the rule allows only voice and there is no voice channel, then nothing goes, reason voice_unavailable', () => {
    expect(decide({ allowedKinds: ['voice'] })).toEqual({ ok: false, reason: 'voice_unavailable', passedOver: [{ kind: 'voice', reason: 'no_channel' }] });
  });

  it('when the patient opted out of WhatsApp, then SMS goes and the opt-out is named; opted out of all, nothing goes', () => {
    const decision = decide({ patient: { optOuts: ['WhatsApp'] } });
    expect(decision.ok && decision.choice.kind).toBe('sms');
    expect(decision.passedOver).toEqual([{ kind: 'whatsapp', reason: 'opted_out' }]);
    expect(decide({ patient: { optOuts: ['all'] } })).toMatchObject({ ok: false, reason: 'opted_out' });
  });

  it('when the patient wants no messages, then nothing goes', () => {
    expect(decide({ patient: { preferredChannel: 'none' } })).toEqual({ ok: false, reason: 'patient_wants_none', passedOver: [] });
  });

  it('when the patient has no phone, then e-mail is used if the rule allows it, else the reason is no_address', () => {
    const decision = decide({ allowedKinds: ['whatsapp', 'email'], channels: [whatsappWeb, { ...twilioSms, id: 'mail', type: 'email', kinds: ['email'] }], patient: { phones: [] } });
    expect(decision.ok && decision.choice).toEqual({ kind: 'email', channelId: 'mail', channelType: 'email', address: 'ana@example.es' });
    expect(decide({ patient: { phones: [] } })).toMatchObject({ ok: false, reason: 'no_address' });
  });

  it('when a real channel carries a kind, then the simulator is not used for it; when none does, the simulator stands in', () => {
    const real = decide({ channels: [simulator, whatsappWeb] });
    expect(real.ok && real.choice.channelId).toBe('wa');
    const standIn = decide({ channels: [simulator, whatsappWeb], allowedKinds: ['sms'] });
    expect(standIn.ok && standIn.choice.channelId).toBe('sim');
  });

  it('when a channel is unusable (logged out), then the next kind goes', () => {
    const decision = decide({ channels: [{ ...whatsappWeb, usable: false }, twilioSms] });
    expect(decision.ok && decision.choice.kind).toBe('sms');
    expect(decision.passedOver).toEqual([{ kind: 'whatsapp', reason: 'no_channel' }]);
  });

  it('when the official WhatsApp window is closed and the message is free text, then it goes by SMS; as a template it goes by WhatsApp', () => {
    const closed = decide({ channels: [officialWhatsapp, twilioSms] });
    expect(closed.ok && closed.choice.kind).toBe('sms');
    expect(closed.passedOver).toEqual([{ kind: 'whatsapp', reason: 'window_closed' }]);
    const template = decide({ channels: [{ ...officialWhatsapp, sendsAsTemplate: true }, twilioSms] });
    expect(template.ok && template.choice.kind).toBe('whatsapp');
    const open = decide({ channels: [{ ...officialWhatsapp, lastInboundAt: new Date(now.getTime() - 23 * 3_600_000) }, twilioSms] });
    expect(open.ok && open.choice.kind).toBe('whatsapp');
    const justClosed = decide({ channels: [{ ...officialWhatsapp, lastInboundAt: new Date(now.getTime() - 24 * 3_600_000) }], allowedKinds: ['whatsapp'] });
    expect(justClosed).toMatchObject({ ok: false, reason: 'window_closed' });
  });

  it('when staff chose the kind, then only that kind is tried, even one the rule leaves out', () => {
    const decision = decide({ allowedKinds: ['whatsapp'], forcedKind: 'sms' });
    expect(decision.ok && decision.choice.kind).toBe('sms');
    expect(decision.ok && decision.fallbacks).toEqual([]);
    expect(decide({ forcedKind: 'sms', patient: { optOuts: ['sms'] } })).toMatchObject({ ok: false, reason: 'opted_out' });
  });

  it('when a kind was already tried for this message, then the fallback skips it', () => {
    const decision = decide({ exclude: ['whatsapp'] });
    expect(decision.ok && decision.choice.kind).toBe('sms');
    expect(decision.passedOver).toEqual([{ kind: 'whatsapp', reason: 'already_tried' }]);
    expect(decide({ exclude: ['whatsapp', 'sms'] })).toMatchObject({ ok: false, reason: 'no_channel' });
  });
});
