// What every entry point (routes, sockets, jobs) works with: config, database, repositories, events.
import { createAuditRepository } from './modules/audit/audit.repository.ts';
import { createConsentsRepository } from './modules/consents/consents.repository.ts';
import type { Config } from './config/env.ts';
import type { Database, Db } from './db/database.ts';
import type { Logger } from './logger.ts';
import type { SecretBox } from './modules/secrets/secretBox.ts';
import { createSessionsRepository } from './modules/auth/sessions.repository.ts';
import { createAppointmentsRepository } from './modules/appointments/appointments.repository.ts';
import { createLocationsRepository, createProvidersRepository, createServicesRepository } from './modules/catalog/index.ts';
import { createClinicsRepository } from './modules/clinics/clinics.repository.ts';
import { DomainEvents, DomainReactions } from './modules/events.ts';
import { createPatientsRepository } from './modules/patients/patients.repository.ts';
import { createRecallsRepository } from './modules/recalls/recalls.repository.ts';
import { createUsersRepository } from './modules/users/users.repository.ts';
import { createChannelsRepository } from './modules/channels/channels.repository.ts';
import { createConversationsRepository } from './modules/inbox/conversations.repository.ts';
import { createOutboxSignal, type InboxDeps, type OutboxSignal } from './modules/inbox/inboxDeps.ts';
import { createMessagesRepository } from './modules/inbox/messages.repository.ts';
import { createInboundJobsRepository } from './modules/inbox/inboundJobs.repository.ts';
import { createInboundSignal } from './modules/inbox/inboundSignal.ts';
import { createInboundBatchRepository } from './modules/inbox/inboundBatch.repository.ts';
import { createGroupCommit } from './modules/inbox/groupCommit.ts';
import { isDatabaseUnavailable } from './db/faults.ts';

export type Repositories = ReturnType<typeof createRepositories>;

export type AppContext = {
  config: Config;
  database: Database;
  db: Db;
  logger: Logger;
  /** Seals and opens the secrets kept in the database (channel tokens, connector keys, WhatsApp Web keys). */
  secrets: SecretBox;
  events: DomainEvents;
  /** Reactions the inbox waits for (the bots subscribe). */
  reactions: DomainReactions;
  /** The outbox worker listens here for new messages to send. */
  outbox: OutboxSignal;
  repos: Repositories;
  /** The inbox use cases' dependencies. */
  inbox: InboxDeps;
};

export function createRepositories(db: Db, secrets: SecretBox) {
  return {
    clinics: createClinicsRepository(db),
    users: createUsersRepository(db),
    sessions: createSessionsRepository(db),
    patients: createPatientsRepository(db),
    providers: createProvidersRepository(db),
    locations: createLocationsRepository(db),
    services: createServicesRepository(db),
    appointments: createAppointmentsRepository(db),
    recalls: createRecallsRepository(db),
    channels: createChannelsRepository(db, secrets),
    conversations: createConversationsRepository(db),
    messages: createMessagesRepository(db),
    inboundJobs: createInboundJobsRepository(db),
    audit: createAuditRepository(db),
    consents: createConsentsRepository(db),
  };
}

/** Built once at start-up; nothing patches it afterwards (bots and the outbox worker subscribe instead). */
export function createContext(config: Config, database: Database, logger: Logger, services: ContextServices): AppContext {
  const repos = createRepositories(database.db, services.secrets);
  const events = new DomainEvents();
  const reactions = new DomainReactions();
  const outbox = createOutboxSignal();
  const inbound = createInboundSignal((jobId) => repos.inboundJobs.get(jobId));
  const inboundBatches = createInboundBatchRepository(database.ingestDb);
  // Two batches in flight: one fills while the other commits. A patient's number on a channel is in one of them at
  // a time, so they never contend for one conversation, and that patient's messages keep their order.
  const inboundStore = createGroupCommit(inboundBatches.store, {
    maxBatch: 200,
    maxInFlight: 2,
    keyOf: (row) => `${row.clinicId}|${row.channelId}|${row.from}`,
    retryAlone: (error) => !isDatabaseUnavailable(error),
  });
  const inbox: InboxDeps = Object.freeze({ ...repos, events, reactions, logger, outboxWake: outbox.wake, inbound, inboundStore, channelTemplates: services.channelTemplates ?? (async () => null) });
  return Object.freeze({ config, database, db: database.db, logger, secrets: services.secrets, events, reactions, outbox, repos, inbox });
}

export type ContextServices = {
  secrets: SecretBox;
  /** The channel's provider-side templates with their approval (official WhatsApp); null: none. */
  channelTemplates?: InboxDeps['channelTemplates'];
};
