// Merging a patient created from an unknown number into the real one: the history moves, the contact details
// combine, the duplicate goes, and the inbox redraws every thread now under the kept patient.
import { AppError } from '../../errors.ts';
import type { InboxDeps } from './inboxDeps.ts';
import type { PatientContact, PatientMergesRepository } from './patientMerges.repository.ts';

export type MergeDeps = Pick<InboxDeps, 'conversations' | 'patients' | 'events'> & { patientMerges: PatientMergesRepository };

export async function mergePatients(deps: MergeDeps, input: { clinicId: string; sourcePatientId: string; targetPatientId: string }) {
  const { clinicId, sourcePatientId, targetPatientId } = input;
  if (sourcePatientId === targetPatientId) throw AppError.validation('sourcePatientId', 'sourcePatientId: cannot merge a patient into itself');
  const outcome = await deps.patientMerges.merge(clinicId, sourcePatientId, targetPatientId, mergedContact);
  if (outcome === 'target_missing') throw AppError.notFound('Patient');
  if (outcome === 'source_missing') throw new AppError('not_found', 404, 'sourcePatientId: Patient not found', 'sourcePatientId');
  const merged = await deps.conversations.list(clinicId, '', { limit: 200, filters: { patientId: targetPatientId, order: 'recent' } });
  for (const conversation of merged.items) deps.events.emit('conversation:updated', { clinicId, conversation });
  const patient = await deps.patients.get(clinicId, targetPatientId);
  if (!patient) throw AppError.notFound('Patient');
  return patient;
}

/**
 * The kept patient's contact details: its own phones first (the first one receives messages) with the
 * duplicate's added, its own e-mail unless it has none, and every opt-out of either — a "stop" the patient
 * sent from the unknown number still holds.
 */
export function mergedContact(target: PatientContact, source: PatientContact): PatientContact {
  return {
    phones: [...new Set([...target.phones, ...source.phones])],
    email: target.email ?? source.email,
    optOuts: [...new Set([...target.optOuts, ...source.optOuts])],
  };
}
