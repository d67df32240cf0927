// "Preparar el envío" (seed 003): of the chosen recalls, which go out and which are discarded because the
// patient already had a related treatment since the recall was set or has an appointment for it coming.
// Discarded recalls are marked scheduled ("agendado") with the reason; a recall we discarded earlier that
// no longer qualifies goes back to pending, so preparing again reflects a cancelled appointment.
import { DateTime } from 'luxon';
import { AppError } from '../../errors.ts';
import { DISCARD_REASONS, findDiscardReason, type DiscardReason } from './findDiscardReason.ts';
import { sameTreatmentName } from './recallHistory.ts';
import { recallInterval } from './recallInterval.ts';
import { recallSettings } from './recallSettings.ts';
import type { RecallRow, RecallWorkflowRepository } from './recallWorkflow.repository.ts';

export type RecallClinic = { id: string; timezone: string; settings: Record<string, unknown> };
export type RecallWorkflowDeps = { workflow: RecallWorkflowRepository; recallChanged: (clinicId: string, recallId: string) => void };
export type PrepareRecallSendingInput = { recallIds: string[]; treatments: string[]; now: Date };
export type PreparedRecalls = { send: RecallRow[]; discarded: Array<{ recall: RecallRow; reason: DiscardReason }> };

export async function prepareRecallSending(deps: RecallWorkflowDeps, clinic: RecallClinic, input: PrepareRecallSendingInput): Promise<PreparedRecalls> {
  const { workflow } = deps;
  const rows = await requireRecalls(workflow, clinic.id, input.recallIds);
  const patientIds = [...new Set(rows.map((row) => row.patientId))];
  const [history, upcoming, services] = await Promise.all([
    workflow.completedTreatments(clinic.id, clinic.timezone, patientIds),
    workflow.upcomingAppointments(clinic.id, input.now, patientIds),
    workflow.services(clinic.id),
  ]);
  const { defaultIntervalDays } = recallSettings(clinic.settings);
  const today = localDate(input.now, clinic.timezone);

  const prepared: PreparedRecalls = { send: [], discarded: [] };
  for (const row of rows) {
    const service = services.find((candidate) => candidate.id === row.serviceId) ?? services.find((candidate) => sameTreatmentName(candidate.name, row.reason));
    const reason = findDiscardReason({
      recall: { patientId: row.patientId, reason: row.reason, dueDate: row.dueDate, createdOn: localDate(row.createdAt, clinic.timezone) },
      intervalDays: recallInterval({ serviceIntervalDays: service?.recallIntervalDays ?? null, defaultIntervalDays }),
      treatments: input.treatments,
      history,
      upcoming,
      today,
    });
    if (reason) {
      prepared.discarded.push({ recall: await mark(deps, clinic.id, row, { status: 'scheduled', statusReason: reason }), reason });
    } else if (row.status === 'scheduled' && isDiscardReason(row.statusReason)) {
      prepared.send.push(await mark(deps, clinic.id, row, { status: 'pending', statusReason: null }));
    } else {
      prepared.send.push(row);
    }
  }
  return prepared;
}

/** The recalls asked for, in the order asked; one unknown (or another clinic's) id answers 404. */
export async function requireRecalls(workflow: Pick<RecallWorkflowRepository, 'recallsByIds'>, clinicId: string, ids: string[]): Promise<RecallRow[]> {
  const unique = [...new Set(ids)];
  const rows = await workflow.recallsByIds(clinicId, unique);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return unique.map((id) => {
    const row = byId.get(id);
    if (!row) throw new AppError('not_found', 404, 'recallIds: Recall not found', 'recallIds');
    return row;
  });
}

export function localDate(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toISODate() ?? at.toISOString().slice(0, 10);
}

async function mark(deps: RecallWorkflowDeps, clinicId: string, row: RecallRow, values: { status: RecallRow['status']; statusReason: string | null }): Promise<RecallRow> {
  if (row.status === values.status && row.statusReason === values.statusReason) return row;
  const updated = (await deps.workflow.updateRecall(clinicId, row.id, values)) ?? row;
  deps.recallChanged(clinicId, row.id);
  return updated;
}

function isDiscardReason(value: string | null): boolean {
  return DISCARD_REASONS.some((reason) => reason === value);
}
