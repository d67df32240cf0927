// Connectors as the API shows them: secrets are write-only (listed in `secretsSet`, never returned).
import { z } from 'zod';
import { redactPmsConfig } from '../../../integrations/pms/registry.ts';
import type { PmsConnectorDefinition } from '../../../integrations/pms/pms-connector.ts';
import { PMS_CONNECTOR_TYPES } from '../../db/schema/index.ts';
import type { ConnectorRow } from './connectors.repository.ts';

const syncIntervalMinutes = z.number().int().min(5).max(7 * 24 * 60).nullable();

export const connectorCreateSchema = z
  .object({
    type: z.enum(PMS_CONNECTOR_TYPES),
    name: z.string().trim().min(1).max(100),
    config: z.record(z.string(), z.unknown()).default({}),
    syncIntervalMinutes: syncIntervalMinutes.default(60),
  })
  .strict();
export type ConnectorCreate = z.infer<typeof connectorCreateSchema>;

export const connectorPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** Merged into the stored config: a secret left out keeps its stored value; null removes a key. */
    config: z.record(z.string(), z.unknown()),
    syncIntervalMinutes,
    status: z.enum(['active', 'paused']),
  })
  .partial()
  .strict();
export type ConnectorPatch = z.infer<typeof connectorPatchSchema>;

export const connectorSyncSchema = z.object({ full: z.boolean().optional() }).strict();

export type Connector = ReturnType<typeof toConnector>;

/** `publicUrl` makes the push address of webhook connectors, which the clinic gives its PMS. */
export function toConnector(row: ConnectorRow, definition: PmsConnectorDefinition<unknown> | undefined, publicUrl: string) {
  const secretKeys = definition?.secretKeys ?? [];
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    status: row.status,
    config: definition ? redactPmsConfig(definition, row.config) : {},
    secretsSet: secretKeys.filter((key) => row.config[key] !== undefined && row.config[key] !== ''),
    capabilities: definition?.capabilities ?? null,
    webhookUrl: row.type === 'webhook' ? `${publicUrl}/webhooks/pms/${row.id}` : null,
    syncIntervalMinutes: row.syncIntervalMinutes,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastResult: row.lastResult ?? null,
    syncing: row.syncLockedUntil !== null && row.syncLockedUntil > new Date(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
