import { describe, expect, it } from 'vitest';
import { optOutWarningFor } from './optOutWarning.ts';

describe('optOutWarningFor', () => {
  it('when the patient opted out of the kind the reply goes by, then the agent is warned', () => {
    expect(optOutWarningFor({ optOuts: ['sms'], messageKind: 'sms', channelType: 'twilio_sms' })).toBe('patient_opted_out');
  });

  it('when the patient opted out of another kind only, then there is no warning', () => {
    expect(optOutWarningFor({ optOuts: ['whatsapp'], messageKind: 'sms', channelType: 'simulator' })).toBeNull();
  });

  it('when the patient opted out of nothing, then there is no warning', () => {
    expect(optOutWarningFor({ optOuts: [], messageKind: 'whatsapp', channelType: 'twilio_whatsapp' })).toBeNull();
  });

  it("when the message has no kind yet, then its channel's first kind decides", () => {
    expect(optOutWarningFor({ optOuts: ['whatsapp'], messageKind: null, channelType: 'twilio_whatsapp' })).toBe('patient_opted_out');
    expect(optOutWarningFor({ optOuts: ['sms'], messageKind: null, channelType: 'twilio_whatsapp' })).toBeNull();
  });

  it("when the message's own kind is known, then it wins over the channel's first kind", () => {
    // The simulator stands in for every kind and lists WhatsApp first; a reply routed as SMS is an SMS.
    expect(optOutWarningFor({ optOuts: ['whatsapp'], messageKind: 'sms', channelType: 'simulator' })).toBeNull();
  });

  it('when neither the kind nor the channel is known, then there is no warning', () => {
    expect(optOutWarningFor({ optOuts: ['sms', 'whatsapp'], messageKind: null, channelType: null })).toBeNull();
  });
});
