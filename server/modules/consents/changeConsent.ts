// A consent stated by a person: reception's click, a web form, the PMS through the API. It lands in the ledger
// with who recorded it, the words it was given on and reception's note, and sets what the channel decision reads.
import { AppError } from '../../errors.ts';
import type { ConsentChange } from './consent.dto.ts';
import type { ConsentEntry, ConsentsRepository } from './consents.repository.ts';

export async function changeConsent(consents: ConsentsRepository, clinicId: string, patientId: string, change: ConsentChange, byUserId: string | null): Promise<ConsentEntry> {
  const changed = await consents.change({
    clinicId,
    patientId,
    purpose: change.purpose,
    channel: change.channel,
    granted: change.granted,
    source: change.source,
    byUserId,
    textShown: change.textShown || null,
    note: change.note || null,
  });
  if (!changed) throw AppError.notFound('Patient');
  // The entry as the ledger lists it (with the name of who recorded it).
  return (await consents.list(clinicId, patientId)).at(-1)!;
}
