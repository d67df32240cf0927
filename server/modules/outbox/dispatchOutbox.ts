// Sends what the outbox holds: claim due rows, send each through its channel within the channel's
// rate limit, record the provider id and status; transient errors retry with backoff, permanent ones
// mark the message failed with the provider's reason. Nothing is sent twice: a send that may have reached
// the provider (a crash mid-send, a timeout, a reset) keeps its `sendStartedAt`, and the next attempt asks
// the provider first (reconcileSend).
import type { Channel, ChannelKind, OutboundMessage } from '../../../integrations/channels/channel.ts';
import { ChannelSendError } from '../../../integrations/channels/channel-send-error.ts';
import { DEFAULT_RETRY_POLICY, planRetry, type RetryPolicy } from '../../../integrations/channels/delivery/retry-backoff.ts';
import type { SendRateLimiter } from '../../../integrations/channels/delivery/send-rate-limiter.ts';
import type { ChannelRow } from '../channels/channels.repository.ts';
import { purposeAllowed, purposeOfEvent } from '../consents/consentPurposes.ts';
import { applyStatusUpdate } from '../inbox/applyStatusUpdate.ts';
import type { InboxDeps } from '../inbox/inboxDeps.ts';
import { isMergeMeta, isTemplateMeta, windowExpiry, type MessageRow } from '../inbox/inbox.dto.ts';
import { channelDefinitions } from '../channels/channelDefinitions.ts';
import type { OutboxRepository, OutboxRow } from './outbox.repository.ts';
import { reconcileSend } from './reconcileSend.ts';
import { recordProviderOptOut } from './recordProviderOptOut.ts';

export type ResolvedChannel = { channel: Channel; limiter: SendRateLimiter };

export type DispatchDeps = InboxDeps & {
  outbox: OutboxRepository;
  resolveChannel: (row: ChannelRow) => ResolvedChannel;
  now?: () => Date;
  retryPolicy?: RetryPolicy;
  /** This process's name in channel leases; rows of channels leased to another instance are left to it. */
  instance?: string;
};

export const INTERRUPTED_SEND_ERROR = 'Sending was interrupted before the provider answered; it was not repeated to avoid a duplicate. Send it again if needed.';
export const UNCONFIRMED_SEND_ERROR = 'The provider did not confirm whether it took this message (no answer in time); it was not repeated to avoid a duplicate. Send it again if needed.';
const OPTED_OUT_ERROR = 'The patient opted out of automated messages on this channel.';
const NO_CONSENT_ERROR = 'The patient has not consented to this kind of message on this channel.';
const WINDOW_CLOSED_ERROR = 'Outside the WhatsApp 24-hour window and no approved template for this message: WhatsApp would refuse it.';

/** Processes one batch; returns how many rows it handled. */
export async function dispatchOutbox(deps: DispatchDeps, batchSize = 20): Promise<number> {
  const now = deps.now?.() ?? new Date();
  const rows = await deps.outbox.claimDue(batchSize, now, deps.instance ?? null);
  await Promise.all(rows.map((row) => dispatchOne(deps, row).catch((error: unknown) => deps.logger.error({ err: error, outboxId: row.id }, 'outbox row failed unexpectedly'))));
  return rows.length;
}

async function dispatchOne(deps: DispatchDeps, row: OutboxRow & { reclaimed: boolean }): Promise<void> {
  const now = () => deps.now?.() ?? new Date();
  const message = await deps.messages.get(row.clinicId, row.messageId);
  if (!message || message.status !== 'queued') return deps.outbox.finish(row.id, 'done');
  const target = await resolveTarget(deps, message);
  if ('error' in target) return fail(deps, row, message, target.code, target.error);
  const { channelRow, kind, to, channel, limiter } = target;
  const template = isTemplateMeta(message.meta?.template) ? message.meta.template : null;
  const outbound: OutboundMessage = {
    messageId: message.id,
    kind,
    to,
    text: message.text,
    ...(message.subject ? { subject: message.subject } : {}),
    ...(typeof message.meta?.html === 'string' ? { html: message.meta.html } : {}),
    ...(message.buttons?.length ? { buttons: message.buttons } : {}),
    ...(message.media?.length ? { media: message.media } : {}),
    ...(message.purpose ? { templateKey: message.purpose } : {}),
    ...(template ? { providerTemplateId: template.id, templateVariables: template.variables } : {}),
    ...(isMergeMeta(message.meta?.merge) ? { merge: message.meta.merge } : {}),
  };
  // Free text outside the customer-service window would fail at the provider (Twilio 63016): say so before sending.
  const closesAt = windowExpiry(target.lastInboundAt, channelDefinitions(channelRow.type)?.serviceWindowHours ?? null);
  if (closesAt && closesAt <= now() && !channel.sendsAsTemplate?.(outbound)) return fail(deps, row, message, 'whatsapp_window_closed', WINDOW_CLOSED_ERROR);

  const retryPolicy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
  if (row.sendStartedAt) {
    // An earlier attempt may have reached the provider (this worker's timeout, or a worker that died): ask first.
    const check = await reconcileSend(channel, outbound, row.sendStartedAt);
    if (check.outcome === 'sent') {
      await applyStatusUpdate(deps, { id: message.id }, { status: 'sent', providerMessageId: check.result.providerMessageId });
      return deps.outbox.finish(row.id, 'done');
    }
    const [code, reason] = row.reclaimed ? ['interrupted', INTERRUPTED_SEND_ERROR] : ['unconfirmed', UNCONFIRMED_SEND_ERROR];
    if (check.outcome === 'unknown') return fail(deps, row, message, code, reason);
    if (check.outcome === 'unreachable') {
      const decision = planRetry(ChannelSendError.transient('unreachable', check.reason), row.attempts, retryPolicy);
      if (!decision.retry) return fail(deps, row, message, code, reason);
      return deps.outbox.retryLater(row.id, new Date(now().getTime() + decision.delayMs), `unconfirmed: ${check.reason}`, { keepSendStarted: true });
    }
  }

  await deps.outbox.markSendStarted(row.id);
  try {
    const result = await limiter.schedule(() => channel.send(outbound));
    await applyStatusUpdate(deps, { id: message.id }, { status: 'sent', providerMessageId: result.providerMessageId });
    if (result.status !== 'sent' && result.status !== 'queued') await applyStatusUpdate(deps, { id: message.id }, { status: result.status });
    await deps.outbox.finish(row.id, 'done');
  } catch (error) {
    const decision = planRetry(error, row.attempts, retryPolicy);
    const reason = error instanceof ChannelSendError ? error.reason : String(error);
    const code = error instanceof ChannelSendError ? error.code : 'unexpected';
    // Sent or not, nobody can say yet: the next attempt asks the provider before sending again.
    const unconfirmed = error instanceof ChannelSendError && error.mayHaveBeenSent;
    if (decision.retry) {
      deps.logger.warn({ outboxId: row.id, channelId: channelRow.id, code, attempt: row.attempts, unconfirmed }, 'send failed; will retry');
      return deps.outbox.retryLater(row.id, new Date(now().getTime() + decision.delayMs), `${code}: ${reason}`, { keepSendStarted: unconfirmed });
    }
    deps.logger.warn({ outboxId: row.id, channelId: channelRow.id, code }, 'send failed permanently');
    if (error instanceof ChannelSendError && error.recipientOptedOut) await recordProviderOptOut(deps, { clinicId: message.clinicId, patientId: target.patientId, kind, code });
    if (unconfirmed) return fail(deps, row, message, 'unconfirmed', UNCONFIRMED_SEND_ERROR);
    return fail(deps, row, message, code, reason);
  }
}

async function fail(deps: DispatchDeps, row: OutboxRow, message: MessageRow, code: string, reason: string): Promise<void> {
  await applyStatusUpdate(deps, { id: message.id }, { status: 'failed', error: reason, errorCode: code });
  await deps.outbox.finish(row.id, 'failed', `${code}: ${reason}`);
}

type Target = (ResolvedChannel & { channelRow: ChannelRow; kind: ChannelKind; to: string; lastInboundAt: Date | null; patientId: string }) | { code: string; error: string };

async function resolveTarget(deps: DispatchDeps, message: MessageRow): Promise<Target> {
  const conversation = await deps.conversations.getRow(message.clinicId, message.conversationId);
  const channelRow = conversation ? await deps.channels.get(message.clinicId, conversation.channelId) : null;
  const patient = conversation ? await deps.patients.getRow(message.clinicId, conversation.patientId) : null;
  if (!conversation || !channelRow || !patient) return { code: 'no_conversation', error: 'The conversation, its channel or its patient no longer exists.' };
  const resolved = deps.resolveChannel(channelRow);
  // A message records the kind it was for; otherwise the channel's main kind (the simulator's is WhatsApp).
  const kind = message.channelKind ?? resolved.channel.kinds[0] ?? 'whatsapp';
  const automated = message.author !== 'agent' && message.purpose !== 'opt_out' && message.purpose !== 'opt_in';
  if (automated && patient.optOuts.includes(kind)) return { code: 'opted_out', error: OPTED_OUT_ERROR };
  // Consent withdrawn for this purpose after the message was queued (a send-later reminder): it does not go.
  const purpose = automated ? purposeOfEvent(message.purpose) : null;
  if (purpose && !purposeAllowed(patient.consents, purpose, kind)) return { code: 'no_consent', error: NO_CONSENT_ERROR };
  const to = kind === 'email' ? patient.email : patient.phones[0];
  if (!to) return { code: 'no_address', error: kind === 'email' ? 'The patient has no e-mail address.' : 'The patient has no phone number.' };
  return { ...resolved, channelRow, kind, to, lastInboundAt: conversation.lastInboundAt, patientId: patient.id };
}
