// "Test connection": asks the PMS something small with the stored credentials and says whether it answered.
import { PmsConnectorError } from '../../../integrations/pms/pms-connector-error.ts';
import { AppError } from '../../errors.ts';
import type { ConnectorDeps } from './connectorDeps.ts';
import { openConnector } from './openConnector.ts';

export type ConnectionTestResult = { ok: true } | { ok: false; error: string };

export async function testConnection(deps: Pick<ConnectorDeps, 'connectors' | 'definitions' | 'fetch' | 'logger'>, clinicId: string, id: string): Promise<ConnectionTestResult> {
  const row = await deps.connectors.get(clinicId, id);
  if (!row) throw AppError.notFound('Connector');
  try {
    await openConnector(deps, row).testConnection();
    return { ok: true };
  } catch (error) {
    if (error instanceof PmsConnectorError || error instanceof AppError) return { ok: false, error: error.message };
    deps.logger.error({ err: error, connectorId: id }, 'connection test failed unexpectedly');
    return { ok: false, error: 'Unexpected error while testing the connection' };
  }
}
