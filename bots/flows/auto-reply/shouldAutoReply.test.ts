import { describe, expect, it } from 'vitest';
import { shouldAutoReply, type AutoReplyInput } from './shouldAutoReply.ts';

// Madrid is UTC+1 in November: 10:00 UTC is 11:00 local on Tuesday 24 November 2026.
const base: AutoReplyInput = {
  lastAutoReplyAt: null,
  now: new Date('2026-11-24T10:00:00Z'),
  timezone: 'Europe/Madrid',
  openingHours: { mon: [{ open: '09:00', close: '14:00' }], tue: [{ open: '09:00', close: '14:00' }, { open: '16:00', close: '20:00' }] },
  conversationState: 'human',
  activeFlow: null,
};

describe('shouldAutoReply', () => {
  it('when a patient writes during opening hours with no reply sent today, then the regular auto-reply goes out', () => {
    expect(shouldAutoReply(base)).toBe('auto_reply');
  });

  it('when a patient writes between the morning and afternoon shifts, then the out-of-hours reply goes out', () => {
    expect(shouldAutoReply({ ...base, now: new Date('2026-11-24T14:30:00Z') })).toBe('auto_reply_out_of_hours');
  });

  it('when a patient writes on a day the clinic does not open, then the out-of-hours reply goes out', () => {
    expect(shouldAutoReply({ ...base, now: new Date('2026-11-28T10:00:00Z') })).toBe('auto_reply_out_of_hours');
  });

  it('when an auto-reply already went out earlier the same local day, then none is sent', () => {
    expect(shouldAutoReply({ ...base, lastAutoReplyAt: new Date('2026-11-24T07:00:00Z') })).toBeNull();
  });

  it('when the last auto-reply was yesterday in the clinic time zone (though today in UTC), then one is sent', () => {
    // 23:30 UTC on the 23rd is 00:30 on the 24th in Madrid: same local day → no reply.
    expect(shouldAutoReply({ ...base, lastAutoReplyAt: new Date('2026-11-23T23:30:00Z') })).toBeNull();
    // 22:30 UTC on the 23rd is 23:30 on the 23rd in Madrid: the day before → reply.
    expect(shouldAutoReply({ ...base, lastAutoReplyAt: new Date('2026-11-23T22:30:00Z') })).toBe('auto_reply');
  });

  it('when a bot flow is active, then no auto-reply is sent', () => {
    expect(shouldAutoReply({ ...base, activeFlow: 'reminder' })).toBeNull();
    expect(shouldAutoReply({ ...base, conversationState: 'bot' })).toBeNull();
  });

  it('when a person has taken the conversation or the bot handed it over today, then no auto-reply is sent', () => {
    expect(shouldAutoReply({ ...base, assigneeId: 'user-1' })).toBeNull();
    expect(shouldAutoReply({ ...base, lastHandoverAt: new Date('2026-11-24T09:00:00Z') })).toBeNull();
  });

  it('when the clinic set no opening hours, then the regular auto-reply goes out at any time', () => {
    expect(shouldAutoReply({ ...base, openingHours: null, now: new Date('2026-11-29T03:00:00Z') })).toBe('auto_reply');
  });

  it('when the conversation was closed, then a new message gets the auto-reply', () => {
    expect(shouldAutoReply({ ...base, conversationState: 'closed' })).toBe('auto_reply');
  });

  it('when the server says the clinic is closed (a holiday), then the out-of-hours reply goes out even inside the weekly hours', () => {
    expect(shouldAutoReply({ ...base, openNow: false })).toBe('auto_reply_out_of_hours');
    expect(shouldAutoReply({ ...base, now: new Date('2026-11-28T10:00:00Z'), openNow: true })).toBe('auto_reply');
  });

  it('when a person at the clinic wrote in the last day, then no auto-reply, even out of hours; after a day, it is back', () => {
    expect(shouldAutoReply({ ...base, openNow: false, lastAgentMessageAt: new Date('2026-11-23T18:00:00Z') })).toBeNull();
    expect(shouldAutoReply({ ...base, openNow: false, lastAgentMessageAt: new Date('2026-11-23T09:00:00Z') })).toBe('auto_reply_out_of_hours');
  });
});

