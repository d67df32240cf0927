// Domain events: the domain announces what happened; listeners (realtime sockets, automations,
// bots) react. The domain never touches sockets or jobs itself. The inbox's events carry the payloads
// staff sockets receive (contracts/realtime.ts) plus the clinic they belong to.
import { EventEmitter } from 'node:events';
import type { ChannelStatusEvent, ConversationHandoverEvent, ConversationUpdatedEvent, MessageNewEvent, MessageStatusEvent, NoteEvent } from '../contracts/realtime.ts';

type ForClinic<Payload> = { clinicId: string } & Payload;

export type DomainEventMap = {
  'message:new': [ForClinic<MessageNewEvent>];
  'message:status': [ForClinic<MessageStatusEvent>];
  'conversation:updated': [ForClinic<ConversationUpdatedEvent>];
  'conversation:handover': [ForClinic<ConversationHandoverEvent>];
  'appointment:changed': [{ clinicId: string; appointmentId: string; change: 'created' | 'updated' | 'cancelled' | 'deleted'; previousStartsAt?: string }];
  /** The patient confirmed or cancelled (through the bot); connectors write it back to the PMS. */
  'appointment:answered': [{ clinicId: string; appointmentId: string; status: 'confirmed' | 'cancelled' }];
  'recall:changed': [{ clinicId: string; recallId: string }];
  'channel:status': [ForClinic<ChannelStatusEvent>];
  /** For the colleague named in the note only. */
  'note:mention': [ForClinic<NoteEvent> & { userId: string }];
  'note:new': [ForClinic<NoteEvent>];
  /**
   * Sessions were ended (logout, deactivation, password change): whatever they opened — sockets — must close.
   * With `sessionId`, only that session; without, every session of the user except `keepSessionId`.
   */
  'session:revoked': [{ userId: string; sessionId?: string; keepSessionId?: string }];
};

export class DomainEvents extends EventEmitter<DomainEventMap> {}

/**
 * Reactions the inbox waits for: it announces what happened and awaits whoever subscribed (the bots), so a
 * simulator reply or a takeover returns only once the flow has answered or stopped. Nobody patches the inbox;
 * subscribers register at start-up and unsubscribe on close.
 */
export type ReactionMap = {
  /** A patient message was stored and its conversation updated; the bot (if any) answers it. */
  'message:received': { clinicId: string; conversation: import('./inbox/inbox.dto.ts').Conversation; message: import('./inbox/inbox.dto.ts').Message };
  /** A person took the conversation or it was closed: the active flow must stop. */
  'conversation:bot_stop': { clinicId: string; conversationId: string; reason: string };
};

type Reaction<Name extends keyof ReactionMap> = (payload: ReactionMap[Name]) => Promise<void>;

export class DomainReactions {
  private readonly handlers: { [Name in keyof ReactionMap]: Set<Reaction<Name>> } = { 'message:received': new Set(), 'conversation:bot_stop': new Set() };

  on<Name extends keyof ReactionMap>(name: Name, handler: Reaction<Name>): () => void {
    const set = this.handlers[name] as Set<Reaction<Name>>;
    set.add(handler);
    return () => void set.delete(handler);
  }

  /** Runs every subscriber; the first failure is rethrown after all have run. */
  async run<Name extends keyof ReactionMap>(name: Name, payload: ReactionMap[Name]): Promise<void> {
    const results = await Promise.allSettled([...(this.handlers[name] as Set<Reaction<Name>>)].map((handler) => handler(payload)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
