// The connectors this build offers: a plain list of definitions (config schema, secret keys, capabilities,
// factory). Adding a connector = one line here.
import { clinikoConnector } from './cliniko/cliniko-connector.ts';
import { csvConnector } from './csv/csv-connector.ts';
import { fhirConnector } from './fhir/fhir-connector.ts';
import { webhookConnector } from './webhook/webhook-connector.ts';
import type { PmsConnectorDefinition, PmsConnectorType } from './pms-connector.ts';

export const pmsConnectors: readonly PmsConnectorDefinition<unknown>[] = [fhirConnector, csvConnector, webhookConnector, clinikoConnector];

export function pmsConnectorDefinition(type: PmsConnectorType): PmsConnectorDefinition<unknown> | undefined {
  return pmsConnectors.find((definition) => definition.type === type);
}

/** The config as the API may show it: secret keys removed (they are write-only). */
export function redactPmsConfig(definition: PmsConnectorDefinition<unknown>, config: Record<string, unknown>): Record<string, unknown> {
  const secrets = new Set(definition.secretKeys);
  return Object.fromEntries(Object.entries(config).filter(([key]) => !secrets.has(key)));
}

/** A PATCH keeps stored secrets unless it sends new ones, since the client never sees them; null removes a key. */
export function mergePmsConfig(definition: PmsConnectorDefinition<unknown>, stored: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    const isSecret = definition.secretKeys.includes(key);
    if (isSecret && (value === undefined || value === '')) continue;
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}
