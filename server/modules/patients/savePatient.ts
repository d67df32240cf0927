// Creating and changing a patient: phones normalised with the clinic's country, external ids kept unique.
import { AppError } from '../../errors.ts';
import type { ClinicsRepository } from '../clinics/clinics.repository.ts';
import { normalisePhones } from './normalisePhones.ts';
import type { PatientInput, PatientPatch, Patient } from './patient.dto.ts';
import type { PatientsRepository, PatientValues } from './patients.repository.ts';

type Deps = { patients: PatientsRepository; clinics: ClinicsRepository };

export async function createPatient(deps: Deps, clinicId: string, input: PatientInput): Promise<Patient> {
  const { externalIds, ...fields } = input;
  const country = await clinicCountry(deps, clinicId);
  await assertExternalIdsFree(deps, clinicId, externalIds, null);
  const row = await deps.patients.insert(clinicId, { ...fields, phones: normalisePhones(fields.phones, country) }, externalIds);
  return (await deps.patients.get(clinicId, row.id))!;
}

export async function updatePatient(deps: Deps, clinicId: string, id: string, patch: PatientPatch): Promise<Patient> {
  const { externalIds, ...fields } = patch;
  const values: Partial<PatientValues> = { ...fields };
  if (fields.phones) values.phones = normalisePhones(fields.phones, await clinicCountry(deps, clinicId));
  if (externalIds) await assertExternalIdsFree(deps, clinicId, externalIds, id);
  const row = await deps.patients.update(clinicId, id, values, externalIds);
  if (!row) throw AppError.notFound('Patient');
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
