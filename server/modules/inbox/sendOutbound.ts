// The one entry point for outbound messages (agent, bot, automation): write the message and its outbox
// row first; the dispatcher sends it and records the result.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.ts';
import type { CHANNEL_KINDS } from '../../db/schema/index.ts';
import { previewOf, toMessage, type Message } from './inbox.dto.ts';
import type { InboxDeps } from './inboxDeps.ts';
import { requireConversation } from './ownership.ts';

export type OutboundMessage = {
  clinicId: string;
  conversationId: string;
  author: 'agent' | 'bot' | 'system';
  authorUserId?: string | null;
  text: string;
  subject?: string | null;
  /** E-mail HTML body (the text stays the plain alternative and what the inbox shows). */
  html?: string | null;
  buttons?: string[] | null;
  media?: { url: string; mimeType?: string; caption?: string }[] | null;
  channelKind?: (typeof CHANNEL_KINDS)[number] | null;
  /** Same key → same message: a retried request never queues a second one. */
  idempotencyKey?: string;
  /** Why it is sent (template event, "agent_reply", "test"…), for reports. */
  purpose?: string | null;
  isTest?: boolean;
  /** Send later (clinic time is the caller's business); default now. */
  sendAt?: Date;
  meta?: Record<string, unknown>;
};

export async function sendOutbound(deps: InboxDeps, outbound: OutboundMessage): Promise<{ message: Message; created: boolean }> {
  const conversation = await requireConversation(deps, outbound.clinicId, outbound.conversationId);
  if (!outbound.text.trim() && !outbound.media?.length) throw AppError.validation('text', 'text: a message needs text or media');
  const now = new Date();
  const { message: row, created } = await deps.messages.insertOutbound(
    {
      clinicId: outbound.clinicId,
      conversationId: conversation.id,
      channelId: conversation.channelId,
      channelKind: outbound.channelKind ?? null,
      direction: 'out',
      author: outbound.author,
      authorUserId: outbound.authorUserId ?? null,
      text: outbound.text,
      subject: outbound.subject ?? null,
      buttons: outbound.buttons?.length ? outbound.buttons : null,
      media: outbound.media?.length ? outbound.media : null,
      status: 'queued',
      idempotencyKey: outbound.idempotencyKey ?? randomUUID(),
      purpose: outbound.purpose ?? null,
      isTest: outbound.isTest ?? false,
      meta: { ...outbound.meta, ...(outbound.sendAt ? { scheduledFor: outbound.sendAt.toISOString() } : {}), ...(outbound.html ? { html: outbound.html } : {}) },
    },
    outbound.sendAt ?? now,
  );
  const message = toMessage(row);
  if (created) {
    await deps.conversations.touch(outbound.clinicId, conversation.id, { at: row.createdAt, preview: previewOf(row.text, row.media), inbound: false });
    deps.events.emit('message:new', { clinicId: outbound.clinicId, conversationId: conversation.id, message });
    const updated = await deps.conversations.get(outbound.clinicId, conversation.id);
    // Gone only if removed meanwhile (a merge folding threads): nothing left to redraw.
    if (updated) deps.events.emit('conversation:updated', { clinicId: outbound.clinicId, conversation: updated });
    deps.outboxWake();
  }
  return { message, created };
}
