// One automated message to one patient: pick the channel (preferred, then the event's others), render the
// clinic's template for it and queue it in the outbox under an idempotency key, so a repeat sends nothing.
import { sendOutbound } from '../inbox/sendOutbound.ts';
import type { AutomationDeps, MessageExtras } from './automationDeps.ts';
import type { AutomationChannel, AutomationEvent, AutomationSettings } from './automationSettings.ts';
import { choosePatientChannels, type NoChannelReason } from './choosePatientChannels.ts';
import type { HeldNotice } from './pendingNotices.repository.ts';

export type AutomatedMessage = {
  clinicId: string;
  patientId: string;
  settings: AutomationSettings;
  /** The rule whose channels apply. */
  rule: AutomationEvent;
  /** The template event (and the message's purpose in reports). */
  event: string;
  idempotencyKey: string;
  appointmentId?: string;
  extras?: MessageExtras;
  sendAt?: Date;
  /** Kinds already tried (a fallback after a permanent failure). */
  exclude?: readonly string[];
  /** A booking notice held for its undo window: what the patient was told before (see pendingNotices). */
  heldNotice?: HeldNotice;
};

export type AutomatedResult =
  | { status: 'queued'; kind: string; conversationId: string; messageId: string; created: boolean }
  | { status: 'skipped'; reason: NoChannelReason | 'unknown_patient' };

export async function sendAutomatedMessage(deps: AutomationDeps, message: AutomatedMessage): Promise<AutomatedResult> {
  const target = await resolveTarget(deps, message, { openConversation: true });
  if ('reason' in target) return { status: 'skipped', reason: target.reason };
  const { choice, conversationId, remaining } = target;
  if (!conversationId) throw new Error('no conversation opened');
  const rendered = await deps.render({
    clinicId: message.clinicId,
    event: message.event,
    channel: choice.kind,
    patientId: message.patientId,
    ...(message.appointmentId ? { appointmentId: message.appointmentId } : {}),
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
    // What a fallback needs if this channel fails for good.
    meta: {
      automation: { rule: message.rule, event: message.event, key: message.idempotencyKey, tried: [...(message.exclude ?? []), choice.kind], next: remaining, patientId: message.patientId, appointmentId: message.appointmentId ?? null, extras: message.extras ?? null, ...(message.heldNotice ? { notice: message.heldNotice } : {}) },
    },
  });
  return { status: 'queued', kind: choice.kind, conversationId, messageId: sent.id, created };
}

/** The channel and conversation a message (or a flow) goes on; shared with the flow starter. */
export async function resolveTarget(
  deps: AutomationDeps,
  message: Pick<AutomatedMessage, 'clinicId' | 'patientId' | 'settings' | 'rule' | 'exclude'>,
  options: { openConversation: boolean },
): Promise<{ choice: { kind: AutomationChannel }; conversationId: string | null; remaining: AutomationChannel[]; locale: string | null } | { reason: NoChannelReason | 'unknown_patient' }> {
  const patient = await deps.repos.patients.getRow(message.clinicId, message.patientId);
  if (!patient) return { reason: 'unknown_patient' };
  const channels = await deps.repos.channels.list(message.clinicId);
  const choices = choosePatientChannels(patient, message.settings.events[message.rule].channels, channels, {
    requireConsent: message.settings.requirePrivacyConsent,
    ...(message.exclude ? { exclude: message.exclude } : {}),
  });
  if (typeof choices === 'string') return { reason: choices };
  const [choice, ...rest] = choices;
  const remaining = rest.map((entry) => entry.kind);
  if (!options.openConversation) return { choice: choice!, conversationId: null, remaining, locale: patient.locale };
  // An automated message opens (or reuses) the patient's conversation on that channel, closed until they answer.
  const { row } = await deps.repos.conversations.findOrCreate(message.clinicId, patient.id, choice!.channel.id, { state: 'closed' });
  return { choice: choice!, conversationId: row.id, remaining, locale: patient.locale };
}
