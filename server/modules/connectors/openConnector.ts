// A stored connector row → a live connector, its config parsed by the connector's own schema.
import type { PmsConnector } from '../../../integrations/pms/pms-connector.ts';
import { AppError } from '../../errors.ts';
import type { ConnectorDeps } from './connectorDeps.ts';
import type { ConnectorRow } from './connectors.repository.ts';

export function openConnector(deps: Pick<ConnectorDeps, 'definitions' | 'fetch'>, row: ConnectorRow): PmsConnector {
  const definition = deps.definitions(row.type);
  if (!definition) throw new AppError('connector_unavailable', 409, `${row.type} connectors are not available in this build`);
  const config = definition.configSchema.safeParse(row.config);
  if (!config.success) throw new AppError('connector_misconfigured', 409, `The connector's stored config is invalid (${config.error.issues[0]?.path.join('.') || 'config'})`);
  return definition.create(config.data, deps.fetch ? { fetch: deps.fetch } : {});
}
