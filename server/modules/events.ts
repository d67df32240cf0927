// Domain events: the domain announces what happened; listeners (realtime sockets, automations,
// bots) react. The domain never touches sockets or jobs itself.
import { EventEmitter } from 'node:events';

export type DomainEventMap = {
  'message:new': [{ clinicId: string; conversationId: string; message: unknown }];
  'message:status': [{ clinicId: string; conversationId: string; messageId: string; status: string; error?: string | null }];
  'conversation:updated': [{ clinicId: string; conversation: unknown }];
  'conversation:handover': [{ clinicId: string; conversationId: string; reason: string | null; at: string }];
  'appointment:changed': [{ clinicId: string; appointmentId: string; change: 'created' | 'updated' | 'cancelled' | 'deleted'; previousStartsAt?: string }];
  /** The patient confirmed or cancelled (through the bot); connectors write it back to the PMS. */
  'appointment:answered': [{ clinicId: string; appointmentId: string; status: 'confirmed' | 'cancelled' }];
  'recall:changed': [{ clinicId: string; recallId: string }];
  'channel:status': [{ clinicId: string; channelId: string; status: string; qr?: string | null; pairingCode?: string | null }];
  'note:mention': [{ clinicId: string; userId: string; conversationId: string; note: { id: string; authorId: string | null; text: string; mentions: string[]; createdAt: string } }];
  'note:new': [{ clinicId: string; conversationId: string; note: { id: string; authorId: string | null; text: string; mentions: string[]; createdAt: string } }];
};

export class DomainEvents extends EventEmitter<DomainEventMap> {}
