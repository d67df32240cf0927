// What every entry point (routes, sockets, jobs) works with: config, database, repositories, events.
import type { Config } from './config/env.ts';
import type { Database, Db } from './db/database.ts';
import type { Logger } from './logger.ts';
import { createSessionsRepository } from './modules/auth/sessions.repository.ts';
import { createAppointmentsRepository } from './modules/appointments/appointments.repository.ts';
import { createLocationsRepository, createProvidersRepository, createServicesRepository } from './modules/catalog/index.ts';
import { createClinicsRepository } from './modules/clinics/clinics.repository.ts';
import { DomainEvents } from './modules/events.ts';
import { createPatientsRepository } from './modules/patients/patients.repository.ts';
import { createRecallsRepository } from './modules/recalls/recalls.repository.ts';
import { createUsersRepository } from './modules/users/users.repository.ts';
import { createChannelsRepository } from './modules/channels/channels.repository.ts';
import { createConversationsRepository } from './modules/inbox/conversations.repository.ts';
import { NO_BOTS, type InboxDeps } from './modules/inbox/inboxDeps.ts';
import { createMessagesRepository } from './modules/inbox/messages.repository.ts';

export type Repositories = ReturnType<typeof createRepositories>;

export type AppContext = {
  config: Config;
  database: Database;
  db: Db;
  logger: Logger;
  events: DomainEvents;
  repos: Repositories;
  /** The inbox use cases' dependencies; bots and the outbox plug their hooks in at start-up. */
  inbox: InboxDeps;
};

export function createRepositories(db: Db) {
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
    channels: createChannelsRepository(db),
    conversations: createConversationsRepository(db),
    messages: createMessagesRepository(db),
  };
}

export function createContext(config: Config, database: Database, logger: Logger): AppContext {
  const repos = createRepositories(database.db);
  const events = new DomainEvents();
  const inbox: InboxDeps = { ...repos, events, logger, bots: NO_BOTS, outboxWake: () => undefined };
  return { config, database, db: database.db, logger, events, repos, inbox };
}
