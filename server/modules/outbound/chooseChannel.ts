// The one decision every outbound road makes (automations, bots, recalls, alerts, the dispatcher's fallback):
// may this patient get this message, on which kind of channel, through which of the clinic's channels, to
// which address. Pure: the facts come in, the answer (or the reason there is none) comes out, and every kind
// that was passed over says why, so a report can tell "wanted voice, went by SMS" instead of pretending.
import type { ChannelKind } from '../../../integrations/channels/channel.ts';
import { purposeAllowed, type ConsentChoices, type MessagePurpose } from '../consents/consentPurposes.ts';

/** A clinic channel as the decision sees it: what it carries and, for official WhatsApp, its window and templates. */
export type ChannelOption = {
  id: string;
  type: string;
  /** Stand-ins (the simulator) are used for a kind only when no real channel carries it. */
  standIn: boolean;
  usable: boolean;
  kinds: readonly ChannelKind[];
  /** Free text only this long after the patient last wrote on this channel (official WhatsApp); null: no window. */
  serviceWindowHours: number | null;
  /** When the patient last wrote on this channel (their conversation there), if ever. */
  lastInboundAt: Date | null;
  /** Whether this message would go out as an approved provider template, which the window does not limit. */
  sendsAsTemplate: boolean;
};

export type DecisionPatient = {
  privacyConsent: boolean;
  preferredChannel: ChannelKind | 'none' | null;
  optOuts: readonly string[];
  /** Explicit choices per purpose and kind; what is absent follows the purpose's default. */
  consents: ConsentChoices;
  phones: readonly string[];
  email: string | null;
};

export type ChannelDecisionInput = {
  patient: DecisionPatient;
  /** What the message is for: a kind the patient has not consented to for it is passed over (`no_consent`). */
  purpose: MessagePurpose | null;
  /** The kinds the clinic allows for this purpose, in its order. */
  allowedKinds: readonly ChannelKind[];
  requireConsent: boolean;
  channels: readonly ChannelOption[];
  now: Date;
  /** Staff chose the kind themselves (the recall workflow's channel): only that one is tried. */
  forcedKind?: ChannelKind | undefined;
  /** Kinds already tried for this message (a fallback after a permanent failure). */
  exclude?: readonly string[] | undefined;
};

export type ChannelChoice = { kind: ChannelKind; channelId: string; channelType: string; address: string };

export type PassOverReason = 'no_consent' | 'opted_out' | 'no_address' | 'no_channel' | 'window_closed' | 'already_tried' | 'not_allowed';
export type PassedOver = { kind: ChannelKind; reason: PassOverReason };

export type NoChannelReason = 'no_consent' | 'patient_wants_none' | 'opted_out' | 'no_address' | 'window_closed' | 'voice_unavailable' | 'no_channel';

export type ChannelDecision =
  | { ok: true; choice: ChannelChoice; fallbacks: ChannelChoice[]; passedOver: PassedOver[] }
  | { ok: false; reason: NoChannelReason; passedOver: PassedOver[] };

export function chooseChannel(input: ChannelDecisionInput): ChannelDecision {
  const { patient } = input;
  if (input.requireConsent && !patient.privacyConsent) return { ok: false, reason: 'no_consent', passedOver: [] };
  if (patient.preferredChannel === 'none') return { ok: false, reason: 'patient_wants_none', passedOver: [] };
  const passedOver: PassedOver[] = [];
  const choices: ChannelChoice[] = [];
  const preferred = patient.preferredChannel;
  if (!input.forcedKind && preferred && !input.allowedKinds.includes(preferred)) passedOver.push({ kind: preferred, reason: 'not_allowed' });
  for (const kind of candidateKinds(input)) {
    const outcome = tryKind(input, kind);
    if (!('reason' in outcome)) choices.push(outcome);
    // What came before the choice explains it; what fails after it only narrows the fallbacks.
    else if (choices.length === 0) passedOver.push({ kind, reason: outcome.reason });
  }
  const [choice, ...fallbacks] = choices;
  if (choice) return { ok: true, choice, fallbacks, passedOver };
  return { ok: false, reason: noChannelReason(passedOver), passedOver };
}

/** The patient's preferred kind first (when the clinic allows it for this purpose), then the clinic's order. */
function candidateKinds(input: ChannelDecisionInput): ChannelKind[] {
  if (input.forcedKind) return [input.forcedKind];
  const preferred = input.patient.preferredChannel;
  const allowed = [...input.allowedKinds];
  if (!preferred || preferred === 'none' || !allowed.includes(preferred)) return allowed;
  return [preferred, ...allowed.filter((kind) => kind !== preferred)];
}

function tryKind(input: ChannelDecisionInput, kind: ChannelKind): ChannelChoice | { reason: PassOverReason } {
  const optOuts = new Set(input.patient.optOuts.map((entry) => entry.toLowerCase()));
  if (input.exclude?.includes(kind)) return { reason: 'already_tried' };
  if (optOuts.has(kind) || optOuts.has('all')) return { reason: 'opted_out' };
  if (input.purpose && !purposeAllowed(input.patient.consents, input.purpose, kind)) return { reason: 'no_consent' };
  const address = addressFor(input.patient, kind);
  if (!address) return { reason: 'no_address' };
  const channel = channelFor(input.channels, kind);
  if (!channel) return { reason: 'no_channel' };
  if (windowClosed(channel, input.now)) return { reason: 'window_closed' };
  return { kind, channelId: channel.id, channelType: channel.type, address };
}

function addressFor(patient: DecisionPatient, kind: ChannelKind): string | null {
  return (kind === 'email' ? patient.email : patient.phones[0]) || null;
}

/** The clinic's first usable real channel for a kind; a stand-in only when no real one carries it. */
export function channelFor(channels: readonly ChannelOption[], kind: ChannelKind): ChannelOption | null {
  const carrying = channels.filter((channel) => channel.usable && channel.kinds.includes(kind));
  return carrying.find((channel) => !channel.standIn) ?? carrying[0] ?? null;
}

/** Outside the customer-service window only an approved template goes through: free text would be refused. */
function windowClosed(channel: ChannelOption, now: Date): boolean {
  if (channel.serviceWindowHours === null || channel.sendsAsTemplate) return false;
  if (!channel.lastInboundAt) return true;
  return channel.lastInboundAt.getTime() + channel.serviceWindowHours * 3_600_000 <= now.getTime();
}

/** The most telling reason when no kind worked: the one every candidate shared, voice named for what it is. */
function noChannelReason(passedOver: readonly PassedOver[]): NoChannelReason {
  const tried = passedOver.filter((entry) => entry.reason !== 'not_allowed' && entry.reason !== 'already_tried');
  if (tried.length === 0) return 'no_channel';
  if (tried.every((entry) => entry.kind === 'voice' && entry.reason === 'no_channel')) return 'voice_unavailable';
  const [first] = tried;
  const shared = tried.every((entry) => entry.reason === first!.reason) ? first!.reason : null;
  if (shared === 'opted_out' || shared === 'no_consent' || shared === 'no_address' || shared === 'window_closed') return shared;
  // Some kinds opted out, the others without consent for this purpose: the patient said no on every one.
  if (tried.every((entry) => entry.reason === 'opted_out' || entry.reason === 'no_consent')) return 'no_consent';
  return 'no_channel';
}
