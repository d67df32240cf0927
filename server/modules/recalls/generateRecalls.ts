// Generates the recalls treatment history calls for (planGeneratedRecalls) for one clinic as of its local
// `today`, run daily by the recalls:generate job and on demand (POST /api/recalls/generate). Idempotent:
// a second run finds every recall it would create already held.
import { planGeneratedRecalls } from './planGeneratedRecalls.ts';
import type { RecallClinic, RecallWorkflowDeps } from './prepareRecallSending.ts';
import { recallSettings } from './recallSettings.ts';
import type { RecallRow } from './recallWorkflow.repository.ts';

export type GeneratedRecalls = { created: RecallRow[]; superseded: number };

export async function generateRecalls(deps: RecallWorkflowDeps, clinic: RecallClinic, today: string, now: Date): Promise<GeneratedRecalls> {
  const { workflow } = deps;
  const [history, upcoming, held] = await Promise.all([workflow.completedTreatments(clinic.id, clinic.timezone), workflow.upcomingAppointments(clinic.id, now), workflow.allRecalls(clinic.id)]);
  const plan = planGeneratedRecalls({ history, upcoming, held, settings: recallSettings(clinic.settings), today });
  const created = await workflow.insertRecalls(
    clinic.id,
    plan.create.map((recall) => ({ ...recall, origin: 'generated' as const, status: 'pending' as const })),
  );
  for (const recallId of plan.supersede) {
    await workflow.updateRecall(clinic.id, recallId, { status: 'discarded', statusReason: 'duplicate_of_pms' });
    deps.recallChanged(clinic.id, recallId);
  }
  for (const recall of created) deps.recallChanged(clinic.id, recall.id);
  return { created, superseded: plan.supersede.length };
}
