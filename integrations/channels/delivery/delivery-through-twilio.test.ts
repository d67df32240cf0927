import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioStandIn } from '../../../test/stand-ins/twilio/twilio-stand-in.ts';
import type { OutboundMessage, SendResult } from '../channel.ts';
import { twilioSmsChannel } from '../twilio/twilio-channel.ts';
import { channelRatePerSecond } from '../registry.ts';
import { planRetry, type RetryPolicy } from './retry-backoff.ts';
import { createSendRateLimiter } from './send-rate-limiter.ts';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'stand-in-auth-token-1';
const policy: RetryPolicy = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 };

/** The loop a dispatcher runs for one message: rate-limited send, retry transient errors, stop on permanent ones. */
async function deliver(send: () => Promise<SendResult>): Promise<{ result?: SendResult; attempts: number; failure?: string }> {
  const limiter = createSendRateLimiter(channelRatePerSecond('twilio_sms', { ratePerSecond: 20 }));
  for (let attempts = 1; ; attempts++) {
    try {
      return { result: await limiter.schedule(send), attempts };
    } catch (error) {
      const decision = planRetry(error, attempts, policy);
      if (!decision.retry) return { attempts, failure: decision.reason };
      await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    }
  }
}

describe('delivery policy with the Twilio channel and its stand-in', () => {
  let standIn: TwilioStandIn;
  const message = (to: string): OutboundMessage => ({ messageId: `m-${to}`, kind: 'sms', to, text: 'Recordatorio: mañana 10:00' });
  const channel = () =>
    twilioSmsChannel.create(twilioSmsChannel.configSchema.parse({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: standIn.url }), {
      channelId: 'ch-1',
      publicUrl: 'https://clinic.example.com',
    });

  beforeAll(async () => {
    standIn = await TwilioStandIn.start({ [ACCOUNT_SID]: AUTH_TOKEN });
  });
  afterAll(() => standIn.close());

  it('when Twilio answers 500 twice, then the message is retried and sent once on the third attempt', async () => {
    standIn.failNext(2);
    const outcome = await deliver(() => channel().send(message('+34600111222')));
    expect(outcome.attempts).toBe(3);
    expect(outcome.result?.providerMessageId).toMatch(/^SM/);
    expect([...standIn.messages.values()].filter((sent) => sent.to === '+34600111222')).toHaveLength(1);
  });

  it('when Twilio keeps failing, then delivery stops at the attempt limit', async () => {
    standIn.failNext(3);
    expect(await deliver(() => channel().send(message('+34600111333')))).toEqual({ attempts: 3, failure: 'attempts_exhausted' });
  });

  it('when the recipient unsubscribed (21610), then delivery stops after one attempt as permanent', async () => {
    standIn.failFor('+34600999888');
    expect(await deliver(() => channel().send(message('+34600999888')))).toEqual({ attempts: 1, failure: 'permanent' });
  });
});
