// The outbox tests' setting: a platform with no background worker (the tests play the workers) and a Twilio
// SMS channel pointed at a local Twilio stand-in.
import { channelDefinitions } from '../../server/modules/channels/channelDefinitions.ts';
import { createChannelResolver } from '../../server/modules/channels/channelResolver.ts';
import type { DispatchDeps } from '../../server/modules/outbox/dispatchOutbox.ts';
import { createOutboxRepository } from '../../server/modules/outbox/outbox.repository.ts';
import { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

export type OutboxSetting = {
  twilio: TwilioStandIn;
  platform: TestPlatform;
  clinicId: string;
  channelId: string;
  /** A worker as another process would have it: its own channel resolver (and limiters). */
  worker: (instance?: string, extra?: Partial<DispatchDeps>) => DispatchDeps;
  close: () => Promise<void>;
};

export async function startOutboxSetting(input: { account: string; token: string; from: string; config?: Record<string, unknown> }): Promise<OutboxSetting> {
  const twilio = await TwilioStandIn.start({ [input.account]: input.token });
  const platform = await startTestPlatform({ WORKER: '0' });
  const admin = await loginAgent(platform);
  const clinicId = (await admin.get('/api/auth/me')).body.user.clinicId as string;
  const config = { accountSid: input.account, authToken: input.token, from: input.from, apiBaseUrl: twilio.url, ratePerSecond: 1000, ...input.config };
  const channelId = (await admin.post('/api/channels').send({ type: 'twilio_sms', name: 'SMS', config }).expect(201)).body.id as string;
  return {
    twilio,
    platform,
    clinicId,
    channelId,
    worker(instance, extra = {}) {
      const resolver = createChannelResolver({ definitions: channelDefinitions, publicUrl: platform.url, logger: platform.ctx.logger });
      return { ...platform.ctx.inbox, outbox: createOutboxRepository(platform.ctx.db), resolveChannel: (row) => resolver.resolve(row), ...(instance ? { instance } : {}), ...extra };
    },
    async close() {
      await platform.close();
      await twilio.close();
    },
  };
}
