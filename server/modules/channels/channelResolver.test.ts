import { describe, expect, it } from 'vitest';
import { channelDefinitions } from './channelDefinitions.ts';
import { createChannelResolver } from './channelResolver.ts';
import type { ChannelRow } from './channels.repository.ts';
import { createLogger } from '../../logger.ts';

const twilioRow = (updatedAt: Date, config: Record<string, unknown> = {}): ChannelRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  clinicId: '00000000-0000-4000-8000-000000000002',
  type: 'twilio_sms',
  name: 'SMS',
  status: 'active',
  statusDetail: null,
  config: { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'secret-token-123', from: '+15005550006', ...config },
  createdAt: updatedAt,
  updatedAt,
});

describe('channel resolver', () => {
  const resolver = () => createChannelResolver({ definitions: channelDefinitions, publicUrl: 'https://clinic.example.com', logger: createLogger('silent') });

  it('when the webhook (with the clinic country) and the dispatcher (without) alternate, then the limiter is the same and sends waiting in it are not aborted', async () => {
    const channels = resolver();
    const row = twilioRow(new Date('2026-06-01T10:00:00Z'));
    const first = channels.resolve(row);
    const waiting = first.limiter.schedule(async () => 'sent');
    const again = first.limiter.schedule(async () => 'sent too');
    const fromWebhook = channels.resolve(row, 'ES');
    const fromDispatcher = channels.resolve(row);
    expect(fromWebhook.limiter).toBe(first.limiter);
    expect(fromDispatcher.limiter).toBe(first.limiter);
    expect(fromDispatcher.channel).toBe(first.channel);
    await expect(Promise.all([waiting, again])).resolves.toEqual(['sent', 'sent too']);
    channels.stopAll();
  });

  it('when the config changes but not the rate, then a new adapter is built and the limiter kept; a new rate gets a new limiter', () => {
    const channels = resolver();
    const before = channels.resolve(twilioRow(new Date('2026-06-01T10:00:00Z')));
    const renamed = channels.resolve(twilioRow(new Date('2026-06-01T11:00:00Z'), { from: '+15005550007' }));
    expect(renamed.channel).not.toBe(before.channel);
    expect(renamed.limiter).toBe(before.limiter);
    const faster = channels.resolve(twilioRow(new Date('2026-06-01T12:00:00Z'), { ratePerSecond: 5 }));
    expect(faster.limiter).not.toBe(before.limiter);
    channels.stopAll();
  });
});
