// Agents may still write to a patient who opted out of automated messages (a person answering a person is
// not a campaign), but the reply comes back with a warning so the agent knows.
import type { ChannelKind } from '../../../integrations/channels/channel.ts';
import { channelKinds, type ChannelType } from '../../../integrations/channels/registry.ts';
import type { InboxDeps } from './inboxDeps.ts';

export type OptOutWarning = 'patient_opted_out';

/** The warning for an agent's message just written (null: none), read from its conversation's patient and channel. */
export async function optOutWarning(deps: Pick<InboxDeps, 'conversations' | 'patients' | 'channels'>, clinicId: string, message: { conversationId: string; channelKind: ChannelKind | null }): Promise<OptOutWarning | null> {
  const conversation = await deps.conversations.getRow(clinicId, message.conversationId);
  if (!conversation) return null;
  const patient = await deps.patients.getRow(clinicId, conversation.patientId);
  const channel = await deps.channels.get(clinicId, conversation.channelId);
  return optOutWarningFor({ optOuts: patient?.optOuts ?? [], messageKind: message.channelKind, channelType: channel?.type ?? null });
}

/**
 * The rule: warn when the patient opted out of the kind the message goes by. A message not yet routed has no
 * kind of its own; its channel's first kind is what it will go by.
 */
export function optOutWarningFor(input: { optOuts: readonly string[]; messageKind: ChannelKind | null; channelType: ChannelType | null }): OptOutWarning | null {
  const kind = input.messageKind ?? (input.channelType ? channelKinds(input.channelType)[0] : undefined);
  return kind && input.optOuts.includes(kind) ? 'patient_opted_out' : null;
}
