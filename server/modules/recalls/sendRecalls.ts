// "Enviar" (seed 003): starts the recall bot flow for each chosen recall, pending → sent. Recalls the
// preparation discarded (scheduled) are skipped unless reception ticked them ("Enviar igualmente"); a
// patient who cannot or may not be written to is skipped with the reason; one failure never stops the batch.
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { requireRecalls, type RecallWorkflowDeps } from './prepareRecallSending.ts';
import type { RecallRow } from './recallWorkflow.repository.ts';

export type RecallChannel = 'whatsapp' | 'sms';
export type SendRecallsDeps = RecallWorkflowDeps & {
  logger: Logger;
  /** Starts the recall bot flow (its first message is the recall template); throws an AppError when it cannot. */
  startRecallFlow: (clinicId: string, recallId: string, channel: RecallChannel | undefined) => Promise<{ conversationId: string }>;
};
export type SendRecallsInput = { recallIds: string[]; override: string[]; channel?: RecallChannel | undefined; now: Date };
export type RecallSendResult =
  | { recallId: string; outcome: 'sent'; conversationId: string; recall: RecallRow }
  | { recallId: string; outcome: 'skipped'; reason: string; message: string; recall: RecallRow };

const ANSWERED = new Set<RecallRow['status']>(['accepted', 'rejected']);
const SET_ASIDE = new Set<RecallRow['status']>(['scheduled', 'discarded']);

export async function sendRecalls(deps: SendRecallsDeps, clinicId: string, input: SendRecallsInput): Promise<RecallSendResult[]> {
  const rows = await requireRecalls(deps.workflow, clinicId, [...input.recallIds, ...input.override]);
  const override = new Set(input.override);
  const results: RecallSendResult[] = [];
  for (const row of rows) {
    const refusal = refusalFor(row, override.has(row.id));
    if (refusal) {
      results.push({ recallId: row.id, outcome: 'skipped', ...refusal, recall: row });
      continue;
    }
    results.push(await sendOne(deps, clinicId, row, input));
  }
  deps.logger.info({ clinicId, sent: results.filter((r) => r.outcome === 'sent').length, skipped: results.filter((r) => r.outcome === 'skipped').length }, 'recalls sent');
  return results;
}

async function sendOne(deps: SendRecallsDeps, clinicId: string, row: RecallRow, input: SendRecallsInput): Promise<RecallSendResult> {
  try {
    const { conversationId } = await deps.startRecallFlow(clinicId, row.id, input.channel);
    // The flow moves pending → sent itself; a recall sent anyway (override) or again is moved here.
    const recall = (await deps.workflow.updateRecall(clinicId, row.id, { status: 'sent', statusReason: row.status === 'pending' ? row.statusReason : 'sent_anyway', sentAt: input.now })) ?? row;
    deps.recallChanged(clinicId, row.id);
    return { recallId: row.id, outcome: 'sent', conversationId, recall };
  } catch (error) {
    if (error instanceof AppError && error.httpStatus < 500) return { recallId: row.id, outcome: 'skipped', reason: error.code, message: error.message, recall: row };
    if (isCoded(error)) return { recallId: row.id, outcome: 'skipped', reason: error.code, message: error.message, recall: row };
    deps.logger.error({ err: error, clinicId, recallId: row.id }, 'sending a recall failed');
    return { recallId: row.id, outcome: 'skipped', reason: 'failed', message: 'The recall could not be sent; see the server log', recall: row };
  }
}

function refusalFor(row: RecallRow, overridden: boolean): { reason: string; message: string } | null {
  if (ANSWERED.has(row.status)) return { reason: 'already_answered', message: `The patient already answered this recall (${row.status})` };
  if (overridden) return null;
  if (SET_ASIDE.has(row.status)) return { reason: 'discarded', message: `The recall was set aside (${row.statusReason ?? row.status}); tick it to send anyway` };
  if (row.status === 'sent') return { reason: 'already_sent', message: 'The recall was already sent; tick it to send again' };
  return null;
}

/** The bots' own errors (BotFlowError) carry a code and a 4xx status too. */
function isCoded(error: unknown): error is { code: string; message: string; httpStatus: number } {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && 'httpStatus' in error && typeof error.httpStatus === 'number' && error.httpStatus < 500;
}
