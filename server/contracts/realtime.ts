// The socket.io event map shared by the server and the inbox UI (which imports it as types only): every
// event the server sends a staff socket, with its payload built from the server's own presenters, so a wrong
// event name or payload is a type error on both sides. The domain events (modules/events.ts) carry the
// same payloads plus whom they are for.
import type { ConnectionStatus, MessageStatus } from '../../integrations/channels/channel.ts';
import type { Conversation, Message } from '../modules/inbox/inbox.dto.ts';
import type { Note } from '../modules/inbox/note.dto.ts';

export type MessageNewEvent = { conversationId: string; message: Message };
export type MessageStatusEvent = { conversationId: string; messageId: string; status: MessageStatus; error?: string | null };
export type ConversationUpdatedEvent = { conversation: Conversation };
/** A conversation joined the "needs a person" queue. */
export type ConversationHandoverEvent = { conversationId: string; reason: string | null; at: string };
/** `note:new` goes to the clinic; `note:mention` only to the colleague named in the note. */
export type NoteEvent = { conversationId: string; note: Note };
/** A channel's connection changed; WhatsApp Web pairing carries the QR (rotated every ~20 s) or pairing code. */
export type ChannelStatusEvent = { channelId: string; status: ConnectionStatus; qr?: string | null; pairingCode?: string | null };

export type ServerToClientEvents = {
  'message:new': (event: MessageNewEvent) => void;
  'message:status': (event: MessageStatusEvent) => void;
  'conversation:updated': (event: ConversationUpdatedEvent) => void;
  'conversation:handover': (event: ConversationHandoverEvent) => void;
  'note:new': (event: NoteEvent) => void;
  'note:mention': (event: NoteEvent) => void;
  'channel:status': (event: ChannelStatusEvent) => void;
};

/** Staff sockets only listen: everything they do goes through the REST API. */
export type ClientToServerEvents = Record<string, never>;
