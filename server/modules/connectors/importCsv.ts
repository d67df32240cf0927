// CSV import (POST /api/connectors/:id/import): a PMS export read with the connector's column mapping and
// stored like a sync — idempotent on external ids, one bad row an entry in `errors`. A dry run answers the same
// {created, updated, unchanged, errors} and writes nothing.
import { csvConfigSchema } from '../../../integrations/pms/csv/csv-config.ts';
import type { CsvResource } from '../../../integrations/pms/csv/csv-columns.ts';
import { readPmsCsv } from '../../../integrations/pms/csv/read-pms-csv.ts';
import { PmsConnectorError } from '../../../integrations/pms/pms-connector-error.ts';
import type { ConnectorSyncResult } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { connectorSource, type ConnectorDeps } from './connectorDeps.ts';
import { storePmsPage, SyncTally } from './storePmsPage.ts';

const LEASE_MS = 10 * 60_000;

export type CsvImport = { text: string; dryRun: boolean; resource?: CsvResource | undefined };

export async function importCsv(deps: ConnectorDeps, clinicId: string, connectorId: string, input: CsvImport): Promise<ConnectorSyncResult> {
  const row = await deps.connectors.get(clinicId, connectorId);
  if (!row) throw AppError.notFound('Connector');
  // Files are this connector type's only way in; the other types pull or are pushed to.
  if (row.type !== 'csv') throw AppError.conflict('Only csv connectors import files', 'type');
  const config = csvConfigSchema.safeParse(row.config);
  if (!config.success) throw new AppError('connector_misconfigured', 409, "The connector's stored config is invalid");
  const clinic = await deps.clinics.get(clinicId);
  const resource = input.resource ?? config.data.resource;
  const scope = { clinicId, source: connectorSource(row.id), country: clinic?.country ?? 'ES', dryRun: input.dryRun, wholeRecords: true };

  const startedAt = deps.now();
  if (!input.dryRun && !(await deps.connectors.claimSync(clinicId, connectorId, startedAt, new Date(startedAt.getTime() + LEASE_MS)))) {
    throw AppError.conflict('A sync or import of this connector is already running');
  }
  const tally = new SyncTally();
  try {
    for await (const page of readPmsCsv(input.text, { ...config.data, resource, timezone: clinic?.timezone ?? 'Europe/Madrid' })) {
      await storePmsPage(deps, scope, resource, page, tally);
      if (!input.dryRun) await deps.connectors.renewSync(clinicId, connectorId, new Date(deps.now().getTime() + LEASE_MS));
    }
  } catch (error) {
    if (!input.dryRun) await deps.connectors.finishSync(clinicId, connectorId, { lastSyncAt: startedAt, lastResult: { ...tally.summary(), error: errorMessage(error) }, status: row.status });
    if (error instanceof PmsConnectorError) throw new AppError('csv_invalid', 400, error.message, error.message.startsWith('columns.') ? error.message.split(':')[0] : undefined);
    throw error;
  }
  const result = tally.summary();
  if (!input.dryRun) {
    await deps.connectors.finishSync(clinicId, connectorId, { lastSyncAt: startedAt, lastResult: result, status: row.status });
    deps.logger.info({ clinicId, connectorId, resource, created: result.created, updated: result.updated, unchanged: result.unchanged, errors: result.errors.length }, 'CSV import finished');
  }
  return result;
}

function errorMessage(error: unknown): string {
  return error instanceof PmsConnectorError || error instanceof AppError ? error.message : 'unexpected error';
}
