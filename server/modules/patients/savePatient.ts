// Creating and changing a patient: phones normalised with the clinic's country, external ids kept unique.
import { AppError } from '../../errors.ts';
import type { ClinicsRepository } from '../clinics/clinics.repository.ts';
import { consentChanges, NO_CONSENTS } from '../consents/consentChanges.ts';
import type { ConsentsRepository } from '../consents/consents.repository.ts';
import { normalisePhones } from './normalisePhones.ts';
import type { PatientInput, PatientPatch, Patient } from './patient.dto.ts';
import type { PatientsRepository, PatientValues } from './patients.repository.ts';

type Deps = { patients: PatientsRepository; clinics: ClinicsRepository; consents: ConsentsRepository };
/** Who at the clinic made the change: the consent ledger names them. */
export type Actor = { userId: string };

export async function createPatient(deps: Deps, clinicId: string, input: PatientInput, actor?: Actor): Promise<Patient> {
  const { externalIds, ...fields } = input;
  const country = await clinicCountry(deps, clinicId);
  await assertExternalIdsFree(deps, clinicId, externalIds, null);
  const row = await deps.patients.insert(clinicId, { ...fields, phones: normalisePhones(fields.phones, country) }, externalIds);
  await deps.consents.record(consentChanges(clinicId, row.id, NO_CONSENTS, row, { source: 'reception', byUserId: actor?.userId ?? null }));
  return (await deps.patients.get(clinicId, row.id))!;
}

export async function updatePatient(deps: Deps, clinicId: string, id: string, patch: PatientPatch, actor?: Actor): Promise<Patient> {
  const { externalIds, ...fields } = patch;
  const values: Partial<PatientValues> = { ...fields };
  if (fields.phones) values.phones = normalisePhones(fields.phones, await clinicCountry(deps, clinicId));
  if (externalIds) await assertExternalIdsFree(deps, clinicId, externalIds, id);
  const before = await deps.patients.getRow(clinicId, id);
  const row = await deps.patients.update(clinicId, id, values, externalIds);
  if (!row || !before) throw AppError.notFound('Patient');
  await deps.consents.record(consentChanges(clinicId, id, before, row, { source: 'reception', byUserId: actor?.userId ?? null }));
  return (await deps.patients.get(clinicId, id))!;
}

async function clinicCountry(deps: Deps, clinicId: string): Promise<string> {
  return (await deps.clinics.get(clinicId))?.country ?? 'ES';
}

async function assertExternalIdsFree(deps: Deps, clinicId: string, externalIds: Record<string, string>, patientId: string | null) {
  for (const [source, externalId] of Object.entries(externalIds)) {
    const owner = await deps.patients.findByExternalId(clinicId, source, externalId);
    if (owner && owner.id !== patientId) {
      throw AppError.conflict(`externalIds.${source}: another patient already has this id`, `externalIds.${source}`);
    }
  }
}
