// Which banner a conversation waiting for a person shows: "Bot desconectado" only when a bot was running and
// handed it over; "Atendida por una persona" when someone took it; otherwise a neutral "Necesita una persona"
// (a first message, a patient writing again into a closed conversation, a reopening: no bot was involved).
// The conversation's audit trail (GET /api/conversations/:id/events) says who moved it to `human`; until it
// has loaded, or when the move left no event (a new conversation starts as `human`), the reason decides.
import type { Conversation } from '../api/client.ts';

export type ConversationEvent = {
  id: string;
  kind: string;
  fromState: string | null;
  toState: string | null;
  actorType: 'agent' | 'bot' | 'system' | 'patient';
  actorId: string | null;
  reason: string | null;
  at: string;
};

export type HandoverBanner = { kind: 'botHandedOver' | 'personTookOver' | 'needsPerson'; reason: string | null; at: string };

export function handoverBanner(conversation: Pick<Conversation, 'state' | 'handoverReason' | 'handoverAt'>, events: readonly ConversationEvent[]): HandoverBanner | null {
  if (conversation.state !== 'human' || !conversation.handoverAt) return null;
  const { handoverReason: reason, handoverAt: at } = conversation;
  const move = events.findLast((event) => event.toState === 'human' && event.reason === reason);
  if (move?.kind === 'takeover' || reason === 'agent_takeover') return { kind: 'personTookOver', reason, at };
  const fromBot = move ? move.actorType === 'bot' || move.fromState === 'bot' : !reachesPeopleWithoutBot(reason);
  return { kind: fromBot ? 'botHandedOver' : 'needsPerson', reason, at };
}

/** Reasons that never involve a bot: the conversation came to the queue on its own. */
function reachesPeopleWithoutBot(reason: string | null): boolean {
  return reason === null || reason === 'new_conversation' || reason === 'patient_wrote_again' || reason.startsWith('reopened');
}
