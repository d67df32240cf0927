// Cliniko connector (a PMS with a public REST API). Followed:
//   https://docs.api.cliniko.com/ (authentication, identifying your application, rate limits, pagination,
//     filtering with `q[]`, the `*` operator for cancelled/archived records)
//   https://docs.api.cliniko.com/guides/urls and /guides/sharding (the shard in the key names the host)
//   https://docs.api.cliniko.com/openapi/individual-appointment (list, update, `PATCH …/cancel`), /openapi/patient,
//     /openapi/practitioner, /openapi/business, /openapi/appointment-type, /openapi/user
//   and the record examples in https://github.com/redguava/cliniko-api (sections/*.md, the docs before 2022).
// Pulls businesses (locations), practitioners (providers), appointment types (services), patients and individual
// appointments, incrementally with `q[]=updated_at:>=<cursor>`. Cliniko has no recall or completed-treatment
// resource, so those are not pulled. Writes back a cancellation through the documented cancel endpoint, and a
// confirmation as a line in the appointment's notes (Cliniko has no confirmed state; see CLINIKO_CONFIRMED_NOTE).
import { z } from 'zod';
import { definePmsConnector, type PmsConnector, type PmsPage, type PmsResource, type PullOptions } from '../pms-connector.ts';
import { PmsConnectorError } from '../pms-connector-error.ts';
import { createClinikoClient, type ClinikoClient } from './cliniko-client.ts';
import { CLINIKO_SECRET_KEYS, clinikoConfigSchema, type ClinikoConfig } from './cliniko-config.ts';
import { CLINIKO_COLLECTIONS, CLINIKO_CONFIRMED_NOTE, mapClinikoRecord, type ClinikoResource } from './cliniko-mapper.ts';
import { clinikoIndividualAppointmentSchema } from './cliniko-resources.ts';

/** Cancellation reason code 50 is "Other" in Cliniko's list; the note says who cancelled. */
const CANCELLATION = { cancellation_reason: 50, cancellation_note: 'Cancelled by the patient through Clinic Inbox' };

const CLINIKO_PULLED = ['locations', 'providers', 'services', 'patients', 'appointments'] as const satisfies readonly ClinikoResource[];

export const clinikoConnector = definePmsConnector<ClinikoConfig>({
  type: 'cliniko',
  configSchema: clinikoConfigSchema,
  secretKeys: CLINIKO_SECRET_KEYS,
  capabilities: { pull: CLINIKO_PULLED, writeBack: { appointmentStatus: true, recallOutcome: false } },
  create: (config, context) => createClinikoConnector(createClinikoClient(config, context?.fetch)),
});

const userSchema = z.looseObject({ id: z.union([z.string(), z.number()]) });

function createClinikoConnector(client: ClinikoClient): PmsConnector {
  return {
    async testConnection() {
      // `GET /user` is the key's own user: the cheapest request that proves the key and the shard.
      if (!userSchema.safeParse(await client.get('user', 'user')).success) throw new PmsConnectorError('user: the answer is not a Cliniko user');
    },

    pull: <R extends PmsResource>(resource: R, options: PullOptions) => pullPages(client, resource, options),

    async writeAppointmentStatus(externalId, status) {
      const path = `individual_appointments/${encodeURIComponent(externalId)}`;
      if (status === 'cancelled') {
        try {
          await client.patch(`${path}/cancel`, 'individual_appointments cancel', CANCELLATION);
        } catch (error) {
          // Refused (422) because the clinic cancelled it in Cliniko already: the patient's answer is there.
          if (!(error instanceof PmsConnectorError && error.status === 422 && (await readAppointment(client, path)).cancelled_at)) throw error;
        }
        return;
      }
      const notes = (await readAppointment(client, path)).notes?.trim() ?? '';
      if (notes.includes(CLINIKO_CONFIRMED_NOTE)) return;
      await client.patch(path, 'individual_appointments update', { notes: notes ? `${notes}\n${CLINIKO_CONFIRMED_NOTE}` : CLINIKO_CONFIRMED_NOTE });
    },
  };
}

async function readAppointment(client: ClinikoClient, path: string) {
  const appointment = clinikoIndividualAppointmentSchema.safeParse(await client.get(path, 'individual_appointments read'));
  if (!appointment.success) throw new PmsConnectorError('individual_appointments read: not an individual appointment');
  return appointment.data;
}

async function* pullPages<R extends PmsResource>(client: ClinikoClient, resource: R, options: PullOptions): AsyncGenerator<PmsPage<R>> {
  if (!isClinikoResource(resource)) return;
  const collection = CLINIKO_COLLECTIONS[resource];
  // `>=`: Cliniko stamps whole seconds, so a record changed in the cursor's second after we read must come again.
  const filters = options.since ? [`updated_at:>=${options.since}`] : [];
  // Lists leave cancelled and archived (deleted) appointments out unless asked with `*`; we need them to cancel here.
  if (resource === 'appointments') filters.push('cancelled_at:*', 'archived_at:*');
  let newest: string | null = null;
  let firstAnswerAt: string | null = null;
  for await (const page of client.list(collection, filters)) {
    firstAnswerAt ??= page.answeredAt;
    const mapped: PmsPage<R> = { records: [], rejected: [], cursor: options.since };
    for (const raw of page.records) {
      const result = mapClinikoRecord(resource, raw);
      if ('record' in result) mapped.records.push(result.record);
      else mapped.rejected.push(result.rejected);
      if (result.updatedAt && (!newest || Date.parse(result.updatedAt) > Date.parse(newest))) newest = result.updatedAt;
    }
    mapped.cursor = cursorAfter(newest, firstAnswerAt) ?? options.since;
    yield mapped;
  }
}

/**
 * The newest `updated_at` seen, but never past the moment the first page was answered: a record changed while
 * later pages were read may sit on a page already read, and must be asked for again next time.
 */
function cursorAfter(newest: string | null, firstAnswerAt: string | null): string | null {
  if (!newest || Number.isNaN(Date.parse(newest))) return null;
  const at = firstAnswerAt && Date.parse(firstAnswerAt) < Date.parse(newest) ? Date.parse(firstAnswerAt) : Date.parse(newest);
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isClinikoResource(resource: PmsResource): resource is ClinikoResource {
  return resource in CLINIKO_COLLECTIONS;
}
