// What the inbox use cases need, passed in (no express, sockets or SQL in the use cases).
import type { ProviderTemplate } from '../../../integrations/channels/channel.ts';
import type { Logger } from '../../logger.ts';
import type { ChannelRow, ChannelsRepository } from '../channels/channels.repository.ts';
import type { ClinicsRepository } from '../clinics/clinics.repository.ts';
import type { DomainEvents, DomainReactions } from '../events.ts';
import type { PatientsRepository } from '../patients/patients.repository.ts';
import type { ConsentsRepository } from '../consents/consents.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { ConversationsRepository } from './conversations.repository.ts';
import type { Conversation, Message } from './inbox.dto.ts';
import type { GroupCommit } from './groupCommit.ts';
import type { InboundRow, StoredInbound } from './inboundBatch.repository.ts';
import type { InboundSignal } from './inboundSignal.ts';
import type { MessagesRepository } from './messages.repository.ts';

/** What the bots do for the inbox; they subscribe to its reactions (`message:received`, `conversation:bot_stop`). */
export type BotHooks = {
  /** A patient message arrived on a conversation (after it was stored). */
  onInbound(clinicId: string, conversation: Conversation, message: Message): Promise<void>;
  /** A person took the conversation or it was closed: the active flow must stop. */
  stop(clinicId: string, conversationId: string, reason: string): Promise<void>;
};

/** Wakes the outbox dispatcher; the worker, when this instance runs one, listens. */
export type OutboxSignal = { wake(): void; onWake(listener: () => void): () => void };

export function createOutboxSignal(): OutboxSignal {
  const listeners = new Set<() => void>();
  return {
    wake: () => listeners.forEach((listener) => listener()),
    onWake(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export type InboxDeps = {
  conversations: ConversationsRepository;
  messages: MessagesRepository;
  patients: PatientsRepository;
  /** The consent ledger: changes of a patient's consents are appended here. */
  consents: ConsentsRepository;
  clinics: ClinicsRepository;
  channels: ChannelsRepository;
  users: UsersRepository;
  events: DomainEvents;
  logger: Logger;
  /** What the bots (and anything else) react to and the inbox waits for. */
  reactions: DomainReactions;
  /** Wakes the outbox dispatcher so a new message goes out without waiting for the next tick. */
  outboxWake: () => void;
  /** Stores inbound messages, batching those that arrive together (one statement for many webhooks). */
  inboundStore: GroupCommit<InboundRow, StoredInbound>;
  /** Wakes this instance's inbound worker for a queued job, and waits for one to be tried. */
  inbound: InboundSignal;
  /** The channel's provider-side templates with their approval (null: the channel has none). */
  channelTemplates: (channel: ChannelRow) => Promise<ProviderTemplate[] | null>;
};
