// One page of PMS records stored (or, on a dry run, weighed) record by record, and its deletions applied,
// tallied into the result every sync, import and push answers: {created, updated, unchanged, errors}.
// A bad row is an entry in `errors`.
import type { PmsPage, PmsResource } from '../../../integrations/pms/pms-connector.ts';
import type { ConnectorSyncResult } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { ConnectorDeps } from './connectorDeps.ts';
import { removePmsRecord } from './removePmsRecord.ts';
import { storePmsRecord, SyncRowError, type SyncScope } from './storePmsRecord.ts';

/** Errors kept in a result; the rest are counted in one last entry. */
const MAX_ERRORS = 200;

export async function storePmsPage<R extends PmsResource>(
  deps: Pick<ConnectorDeps, 'targets' | 'appointmentDeps' | 'logger'>,
  scope: SyncScope,
  resource: R,
  page: Pick<PmsPage<R>, 'records' | 'rejected' | 'deleted' | 'recordLines'>,
  tally: SyncTally,
): Promise<void> {
  for (const rejected of page.rejected) tally.error(resource, rejected.externalId, rejected.message);
  for (const [index, record] of page.records.entries()) {
    const line = page.recordLines?.[index];
    const where = (message: string) => (line === undefined ? message : `line ${line}: ${message}`);
    try {
      const stored = await storePmsRecord(deps, scope, resource, record);
      tally.count(stored.outcome);
      for (const warning of stored.warnings) tally.error(resource, record.externalId, where(warning));
    } catch (error) {
      if (error instanceof SyncRowError || error instanceof AppError) {
        tally.error(resource, record.externalId, where(error.message));
      } else {
        // Database messages can quote the row's values: only the kind of failure is logged and shown.
        tally.error(resource, record.externalId, where('could not be stored'));
        deps.logger.warn({ errorName: error instanceof Error ? error.name : 'unknown', code: errorCode(error), resource, externalId: record.externalId }, 'a synced record could not be stored');
      }
    }
  }
  for (const externalId of page.deleted ?? []) {
    try {
      tally.count((await removePmsRecord(deps, scope, resource, externalId)).outcome);
    } catch (error) {
      if (!(error instanceof SyncRowError) && !(error instanceof AppError)) throw error;
      tally.error(resource, externalId, error.message);
    }
  }
}

export class SyncTally {
  private created = 0;
  private updated = 0;
  private unchanged = 0;
  private readonly errors: ConnectorSyncResult['errors'] = [];
  private dropped = 0;

  count(outcome: 'created' | 'updated' | 'unchanged'): void {
    this[outcome] += 1;
  }

  error(resource: string, externalId: string | null, message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ resource, externalId, message });
    else this.dropped += 1;
  }

  summary(): ConnectorSyncResult {
    const more = this.dropped ? [{ resource: '*', externalId: null, message: `${this.dropped} more errors not listed` }] : [];
    return { created: this.created, updated: this.updated, unchanged: this.unchanged, errors: [...this.errors, ...more] };
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
