// A push from the PMS (POST /webhooks/pms/:connectorId): the signature is checked against the connector's
// secret before anything is read (forged → 403, nothing stored), then every change is stored like a synced
// record and the push answered with {created, updated, unchanged, errors}. Pushes are small (≤ 500 changes),
// so they are stored before answering: the PMS learns which rows were refused.
import { PMS_RESOURCES } from '../../../integrations/pms/pms-connector.ts';
import { verifyPmsSignature } from '../../../integrations/pms/webhook/verify-signature.ts';
import { webhookConfigSchema } from '../../../integrations/pms/webhook/webhook-config.ts';
import { pmsPushSchema, readChangesFor, unreadableChanges } from '../../../integrations/pms/webhook/webhook-payload.ts';
import type { ConnectorSyncResult } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { parseInput } from '../../http/validate.ts';
import { connectorSource, type ConnectorDeps } from './connectorDeps.ts';
import { storePmsPage, SyncTally } from './storePmsPage.ts';
import { stripNul } from '../stripNul.ts';

export type PmsPush = { connectorId: string; rawBody: Buffer; signature: string | undefined };

export async function receivePmsPush(deps: ConnectorDeps, push: PmsPush): Promise<ConnectorSyncResult> {
  const row = await deps.connectors.getById(push.connectorId);
  // An unknown connector and one of another type look the same from outside.
  if (!row || row.type !== 'webhook') throw AppError.notFound('Connector');
  const config = webhookConfigSchema.safeParse(row.config);
  if (!config.success || !verifyPmsSignature(push.rawBody, push.signature, config.data.secret)) {
    throw new AppError('invalid_signature', 403, 'The X-Signature header does not match the body');
  }
  if (row.status === 'paused') throw AppError.conflict('This connector is paused');
  // The PMS's text is kept without any U+0000 rather than refused (a stray one must not lose the whole push).
  const body = stripNul(parseJson(push.rawBody)).value;
  const { changes } = parseInput(pmsPushSchema, body);

  const clinic = await deps.clinics.get(row.clinicId);
  // A push is the PMS telling us what just happened: a new appointment in it is a new booking.
  const scope = { clinicId: row.clinicId, source: connectorSource(row.id), country: clinic?.country ?? 'ES', liveBookings: true };
  const tally = new SyncTally();
  for (const unreadable of unreadableChanges(changes)) tally.error(unreadable.resource, unreadable.externalId, unreadable.message);
  for (const resource of PMS_RESOURCES) {
    await storePmsPage(deps, scope, resource, readChangesFor(resource, changes), tally);
  }
  const result = tally.summary();
  await deps.connectors.finishSync(row.clinicId, row.id, { lastSyncAt: deps.now(), lastResult: result, status: row.status });
  deps.logger.info({ clinicId: row.clinicId, connectorId: row.id, created: result.created, updated: result.updated, unchanged: result.unchanged, errors: result.errors.length }, 'PMS push stored');
  return result;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('invalid_json', 400, 'body: not valid JSON', 'body');
  }
}
