// The one interface every practice-management-software (PMS) connector implements. The server syncs clinic
// data only through it and never branches on the connector type.
//
// How to add a connector:
//   1. Create `integrations/pms/<connector>/` with a config schema (zod), the connector implementing
//      `PmsConnector`, a mapper from the vendor's payloads to the plain `Pms*` records below (tested against
//      recorded fixtures), and an integration test against a local stand-in of the vendor (test/stand-ins/).
//   2. Export a `PmsConnectorDefinition` from the folder naming its config schema, which config keys are
//      secret (the API never returns them), and what it can pull and write back.
//   3. Add one line to `registry.ts`. Nothing else changes.
//
// Records are plain: external ids as the PMS knows them, phones as the PMS wrote them (E.164 or national — the
// server normalises them with the patient's address country, else the clinic's), dates as ISO strings. A row the mapper cannot read is a
// `PmsRejectedRow` with its reason, never an exception: one bad row must not stop a sync.
// `pull` pages: the server handles one page before asking for the next, so memory stays bounded.
import type { z } from 'zod';

export const PMS_CONNECTOR_TYPES = ['fhir', 'csv', 'webhook', 'cliniko', 'opendental'] as const;
export type PmsConnectorType = (typeof PMS_CONNECTOR_TYPES)[number];

/** Synced in this order, so every reference points at something already synced. */
export const PMS_RESOURCES = ['locations', 'providers', 'services', 'patients', 'appointments', 'treatments', 'recalls'] as const;
export type PmsResource = (typeof PMS_RESOURCES)[number];

export type PmsPatient = {
  externalId: string;
  firstName: string;
  lastName: string;
  /** As the PMS stores them; the first one receives messages. */
  phones: string[];
  email: string | null;
  /** The country of the patient's own address as the PMS wrote it (ISO code or name), or null: their national
   * numbers are read with it first, then with the clinic's. */
  country: string | null;
};

export type PmsProvider = { externalId: string; firstName: string; lastName: string; phone: string | null; email: string | null };
export type PmsLocation = { externalId: string; name: string; address: string | null; phone: string | null };
export type PmsService = { externalId: string; name: string; durationMinutes: number | null };

export const PMS_APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'cancelled', 'attended', 'no_show'] as const;
export type PmsAppointmentStatus = (typeof PMS_APPOINTMENT_STATUSES)[number];

export type PmsAppointment = {
  externalId: string;
  patientExternalId: string;
  providerExternalId: string | null;
  locationExternalId: string | null;
  serviceExternalId: string | null;
  /** ISO 8601 with offset. */
  startsAt: string;
  endsAt: string | null;
  /** A deleted appointment arrives as 'cancelled': its reminders must vanish either way. */
  status: PmsAppointmentStatus;
  notes: string | null;
};

/** A completed procedure (treatment history). */
export type PmsTreatment = {
  externalId: string;
  patientExternalId: string;
  serviceExternalId: string | null;
  appointmentExternalId: string | null;
  name: string;
  /** YYYY-MM-DD */
  performedOn: string;
};

export type PmsRecall = {
  externalId: string;
  patientExternalId: string;
  serviceExternalId: string | null;
  reason: string;
  /** YYYY-MM-DD */
  dueDate: string;
  /** 'closed': done, revoked or deleted in the PMS — no longer to be worked. */
  status: 'active' | 'closed';
};

export type PmsRecords = {
  locations: PmsLocation;
  providers: PmsProvider;
  services: PmsService;
  patients: PmsPatient;
  appointments: PmsAppointment;
  treatments: PmsTreatment;
  recalls: PmsRecall;
};

export type PmsRejectedRow = { externalId: string | null; message: string };

export type PmsPage<R extends PmsResource> = {
  records: PmsRecords[R][];
  rejected: PmsRejectedRow[];
  /** Where each record sits in its file (the CSV line), so an error storing it names the line like a rejected row. */
  recordLines?: number[];
  /** External ids the PMS deleted (appointments are cancelled here, recalls discarded; others are kept). */
  deleted?: string[];
  /** Where the next incremental pull of this resource starts, once this page is stored. */
  cursor: string | null;
};

/** `since` null is a full resync; otherwise the cursor the last successful sync ended on. */
export type PullOptions = { since: string | null };

export type PmsCapabilities = {
  pull: readonly PmsResource[];
  writeBack: { appointmentStatus: boolean; recallOutcome: boolean };
};

export interface PmsConnector {
  /** Resolves when the PMS answers with these credentials; throws a PmsConnectorError saying why not. */
  testConnection(): Promise<void>;
  pull<R extends PmsResource>(resource: R, options: PullOptions): AsyncIterable<PmsPage<R>>;
  /** The patient confirmed or cancelled through the bot (only when capabilities.writeBack.appointmentStatus). */
  writeAppointmentStatus?(externalId: string, status: 'confirmed' | 'cancelled'): Promise<void>;
  /** The patient accepted or rejected a recall (only when capabilities.writeBack.recallOutcome). */
  writeRecallOutcome?(externalId: string, outcome: 'accepted' | 'rejected'): Promise<void>;
}

export type PmsConnectorContext = { fetch?: typeof fetch };

export interface PmsConnectorDefinition<Config> {
  type: PmsConnectorType;
  configSchema: z.ZodType<Config>;
  /** Config keys that are write-only: stored, used, never returned by the API. */
  secretKeys: readonly string[];
  capabilities: PmsCapabilities;
  create(config: Config, context?: PmsConnectorContext): PmsConnector;
}

export function definePmsConnector<Config>(definition: PmsConnectorDefinition<Config>): PmsConnectorDefinition<Config> {
  return definition;
}
