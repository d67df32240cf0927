// Who is handling a conversation — a bot, a person, or nobody (closed) — and every change of it,
// recorded in the audit trail with its cause and announced to the inbox.
import { AppError } from '../../errors.ts';
import type { ConversationRow, ConversationState } from './inbox.dto.ts';
import type { InboxDeps } from './inboxDeps.ts';

export type Actor = { type: 'agent' | 'bot' | 'system' | 'patient'; id?: string | null };

type Transition = { to: ConversationState; reason: string | null; kind: string; assigneeId?: string | null; stopBot?: boolean };

export async function takeOver(deps: InboxDeps, clinicId: string, conversationId: string, agentId: string) {
  const current = await requireConversation(deps, clinicId, conversationId);
  return transition(deps, current, { type: 'agent', id: agentId }, {
    to: 'human',
    reason: 'agent_takeover',
    kind: 'takeover',
    assigneeId: current.assigneeId ?? agentId,
    stopBot: true,
  });
}

/** A bot (or the system) needs a person: the conversation joins the "needs a person" queue. */
export async function handOver(deps: InboxDeps, clinicId: string, conversationId: string, actor: Actor, reason: string) {
  const current = await requireConversation(deps, clinicId, conversationId);
  return transition(deps, current, actor, { to: 'human', reason, kind: 'handover', stopBot: actor.type !== 'bot' });
}

/** Explicit return to automation; the bot resumes only through this. */
export async function handBack(deps: InboxDeps, clinicId: string, conversationId: string, agentId: string) {
  const current = await requireConversation(deps, clinicId, conversationId);
  if (current.state === 'closed') throw AppError.conflict('Reopen the conversation before handing it back to the bot');
  return transition(deps, current, { type: 'agent', id: agentId }, { to: 'bot', reason: null, kind: 'handback', assigneeId: null });
}

export async function closeConversation(deps: InboxDeps, clinicId: string, conversationId: string, actor: Actor, reason: string | null = null) {
  const current = await requireConversation(deps, clinicId, conversationId);
  return transition(deps, current, actor, { to: 'closed', reason, kind: 'close', stopBot: actor.type !== 'bot' });
}

export async function reopenConversation(deps: InboxDeps, clinicId: string, conversationId: string, actor: Actor, reason = 'reopened') {
  const current = await requireConversation(deps, clinicId, conversationId);
  if (current.state !== 'closed') return (await deps.conversations.get(clinicId, conversationId))!;
  return transition(deps, current, actor, { to: 'human', reason, kind: 'reopen' });
}

/** A flow took the conversation (the bot runtime calls this when it starts one). */
export async function giveToBot(deps: InboxDeps, clinicId: string, conversationId: string, flow: string) {
  const current = await requireConversation(deps, clinicId, conversationId);
  return transition(deps, current, { type: 'bot', id: flow }, { to: 'bot', reason: null, kind: 'bot_start' });
}

export async function assignConversation(deps: InboxDeps, clinicId: string, conversationId: string, assigneeId: string | null, actor: Actor) {
  const current = await requireConversation(deps, clinicId, conversationId);
  if (assigneeId) {
    const user = await deps.users.get(clinicId, assigneeId);
    if (!user || !user.active) throw new AppError('not_found', 404, 'userId: User not found', 'userId');
  }
  await deps.conversations.update(clinicId, conversationId, { assigneeId });
  await deps.conversations.addEvent({ clinicId, conversationId, kind: 'assign', actorType: actor.type, actorId: actor.id ?? null, data: { from: current.assigneeId, to: assigneeId } });
  return announce(deps, clinicId, conversationId);
}

export async function markRead(deps: InboxDeps, clinicId: string, conversationId: string) {
  await requireConversation(deps, clinicId, conversationId);
  await deps.conversations.update(clinicId, conversationId, { unreadCount: 0 });
  return announce(deps, clinicId, conversationId);
}

export async function setLabels(deps: InboxDeps, clinicId: string, conversationId: string, labels: string[]) {
  await requireConversation(deps, clinicId, conversationId);
  await deps.conversations.update(clinicId, conversationId, { labels: [...new Set(labels)] });
  return announce(deps, clinicId, conversationId);
}

export async function requireConversation(deps: Pick<InboxDeps, 'conversations'>, clinicId: string, conversationId: string): Promise<ConversationRow> {
  const row = await deps.conversations.getRow(clinicId, conversationId);
  if (!row) throw AppError.notFound('Conversation');
  return row;
}

async function transition(deps: InboxDeps, current: ConversationRow, actor: Actor, change: Transition) {
  const { clinicId, id: conversationId } = current;
  const at = new Date();
  const toHuman = change.to === 'human';
  await deps.conversations.update(clinicId, conversationId, {
    state: change.to,
    handoverReason: toHuman ? change.reason : null,
    handoverAt: toHuman ? at : null,
    ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}),
  });
  await deps.conversations.addEvent({ clinicId, conversationId, kind: change.kind, fromState: current.state, toState: change.to, actorType: actor.type, actorId: actor.id ?? null, reason: change.reason });
  if (change.stopBot) await deps.reactions.run('conversation:bot_stop', { clinicId, conversationId, reason: change.reason ?? change.kind });
  const conversation = await announce(deps, clinicId, conversationId);
  if (toHuman && change.kind !== 'takeover') {
    deps.events.emit('conversation:handover', { clinicId, conversationId, reason: change.reason, at: at.toISOString() });
  }
  return conversation;
}

export async function announce(deps: InboxDeps, clinicId: string, conversationId: string) {
  const conversation = (await deps.conversations.get(clinicId, conversationId))!;
  deps.events.emit('conversation:updated', { clinicId, conversation });
  return conversation;
}
