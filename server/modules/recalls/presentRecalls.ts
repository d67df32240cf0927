// Recalls as the API lists them: the recall plus the conversation to open for it and the patient's name.
import { toRecall } from './recall.dto.ts';
import type { RecallRow, RecallWorkflowRepository } from './recallWorkflow.repository.ts';

export type PresentedRecall = ReturnType<typeof toRecall> & { conversationId: string | null; patientName: string };

export async function presentRecalls(workflow: Pick<RecallWorkflowRepository, 'recallContacts'>, clinicId: string, rows: RecallRow[]): Promise<PresentedRecall[]> {
  const contacts = await workflow.recallContacts(clinicId, rows);
  return rows.map((row) => ({ ...toRecall(row), conversationId: contacts.get(row.id)?.conversationId ?? null, patientName: contacts.get(row.id)?.patientName ?? '' }));
}
