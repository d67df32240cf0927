// Creating and changing a connector: its config validated by the connector's schema (400 naming the field),
// secrets merged so a PATCH without them keeps the stored ones.
import { z } from 'zod';
import { mergePmsConfig } from '../../../integrations/pms/registry.ts';
import { AppError } from '../../errors.ts';
import { assertJsonSize, MAX_CONFIG_BYTES, parseInput } from '../../http/validate.ts';
import type { ConnectorCreate, ConnectorPatch } from './connector.dto.ts';
import type { ConnectorDeps } from './connectorDeps.ts';
import type { ConnectorRow } from './connectors.repository.ts';

export async function createConnector(deps: Pick<ConnectorDeps, 'connectors' | 'definitions'>, clinicId: string, input: ConnectorCreate): Promise<ConnectorRow> {
  const config = validConfig(deps, input.type, input.config);
  return deps.connectors.insert(clinicId, { type: input.type, name: input.name, config, syncIntervalMinutes: input.syncIntervalMinutes, status: 'active' });
}

export async function updateConnector(deps: Pick<ConnectorDeps, 'connectors' | 'definitions'>, clinicId: string, id: string, patch: ConnectorPatch): Promise<ConnectorRow> {
  const current = await deps.connectors.get(clinicId, id);
  if (!current) throw AppError.notFound('Connector');
  const definition = deps.definitions(current.type);
  const config = patch.config && definition ? validConfig(deps, current.type, mergePmsConfig(definition, current.config, patch.config)) : undefined;
  const row = await deps.connectors.update(clinicId, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.syncIntervalMinutes !== undefined ? { syncIntervalMinutes: patch.syncIntervalMinutes } : {}),
    ...(config ? { config } : {}),
  });
  if (!row) throw AppError.notFound('Connector');
  return row;
}

function validConfig(deps: Pick<ConnectorDeps, 'definitions'>, type: ConnectorRow['type'], config: Record<string, unknown>): Record<string, unknown> {
  const definition = deps.definitions(type);
  if (!definition) throw AppError.validation('type', `type: ${type} connectors are not available in this build`);
  // Parsed only to validate: the stored config is what the admin sent (defaults are applied when it is used).
  parseInput(z.object({ config: definition.configSchema }), { config });
  assertJsonSize('config', config, MAX_CONFIG_BYTES);
  return config;
}
