// What each automated message is for, and whether a patient lets it through on a kind of channel. Defaults for
// choices a patient never made (Spain, LOPDGDD / LSSI): appointment messages, recalls and follow-up surveys
// belong to the care the patient receives (the clinic's legitimate interest), so they go unless the patient
// said no; marketing needs explicit consent. A per-channel opt-out (BAJA / STOP) stops every purpose there.
import type { ChannelKind } from '../../../integrations/channels/channel.ts';
import { MESSAGE_PURPOSES, type ConsentChoices, type MessagePurpose } from '../../db/schema/consents.ts';

export { MESSAGE_PURPOSES, type ConsentChoices, type MessagePurpose };

export const PURPOSE_DEFAULTS: Record<MessagePurpose, boolean> = { appointments: true, recalls: true, surveys: true, marketing: false };

/** Whether this patient may get a message for this purpose on this kind of channel, by their choice or the default. */
export function purposeAllowed(choices: ConsentChoices, purpose: MessagePurpose, kind: ChannelKind): boolean {
  return choices[purpose]?.[kind] ?? PURPOSE_DEFAULTS[purpose];
}

const RECALL_EVENTS = new Set(['recall', 'recall_accepted', 'recall_rejected']);
const SURVEY_EVENTS = new Set(['followup_survey', 'followup_low_score', 'followup_high_score']);
/** Messages that answer the patient or staff's own tests: not automated messages of any purpose. */
const UNGATED_EVENTS = new Set(['opt_out', 'opt_in', 'auto_reply', 'auto_reply_out_of_hours', 'test']);

/**
 * The purpose of a message by its template event: recalls, surveys, the rest of the appointment's messages
 * (booking notices, reminders, thanks, running late). Null: not gated by purpose (answers, tests, agents).
 * Marketing has no event of its own: campaigns name their purpose.
 */
export function purposeOfEvent(event: string | null | undefined): MessagePurpose | null {
  if (!event || UNGATED_EVENTS.has(event)) return null;
  if (RECALL_EVENTS.has(event)) return 'recalls';
  if (SURVEY_EVENTS.has(event)) return 'surveys';
  return 'appointments';
}

/** Two records of one patient merged: a "no" either of them said still holds, then any "yes". */
export function mergeConsentChoices(kept: ConsentChoices, duplicate: ConsentChoices): ConsentChoices {
  const merged: ConsentChoices = {};
  for (const purpose of MESSAGE_PURPOSES) {
    const kinds = new Set([...Object.keys(kept[purpose] ?? {}), ...Object.keys(duplicate[purpose] ?? {})]);
    if (kinds.size === 0) continue;
    merged[purpose] = Object.fromEntries([...kinds].map((kind) => [kind, kept[purpose]?.[kind] !== false && duplicate[purpose]?.[kind] !== false]));
  }
  return merged;
}
