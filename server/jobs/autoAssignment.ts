// Keeps round-robin assignment going: conversations needing a person go to online colleagues, and an
// agent offline past the grace period gives theirs back.
import type { AppContext } from '../context.ts';
import { assignmentSettings, autoAssign, releaseOfflineAgent } from '../modules/inbox/autoAssign.ts';
import type { Presence } from '../realtime/presence.ts';

export function startAutoAssignment(ctx: AppContext, presence: Presence): () => void {
  const deps = ctx.inbox;
  const offlineTimers = new Map<string, NodeJS.Timeout>();
  const report = (error: unknown) => ctx.logger.error({ err: error }, 'automatic assignment failed');

  const onHandover = ({ clinicId, conversationId }: { clinicId: string; conversationId: string }) => {
    autoAssign(deps, clinicId, conversationId, presence.online(clinicId)).catch(report);
  };

  const onPresence = ({ clinicId, userId, online }: { clinicId: string; userId: string; online: boolean }) => {
    if (online) {
      clearTimeout(offlineTimers.get(userId));
      offlineTimers.delete(userId);
      void assignWaiting(clinicId).catch(report);
      return;
    }
    void assignmentSettings(deps, clinicId)
      .then((settings) => {
        if (settings.mode !== 'round_robin') return;
        const timer = setTimeout(() => {
          offlineTimers.delete(userId);
          if (!presence.isOnline(userId)) releaseOfflineAgent(deps, clinicId, userId, presence.online(clinicId)).catch(report);
        }, settings.offlineGraceSeconds * 1000);
        timer.unref();
        offlineTimers.set(userId, timer);
      })
      .catch(report);
  };

  async function assignWaiting(clinicId: string): Promise<void> {
    const waiting = await ctx.repos.conversations.list(clinicId, '', { limit: 50, filters: { state: ['human'], assignee: 'none', order: 'waiting' } });
    for (const conversation of waiting.items) await autoAssign(deps, clinicId, conversation.id, presence.online(clinicId));
  }

  ctx.events.on('conversation:handover', onHandover);
  presence.on('change', onPresence);
  return () => {
    ctx.events.off('conversation:handover', onHandover);
    presence.off('change', onPresence);
    for (const timer of offlineTimers.values()) clearTimeout(timer);
  };
}
