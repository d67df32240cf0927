// Round-robin assignment: a conversation that needs a person goes to the online colleague with the fewest
// open conversations (longest idle first on a tie); an agent who goes offline hands theirs back after a grace period.
import { z } from 'zod';
import type { InboxDeps } from './inboxDeps.ts';
import { assignConversation } from './ownership.ts';

export const assignmentSettingsSchema = z.object({
  mode: z.enum(['manual', 'round_robin']).default('manual'),
  offlineGraceSeconds: z.number().int().min(0).max(3600).default(120),
});
export type AssignmentSettings = z.infer<typeof assignmentSettingsSchema>;

export async function assignmentSettings(deps: InboxDeps, clinicId: string): Promise<AssignmentSettings> {
  const clinic = await deps.clinics.get(clinicId);
  const parsed = assignmentSettingsSchema.safeParse(clinic?.settings.assignment ?? {});
  return parsed.success ? parsed.data : assignmentSettingsSchema.parse({});
}

/** Assigns the conversation if the clinic uses round-robin, it is unassigned, and someone is online. */
export async function autoAssign(deps: InboxDeps, clinicId: string, conversationId: string, onlineUserIds: string[]): Promise<string | null> {
  if ((await assignmentSettings(deps, clinicId)).mode !== 'round_robin') return null;
  const conversation = await deps.conversations.getRow(clinicId, conversationId);
  if (!conversation || conversation.state !== 'human' || conversation.assigneeId) return null;
  const candidates = [];
  for (const userId of onlineUserIds) {
    const user = await deps.users.get(clinicId, userId);
    if (user?.active) candidates.push(userId);
  }
  if (candidates.length === 0) return null;
  const load = await deps.conversations.openLoad(clinicId, candidates);
  candidates.sort((a, b) => (load.get(a)?.open ?? 0) - (load.get(b)?.open ?? 0) || (load.get(a)?.lastAssignedAt ?? 0) - (load.get(b)?.lastAssignedAt ?? 0));
  const chosen = candidates[0]!;
  await assignConversation(deps, clinicId, conversationId, chosen, { type: 'system', id: 'round_robin' });
  return chosen;
}

/** An agent gone for good: their open conversations return to the queue and are shared among those online. */
export async function releaseOfflineAgent(deps: InboxDeps, clinicId: string, userId: string, onlineUserIds: string[]): Promise<void> {
  if ((await assignmentSettings(deps, clinicId)).mode !== 'round_robin') return;
  for (const conversationId of await deps.conversations.openAssignedTo(clinicId, userId)) {
    await assignConversation(deps, clinicId, conversationId, null, { type: 'system', id: 'agent_offline' });
    await autoAssign(deps, clinicId, conversationId, onlineUserIds.filter((id) => id !== userId));
  }
}
