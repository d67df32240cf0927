// What the connector use cases work with: repositories, the appointment use cases' dependencies (so a synced
// cancellation does what a cancellation through the API does), the connector definitions and a clock.
import type { PmsConnectorDefinition, PmsConnectorType } from '../../../integrations/pms/pms-connector.ts';
import type { Logger } from '../../logger.ts';
import type { AppointmentDeps } from '../appointments/saveAppointment.ts';
import type { ClinicsRepository } from '../clinics/clinics.repository.ts';
import type { Repositories } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { DomainEvents } from '../events.ts';
import type { SecretBox } from '../secrets/secretBox.ts';
import { createConnectorsRepository, type ConnectorsRepository } from './connectors.repository.ts';
import { createSyncTargetsRepository, type SyncTargetsRepository } from './syncTargets.repository.ts';

export type ConnectorDefinitions = (type: PmsConnectorType) => PmsConnectorDefinition<unknown> | undefined;

export type ConnectorDeps = {
  connectors: ConnectorsRepository;
  targets: SyncTargetsRepository;
  clinics: ClinicsRepository;
  appointmentDeps: AppointmentDeps;
  definitions: ConnectorDefinitions;
  logger: Logger;
  now: () => Date;
  /** The HTTP client connectors use (tests may point it elsewhere; production uses Node's fetch). */
  fetch?: typeof fetch;
};

/** The `source` synced rows carry: the connector they came from. */
export function connectorSource(connectorId: string): string {
  return `connector:${connectorId}`;
}

/** The connector id in a synced row's `source`, or null for rows created here. */
export function connectorIdOf(source: string | null): string | null {
  return source?.startsWith('connector:') ? source.slice('connector:'.length) : null;
}

/** The dependencies bound to this platform's repositories and events (routes, the scheduled job, write-back). */
export function connectorDepsFor(
  ctx: { db: Db; secrets: SecretBox; repos: Repositories; events: DomainEvents; logger: Logger },
  definitions: ConnectorDefinitions,
  now: () => Date,
): ConnectorDeps {
  return {
    connectors: createConnectorsRepository(ctx.db, ctx.secrets),
    targets: createSyncTargetsRepository(ctx.db),
    clinics: ctx.repos.clinics,
    appointmentDeps: { ...ctx.repos, events: ctx.events },
    definitions,
    logger: ctx.logger,
    now,
  };
}
