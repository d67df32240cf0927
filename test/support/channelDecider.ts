// The platform's channel decision for tests that build their own bot runtime: the clinic's real rules and
// channels, no provider templates (the stand-in channels here have none).
import type { AppContext } from '../../server/context.ts';
import { createAutomationsRepository } from '../../server/modules/automations/automations.repository.ts';
import { createChannelDecider, type ChannelDecider } from '../../server/modules/outbound/decideChannel.ts';

export function testChannelDecider(ctx: AppContext, now: () => Date = () => new Date()): ChannelDecider {
  const automations = createAutomationsRepository(ctx.db);
  return createChannelDecider({ repos: ctx.repos, automationSettings: (clinicId) => automations.getSettings(clinicId), sendsAsTemplate: () => false, now });
}
