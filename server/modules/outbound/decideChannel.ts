// Gathers the facts the channel decision needs (the patient, the clinic's rule and consent setting, its
// channels with their windows and templates) and makes it. Every road that writes to a patient calls this:
// automations, bot flows, recalls, alerts and fallbacks, so consent and opt-outs hold on all of them. Each
// names the purpose of what it sends (appointments, recalls, surveys, marketing): a kind of channel the patient
// has not consented to for that purpose is passed over, reason `no_consent`.
import type { Channel, ChannelKind } from '../../../integrations/channels/channel.ts';
import { channelKinds, isStandInChannel, serviceWindowHours } from '../../../integrations/channels/registry.ts';
import type { Repositories } from '../../context.ts';
import type { AutomationEvent, AutomationSettings } from '../automations/automationSettings.ts';
import type { ChannelRow } from '../channels/channels.repository.ts';
import type { MessagePurpose } from '../consents/consentPurposes.ts';
import type { PatientRow } from '../patients/patients.repository.ts';
import { isUsableChannel } from './channelAvailability.ts';
import { channelFor, chooseChannel, type ChannelDecision, type ChannelOption } from './chooseChannel.ts';

export type ChannelDeciderDeps = {
  repos: Pick<Repositories, 'patients' | 'channels' | 'conversations'>;
  automationSettings: (clinicId: string) => Promise<AutomationSettings>;
  /** Would this message (its template event) go out as an approved provider template on that channel? */
  sendsAsTemplate: (channel: ChannelRow, event: string) => boolean;
  now: () => Date;
};

export type DecideChannelInput = {
  clinicId: string;
  patientId: string;
  /** What the message is for; null only for what is not an automated message of any purpose. */
  purpose: MessagePurpose | null;
  /** The rule whose channels and switch apply (`reminders`, `recalls`…); without one (a campaign), `kinds`. */
  rule?: AutomationEvent | undefined;
  /** The kinds allowed, in order, when no automation rule governs the send (a campaign's own channels). */
  kinds?: readonly ChannelKind[] | undefined;
  /** The template event that would be sent first (`reminder`, `recall`…): decides whether a template covers it. */
  event: string;
  forcedKind?: ChannelKind | undefined;
  exclude?: readonly string[] | undefined;
  /** Only these kinds can carry it at all (bot flows run on phone channels). */
  onlyKinds?: readonly ChannelKind[] | undefined;
  /** The rules as the caller already read them, so its checks and the decision see one version. */
  settings?: AutomationSettings | undefined;
};

export type ChannelDecisionFor = ChannelDecision & { patient: PatientRow | null; settings: AutomationSettings };

export type ChannelDecider = (input: DecideChannelInput) => Promise<ChannelDecisionFor>;

export function createChannelDecider(deps: ChannelDeciderDeps): ChannelDecider {
  return async function decideChannel(input) {
    const [patient, settings, rows] = await Promise.all([
      deps.repos.patients.getRow(input.clinicId, input.patientId),
      input.settings ?? deps.automationSettings(input.clinicId),
      deps.repos.channels.list(input.clinicId),
    ]);
    if (!patient) return { ok: false, reason: 'no_channel', passedOver: [], patient: null, settings };
    const lastInbound = await deps.repos.conversations.lastInboundByChannel(input.clinicId, patient.id);
    const channels = rows.map((row) => channelOption(deps, row, lastInbound.get(row.id) ?? null, input.event));
    const ruleKinds = input.rule ? settings.events[input.rule].channels : (input.kinds ?? []);
    const onlyKinds = input.onlyKinds;
    const decision = chooseChannel({
      patient: { ...patient, preferredChannel: patient.preferredChannel },
      purpose: input.purpose,
      allowedKinds: onlyKinds ? ruleKinds.filter((kind) => onlyKinds.includes(kind)) : ruleKinds,
      requireConsent: settings.requirePrivacyConsent,
      channels,
      now: deps.now(),
      forcedKind: input.forcedKind,
      exclude: input.exclude,
    });
    return { ...decision, patient, settings };
  };
}

/**
 * The channel a message of this kind would use, outside any patient's rules: a staff member's test send to their
 * own phone. The same pick as the decision's (real usable channel first, the stand-in otherwise).
 */
export async function channelForKind(repos: Pick<Repositories, 'channels'>, clinicId: string, kind: ChannelKind): Promise<ChannelRow | null> {
  const rows = await repos.channels.list(clinicId);
  const options = rows.map((row) => ({ id: row.id, type: row.type, standIn: isStandInChannel(row.type), usable: isUsableChannel(row), kinds: channelKinds(row.type), serviceWindowHours: null, lastInboundAt: null, sendsAsTemplate: false }));
  const chosen = channelFor(options, kind);
  return rows.find((row) => row.id === chosen?.id) ?? null;
}

function channelOption(deps: ChannelDeciderDeps, row: ChannelRow, lastInboundAt: Date | null, event: string): ChannelOption {
  const windowHours = serviceWindowHours(row.type);
  return {
    id: row.id,
    type: row.type,
    standIn: isStandInChannel(row.type),
    usable: isUsableChannel(row),
    kinds: channelKinds(row.type),
    serviceWindowHours: windowHours,
    lastInboundAt,
    // Only asked where a window applies: building an adapter for every channel would be wasted work.
    sendsAsTemplate: windowHours !== null && deps.sendsAsTemplate(row, event),
  };
}

/** Asks the channel's live adapter whether this event would go out as an approved template (Twilio content). */
export function sendsAsTemplateThrough(resolve: (row: ChannelRow) => { channel: Channel }): ChannelDeciderDeps['sendsAsTemplate'] {
  return (row, event) => {
    try {
      const { channel } = resolve(row);
      return channel.sendsAsTemplate?.({ messageId: '', kind: channelKinds(row.type)[0] ?? 'whatsapp', to: '', text: '', templateKey: event }) ?? false;
    } catch {
      // A channel whose stored config no longer parses cannot send a template either; the dispatcher reports it.
      return false;
    }
  };
}
