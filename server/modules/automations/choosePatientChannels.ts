// Which channels may carry an automated message to a patient, best first: the patient's preferred channel,
// then the event's channels in the clinic's order; 'none' means nothing; opted-out channels, channels the
// patient has no address for, and kinds the clinic cannot send on are skipped.
import type { ChannelRow } from '../channels/channels.repository.ts';
import type { PatientRow } from '../patients/patients.repository.ts';
import type { AutomationChannel } from './automationSettings.ts';

export type ChannelChoice = { kind: AutomationChannel; channel: ChannelRow };

export type NoChannelReason = 'no_consent' | 'patient_wants_none' | 'no_channel';

export function choosePatientChannels(
  patient: PatientRow,
  eventChannels: readonly AutomationChannel[],
  clinicChannels: readonly ChannelRow[],
  options: { requireConsent: boolean; exclude?: readonly string[] },
): ChannelChoice[] | NoChannelReason {
  if (options.requireConsent && !patient.privacyConsent) return 'no_consent';
  if (patient.preferredChannel === 'none') return 'patient_wants_none';
  const preferred = patient.preferredChannel;
  const ordered = preferred && eventChannels.includes(preferred) ? [preferred, ...eventChannels.filter((kind) => kind !== preferred)] : [...eventChannels];
  const optedOut = new Set(patient.optOuts.map((entry) => entry.toLowerCase()));
  const choices: ChannelChoice[] = [];
  for (const kind of ordered) {
    if (optedOut.has(kind) || optedOut.has('all') || options.exclude?.includes(kind)) continue;
    if (!hasAddress(patient, kind)) continue;
    const channel = channelFor(kind, clinicChannels);
    if (channel) choices.push({ kind, channel });
  }
  return choices.length ? choices : 'no_channel';
}

function hasAddress(patient: PatientRow, kind: AutomationChannel): boolean {
  return kind === 'email' ? Boolean(patient.email) : patient.phones.length > 0;
}

/** The clinic's active channel for a kind; the simulator stands in for any kind when no real one exists. */
function channelFor(kind: AutomationChannel, clinicChannels: readonly ChannelRow[]): ChannelRow | null {
  const active = clinicChannels.filter((channel) => channel.status !== 'disabled');
  const real = active.find((channel) => KIND_OF_TYPE[channel.type] === kind);
  return real ?? active.find((channel) => channel.type === 'simulator') ?? null;
}

const KIND_OF_TYPE: Record<ChannelRow['type'], AutomationChannel | null> = {
  simulator: null,
  twilio_sms: 'sms',
  twilio_whatsapp: 'whatsapp',
  whatsapp_web: 'whatsapp',
  email: 'email',
};
