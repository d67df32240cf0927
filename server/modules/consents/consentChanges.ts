// What changed in a patient's consents between two states of their record, as ledger entries: the privacy
// consent given or withdrawn, and each kind of channel opted out of or back into.
import type { ConsentEventInput } from './consents.repository.ts';

type ConsentState = { privacyConsent: boolean; optOuts: readonly string[] };
type Origin = Pick<ConsentEventInput, 'source' | 'byUserId' | 'evidence' | 'textShown'>;

export const NO_CONSENTS: ConsentState = { privacyConsent: false, optOuts: [] };

export function consentChanges(clinicId: string, patientId: string, before: ConsentState, after: ConsentState, origin: Origin): ConsentEventInput[] {
  const entry = (purpose: ConsentEventInput['purpose'], channel: string | null, granted: boolean): ConsentEventInput => ({ clinicId, patientId, purpose, channel, granted, ...origin });
  const entries: ConsentEventInput[] = [];
  if (before.privacyConsent !== after.privacyConsent) entries.push(entry('privacy', null, after.privacyConsent));
  for (const kind of after.optOuts) if (!before.optOuts.includes(kind)) entries.push(entry('automated_messages', kind, false));
  for (const kind of before.optOuts) if (!after.optOuts.includes(kind)) entries.push(entry('automated_messages', kind, true));
  return entries;
}
