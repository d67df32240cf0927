// One automated message to one patient: the channel decision (consent, opt-outs, preference, the rule's
// channels, WhatsApp's window), the clinic's template rendered for that kind, queued in the outbox under an
// idempotency key so a repeat sends nothing. The decision is stored on the message: later steps (the
// dispatcher, a fallback, the report) read it instead of deciding again.
import { sendOutbound } from '../inbox/sendOutbound.ts';
import { purposeOfEvent } from '../consents/consentPurposes.ts';
import type { ChannelChoice, NoChannelReason, PassedOver } from '../outbound/chooseChannel.ts';
import type { AutomationDeps, MessageExtras } from './automationDeps.ts';
import type { AutomationEvent, AutomationSettings } from './automationSettings.ts';
import type { HeldNotice } from './pendingNotices.repository.ts';

export type AutomatedMessage = {
  clinicId: string;
  patientId: string;
  /** The rules as the caller read them (the channel decision uses the same version). */
  settings: AutomationSettings;
  /** The rule whose channels apply. */
  rule: AutomationEvent;
  /** The template event (and the message's purpose in reports). */
  event: string;
  idempotencyKey: string;
  appointmentId?: string;
  /** Several appointments one message covers (the same-day reminder); `appointmentId` is the first. */
  appointmentIds?: readonly string[];
  extras?: MessageExtras;
  sendAt?: Date;
  /** Kinds already tried (a fallback after a permanent failure). */
  exclude?: readonly string[];
  /** A booking notice held for its undo window: what the patient was told before (see pendingNotices). */
  heldNotice?: HeldNotice;
  /** The decision already made by the caller (it checked something first); otherwise it is made here. */
  target?: AutomationTarget;
};

export type AutomatedResult =
  | { status: 'queued'; kind: string; conversationId: string; messageId: string; created: boolean }
  | { status: 'skipped'; reason: NoChannelReason | 'unknown_patient' };

export type AutomationTarget = { choice: ChannelChoice; remaining: ChannelChoice['kind'][]; passedOver: PassedOver[] };

export async function sendAutomatedMessage(deps: AutomationDeps, message: AutomatedMessage): Promise<AutomatedResult> {
  const target = message.target ?? (await decideTarget(deps, message));
  if ('reason' in target) return { status: 'skipped', reason: target.reason };
  const { choice, remaining, passedOver } = target;
  const conversationId = await openConversation(deps, message.clinicId, message.patientId, choice);
  const rendered = await deps.render({
    clinicId: message.clinicId,
    event: message.event,
    channel: choice.kind,
    patientId: message.patientId,
    ...(message.appointmentId ? { appointmentId: message.appointmentId } : {}),
    ...(message.appointmentIds?.length ? { appointmentIds: message.appointmentIds } : {}),
    ...(message.extras ? { extras: message.extras } : {}),
  });
  const { message: sent, created } = await sendOutbound(deps.inbox, {
    clinicId: message.clinicId,
    conversationId,
    author: 'system',
    text: rendered.text,
    subject: rendered.subject ?? null,
    html: rendered.html ?? null,
    buttons: rendered.buttons ?? null,
    channelKind: choice.kind,
    idempotencyKey: message.idempotencyKey,
    purpose: message.event,
    ...(message.sendAt ? { sendAt: message.sendAt } : {}),
    meta: {
      // What a fallback needs if this channel fails for good.
      automation: { rule: message.rule, event: message.event, key: message.idempotencyKey, tried: [...(message.exclude ?? []), choice.kind], next: remaining, patientId: message.patientId, appointmentId: message.appointmentId ?? null, ...(message.appointmentIds?.length ? { appointmentIds: [...message.appointmentIds] } : {}), extras: message.extras ?? null, ...(message.heldNotice ? { notice: message.heldNotice } : {}) },
      ...(passedOver.length ? { channelDecision: { passedOver } } : {}),
      // The values the text used, for a provider-side template the channel may send instead (Twilio content variables).
      ...(rendered.merge ? { merge: rendered.merge } : {}),
    },
  });
  return { status: 'queued', kind: choice.kind, conversationId, messageId: sent.id, created };
}

/** The channel decision for an automated message (or a flow), in the automations' terms. */
export async function decideTarget(
  deps: AutomationDeps,
  message: Pick<AutomatedMessage, 'clinicId' | 'patientId' | 'settings' | 'rule' | 'event' | 'exclude'>,
): Promise<AutomationTarget | { reason: NoChannelReason | 'unknown_patient' }> {
  const purpose = purposeOfEvent(message.event);
  const decision = await deps.decideChannel({ clinicId: message.clinicId, patientId: message.patientId, purpose, rule: message.rule, event: message.event, exclude: message.exclude, settings: message.settings });
  if (!decision.patient) return { reason: 'unknown_patient' };
  if (!decision.ok) return { reason: decision.reason };
  return { choice: decision.choice, remaining: decision.fallbacks.map((entry) => entry.kind), passedOver: decision.passedOver };
}

/** An automated message opens (or reuses) the patient's conversation on that channel, closed until they answer. */
export async function openConversation(deps: AutomationDeps, clinicId: string, patientId: string, choice: ChannelChoice): Promise<string> {
  const { row } = await deps.repos.conversations.findOrCreate(clinicId, patientId, choice.channelId, { state: 'closed' });
  return row.id;
}
