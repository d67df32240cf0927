// "Sync now" and the scheduled sync: pulls every resource the connector offers, page by page, storing each
// record as it comes (bounded memory), and answers {created, updated, unchanged, errors}. One bad row is an
// entry in `errors`, never the end of the batch. Cursors move only after a run that reached the PMS to the
// end; one sync at a time per connector (a lease on its row: a second one gets 409).
import { PMS_RESOURCES, type PmsResource } from '../../../integrations/pms/pms-connector.ts';
import { PmsConnectorError } from '../../../integrations/pms/pms-connector-error.ts';
import type { ConnectorSyncResult } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { connectorSource, type ConnectorDeps } from './connectorDeps.ts';
import { openConnector } from './openConnector.ts';
import { storePmsPage, SyncTally } from './storePmsPage.ts';
import type { SyncScope } from './storePmsRecord.ts';

/** How long a sync holds its lease without progress before another may take over (renewed every page). */
const LEASE_MS = 10 * 60_000;

export type SyncOptions = { full?: boolean | undefined };

export async function syncConnector(deps: ConnectorDeps, clinicId: string, connectorId: string, options: SyncOptions = {}): Promise<ConnectorSyncResult> {
  const startedAt = deps.now();
  const row = await deps.connectors.claimSync(clinicId, connectorId, startedAt, new Date(startedAt.getTime() + LEASE_MS));
  if (!row) {
    if (!(await deps.connectors.get(clinicId, connectorId))) throw AppError.notFound('Connector');
    throw AppError.conflict('A sync of this connector is already running');
  }
  const result = new SyncTally();
  const cursors: Record<string, string> = options.full ? {} : { ...row.cursors };
  try {
    const connector = openConnector(deps, row);
    const definition = deps.definitions(row.type);
    const clinic = await deps.clinics.get(clinicId);
    // The first complete sync brings the clinic's history (announced to nobody); later ones bring new bookings.
    const scope: SyncScope = { clinicId, source: connectorSource(row.id), country: clinic?.country ?? 'ES', liveBookings: row.firstSyncedAt !== null };
    const pulled = new Set<PmsResource>(definition?.capabilities.pull ?? []);
    for (const resource of PMS_RESOURCES.filter((r) => pulled.has(r))) {
      const since = options.full ? null : (row.cursors[resource] ?? null);
      for await (const page of connector.pull(resource, { since })) {
        await storePmsPage(deps, scope, resource, page, result);
        if (page.cursor) cursors[resource] = page.cursor;
        await deps.connectors.renewSync(clinicId, connectorId, new Date(deps.now().getTime() + LEASE_MS));
      }
    }
    const summary = result.summary();
    await deps.connectors.finishSync(clinicId, connectorId, { lastSyncAt: startedAt, lastResult: summary, status: row.status === 'paused' ? 'paused' : 'active', cursors, completed: true });
    deps.logger.info({ clinicId, connectorId, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, errors: summary.errors.length, full: Boolean(options.full) }, 'connector sync finished');
    return summary;
  } catch (error) {
    const message = error instanceof PmsConnectorError || error instanceof AppError ? error.message : 'unexpected error';
    await deps.connectors.finishSync(clinicId, connectorId, { lastSyncAt: startedAt, lastResult: { ...result.summary(), error: message }, status: row.status === 'paused' ? 'paused' : 'error' });
    // PMS errors carry no patient data by construction; anything else is logged by kind only (a database error can quote values).
    const cause = error instanceof PmsConnectorError || error instanceof AppError ? { message: error.message } : { errorName: error instanceof Error ? error.name : 'unknown' };
    deps.logger.warn({ clinicId, connectorId, ...cause }, 'connector sync failed');
    if (error instanceof PmsConnectorError) throw new AppError('connector_failed', 502, `The PMS sync failed: ${error.message}`);
    throw error;
  }
}
