// FHIR R4 REST connector: pulls Location, Practitioner, HealthcareService, Patient, Appointment, completed
// Procedure (treatment history) and ServiceRequest (recalls), incrementally with `_lastUpdated=gt<cursor>`;
// writes the patient's confirmation or cancellation back to the Appointment.
import { z } from 'zod';
import { definePmsConnector, PMS_RESOURCES, type PmsConnector, type PmsPage, type PmsRecords, type PmsResource, type PullOptions } from '../pms-connector.ts';
import { PmsConnectorError } from '../pms-connector-error.ts';
import { createFhirClient, type FhirClient } from './fhir-client.ts';
import { FHIR_SECRET_KEYS, fhirConfigSchema, type FhirConfig } from './fhir-config.ts';
import { FHIR_RESOURCE_TYPES, mapFhirResource } from './fhir-mapper.ts';
import { fhirAppointmentSchema } from './fhir-resources.ts';
import { referenceId } from './fhir-fields.ts';

export const fhirConnector = definePmsConnector<FhirConfig>({
  type: 'fhir',
  configSchema: fhirConfigSchema,
  secretKeys: FHIR_SECRET_KEYS,
  capabilities: { pull: PMS_RESOURCES, writeBack: { appointmentStatus: true, recallOutcome: false } },
  create: (config, context) => createFhirConnector(config, createFhirClient(config, context?.fetch)),
});

const capabilityStatementSchema = z.looseObject({ resourceType: z.literal('CapabilityStatement'), fhirVersion: z.string().optional() });

function createFhirConnector(config: FhirConfig, client: FhirClient): PmsConnector {
  return {
    async testConnection() {
      const statement = capabilityStatementSchema.safeParse(await client.capabilities());
      if (!statement.success) throw new PmsConnectorError('metadata: not a FHIR CapabilityStatement');
      if (statement.data.fhirVersion && !statement.data.fhirVersion.startsWith('4.')) throw new PmsConnectorError(`metadata: FHIR ${statement.data.fhirVersion} is not R4`);
      // The capability statement is often public: one search proves the credentials.
      await client.search('Patient', { _count: '1', _summary: 'count' }).next();
    },

    pull: <R extends PmsResource>(resource: R, options: PullOptions) => pullPages(client, config, resource, options),

    async writeAppointmentStatus(externalId, status) {
      const parsed = fhirAppointmentSchema.safeParse(await client.read('Appointment', externalId));
      if (!parsed.success) throw new PmsConnectorError('Appointment read: not an Appointment');
      const appointment = parsed.data;
      const participant = (appointment.participant ?? []).map((p) =>
        referenceId(p.actor, 'Patient') ? { ...p, status: status === 'confirmed' ? 'accepted' : 'declined' } : p,
      );
      const updated =
        status === 'cancelled'
          ? { ...appointment, status: 'cancelled', cancelationReason: { text: 'Cancelled by the patient (Clinic Inbox)' }, participant }
          : { ...appointment, participant };
      await client.update('Appointment', externalId, updated, appointment.meta?.versionId);
    },
  };
}

async function* pullPages<R extends PmsResource>(client: FhirClient, config: FhirConfig, resource: R, options: PullOptions): AsyncGenerator<PmsPage<R>> {
  const resourceType = FHIR_RESOURCE_TYPES[resource];
  const params: Record<string, string> = { _count: String(config.pageSize), _sort: '_lastUpdated' };
  if (options.since) params._lastUpdated = `gt${options.since}`;
  if (resource === 'treatments') params.status = 'completed';
  // A full resync needs only the open recalls; an incremental one also sees recalls closed since.
  if (resource === 'recalls' && !options.since) params.status = 'active';
  let cursor = options.since;
  for await (const bundle of client.search(resourceType, params)) {
    const records: PmsRecords[R][] = [];
    const rejected: PmsPage<R>['rejected'] = [];
    for (const entry of bundle.entry ?? []) {
      if (entry.search?.mode === 'include' || entry.resource?.resourceType !== resourceType) continue;
      const mapped = mapFhirResource(resource, entry.resource);
      if ('record' in mapped) records.push(mapped.record);
      else rejected.push(mapped.rejected);
      if (mapped.lastUpdated && (!cursor || Date.parse(mapped.lastUpdated) > Date.parse(cursor))) cursor = mapped.lastUpdated;
    }
    yield { records, rejected, cursor };
  }
  if (options.since && DELETABLE.has(resource)) yield* pullDeletions<R>(client, config, resourceType, options.since, cursor);
}

/** Resources whose deletion in the PMS changes something here (an appointment is cancelled, a recall discarded). */
const DELETABLE = new Set<PmsResource>(['appointments', 'recalls']);
/** A server without type-level history answers one of these: deletions are then simply not seen. */
const NO_HISTORY = new Set([400, 404, 405, 501]);

async function* pullDeletions<R extends PmsResource>(client: FhirClient, config: FhirConfig, resourceType: string, since: string, searchCursor: string | null): AsyncGenerator<PmsPage<R>> {
  let cursor = searchCursor;
  try {
    for await (const bundle of client.history(resourceType, { _since: since, _count: String(config.pageSize) })) {
      const deleted: string[] = [];
      const records: PmsRecords[R][] = [];
      for (const entry of bundle.entry ?? []) {
        if (entry.request?.method !== 'DELETE') continue;
        const id = new RegExp(`(?:^|/)${resourceType}/([^/?]+)`).exec(entry.request.url)?.[1];
        if (id) deleted.push(decodeURIComponent(id));
        const at = entry.response?.lastModified;
        if (at && (!cursor || Date.parse(at) > Date.parse(cursor))) cursor = at;
      }
      yield { records, rejected: [], deleted, cursor };
    }
  } catch (error) {
    if (error instanceof PmsConnectorError && error.status !== null && NO_HISTORY.has(error.status)) return;
    throw error;
  }
}
