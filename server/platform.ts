// Starts the whole platform: database (embedded or real), migrations, first-start bootstrap, HTTP API,
// realtime sockets and the inbox UI. main.ts calls it; tests call it on port 0 with an in-memory database.
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config/env.ts';
import { createContext, type AppContext } from './context.ts';
import { LOCKS, withAdvisoryLock } from './db/advisoryLock.ts';
import { openDatabase } from './db/database.ts';
import { runMigrations } from './db/migrate.ts';
import { createLogger } from './logger.ts';
import { bootstrapClinic } from './modules/clinics/bootstrap.ts';
import { loadDemoData } from './modules/demo/loadDemoData.ts';
import { channelDefinitions } from './modules/channels/channelDefinitions.ts';
import { createChannelResolver } from './modules/channels/channelResolver.ts';
import { createAutomationsRepository } from './modules/automations/automations.repository.ts';
import { createChannelDecider, sendsAsTemplateThrough } from './modules/outbound/decideChannel.ts';
import { createOutboxRepository } from './modules/outbox/outbox.repository.ts';
import { createInboxUseCases } from './modules/inbox/inboxUseCases.ts';
import { createPatientMergesRepository } from './modules/inbox/patientMerges.repository.ts';
import { createTemplateUseCases } from './modules/templates/templateUseCases.ts';
import { createTemplateOverridesRepository } from './modules/templates/templateOverrides.repository.ts';
import { loadMergeInput } from './modules/templates/mergeInput.ts';
import { getDefaultPack } from '../templates/index.ts';
import { startOutboxWorker } from './jobs/outboxWorker.ts';
import { retentionJob } from './jobs/retention.ts';
import { startInboundWorker } from './jobs/inboundWorker.ts';
import { handleInboundJob } from './modules/inbox/handleInboundJob.ts';
import { handOver } from './modules/inbox/ownership.ts';
import { startRealtime } from './realtime/socketServer.ts';
import { startAutoAssignment } from './jobs/autoAssignment.ts';
import { inboxRoutes } from './http/routes/inbox.ts';
import { simulatorRoutes } from './http/routes/simulator.ts';
import { channelsRoutes } from './http/routes/channels.ts';
import { providerTemplatesRoutes } from './http/routes/providerTemplates.ts';
import { quickRepliesRoutes } from './http/routes/quickReplies.ts';
import { businessHoursRoutes } from './http/routes/businessHours.ts';
import { syncProviderTemplates } from './modules/channels/syncProviderTemplates.ts';
import { createChannelLeases } from './modules/channels/channelLeases.ts';
import { createChannelStateStore } from './modules/channels/channelStateStore.ts';
import { startWhatsAppWebSessions } from './modules/channels/whatsappWebSessions.ts';
import { channelWebhookRoutes } from './http/routes/channelWebhooks.ts';
import { startAutomations, type AutomationsRuntime } from './jobs/automations.ts';
import { automationPorts } from './jobs/automationPorts.ts';
import { systemClock, type Clock } from './modules/automations/clock.ts';
import { automationsRoutes } from './http/routes/automations.ts';
import { auditRoutes } from './http/routes/audit.ts';
import { patientDataRoutes } from './http/routes/patientData.ts';
import { reportsRoutes } from './http/routes/reports.ts';
import { templatesRoutes } from './http/routes/templates.ts';
import { botsRoutes } from './http/routes/bots.ts';
import { createBotHooks, subscribeBots } from './modules/bots/botRuntime.ts';
import type { ChannelRow } from './modules/channels/channels.repository.ts';
import { createBotSessionsRepository } from './modules/bots/botSessions.repository.ts';
import { createConversationLocks } from './modules/bots/conversationLocks.ts';
import type { BotRuntimeDeps } from './modules/bots/databaseBotPorts.ts';
import { startBotDeadlines } from './jobs/botDeadlines.ts';
import { handOverFailedBotSends } from './modules/bots/handOverFailedBotSends.ts';
import { recallGenerationJob } from './jobs/recallGeneration.ts';
import { recallsRoutes } from './http/routes/recalls.ts';
import { connectorsRoutes } from './http/routes/connectors.ts';
import { pmsWebhookRoutes } from './http/routes/pmsWebhooks.ts';
import { startConnectorSync } from './jobs/connectorSync.ts';
import { pmsConnectorDefinition } from '../integrations/pms/registry.ts';
import { createPool, endPool, poolFaults } from './db/pool.ts';
import { loadSecretBox } from './modules/secrets/loadSecretBox.ts';
import { encryptStoredSecrets } from './modules/secrets/encryptStoredSecrets.ts';
import { SecretsKeyError, type SecretBox } from './modules/secrets/secretBox.ts';
import { acquireInstanceIdentity } from './instanceIdentity.ts';

export type PlatformOptions = {
  /** Variables layered over process.env (tests pass PORT: '0', BOOTSTRAP_*…). */
  env?: Record<string, string | undefined>;
  /** Embedded database in memory instead of DATA_DIR (tests). */
  inMemory?: boolean;
  /** Where logs go instead of stdout (tests read them). */
  logDestination?: import('pino').DestinationStream;
  /** The clock automations read the time from (tests move it by hand). */
  clock?: Clock;
};

/** `app` is the Express application itself (tests list its routes; socket.io wraps the server's request listener). */
export type Platform = { url: string; config: Config; ctx: AppContext; server: Server; app: Express; automations: AutomationsRuntime; close: () => Promise<void> };

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const config = loadConfig({ ...process.env, ...options.env });
  const logger = createLogger(config.logLevel, options.logDestination);
  const database = await openDatabase({ url: config.database.url, dataDir: options.inMemory ? null : config.database.dataDir, poolSize: config.database.poolSize, faults: poolFaults(logger, 'database') });
  const closers: Array<() => Promise<void>> = [() => database.close()];
  try {
    await runMigrations(database.pool);
    const secrets = loadSecretBox(config.secrets, { dataDir: database.kind === 'embedded' && options.inMemory ? null : config.database.dataDir, databaseKind: database.kind }, logger);
    await withAdvisoryLock(database.pool, LOCKS.secrets, () => sealStoredSecrets(database.db, secrets, logger));
    const identity = await acquireInstanceIdentity({ databaseKind: database.kind, databaseUrl: database.url, name: config.instanceName, logger });
    closers.unshift(() => identity.release());
    // The channel adapters first: the context's inbox reads provider templates through them.
    const resolver = createChannelResolver({ definitions: channelDefinitions, publicUrl: config.publicUrl, logger, stateStore: (channelId) => createChannelStateStore({ db: database.db, secrets }, channelId) });
    closers.unshift(async () => resolver.stopAll());
    const channelTemplates = async (row: ChannelRow) => (await syncProviderTemplates(resolver.resolve(row).channel, createChannelStateStore({ db: database.db, secrets }, row.id), logger))?.items ?? null;
    const ctx = createContext(config, database, logger, { secrets, channelTemplates });
    const clock = options.clock ?? systemClock;
    await withAdvisoryLock(database.pool, LOCKS.bootstrap, async () => {
      const result = await bootstrapClinic(ctx.repos, config.bootstrap);
      if (result.created) {
        logger.info({ clinicId: result.clinicId }, 'created the first clinic and its admin');
        if (result.generatedPassword) announceGeneratedPassword(result.adminEmail, result.generatedPassword);
      }
      if (config.demo) await loadDemoData(ctx, logger, clock.now());
    });

    // The one channel decision: bots, automations and recalls all use it.
    const instance = identity.id;
    const automationSettings = createAutomationsRepository(ctx.db);
    const decideChannel = createChannelDecider({ repos: ctx.repos, automationSettings: (clinicId) => automationSettings.getSettings(clinicId), sendsAsTemplate: sendsAsTemplateThrough((row) => resolver.resolve(row)), now: () => clock.now() });

    // Bots answer the inbox's reactions (a patient message, a person taking over); nothing is patched in.
    const lockPool = database.kind === 'postgres' ? createPool({ connectionString: database.url, max: 4 }, poolFaults(logger, 'bot lock')) : null;
    if (lockPool) closers.unshift(() => endPool(lockPool));
    const botRuntime: BotRuntimeDeps = { ctx, sessions: createBotSessionsRepository(ctx.db), withConversationLock: createConversationLocks(lockPool), decideChannel };
    const botHooks = createBotHooks(botRuntime);
    const unsubscribeBots = subscribeBots(ctx.reactions, botHooks, logger);
    closers.unshift(async () => unsubscribeBots());
    const failedBotSends = handOverFailedBotSends(ctx.inbox);
    closers.unshift(() => failedBotSends.stop());
    if (config.worker) {
      const deadlines = startBotDeadlines({ sessions: botRuntime.sessions, fire: botHooks.handleDeadline, logger });
      closers.unshift(() => deadlines.stop());
    }

    if (config.worker) {
      const retryPolicy = { baseDelayMs: config.outbox.retryBaseMs, maxDelayMs: Math.max(config.outbox.retryBaseMs, 15 * 60_000), maxAttempts: config.outbox.maxAttempts };
      const worker = await startOutboxWorker({ ...ctx.inbox, outbox: createOutboxRepository(ctx.db), resolveChannel: (row) => resolver.resolve(row), retryPolicy, instance }, logger);
      const stopListening = ctx.outbox.onWake(worker.wake);
      closers.unshift(async () => {
        stopListening();
        await worker.stop();
      });
    }

    // Stored patient messages are handled from their jobs (after the webhook's answer, across restarts). Closed
    // before the outbox worker, so what the drained jobs queue can still go out.
    if (config.inbound.worker) {
      const inboundWorker = await startInboundWorker({
        jobs: ctx.repos.inboundJobs,
        handle: (job) => handleInboundJob(ctx.inbox, job),
        onFailed: async (job) => void (await handOver(ctx.inbox, job.clinicId, job.conversationId, { type: 'system' }, 'inbound_processing_failed')),
        signal: ctx.inbox.inbound,
        underPressure: () => ctx.inbox.inboundStore.waiting() > 0,
        owner: instance,
        retry: { baseDelayMs: config.inbound.retryBaseMs, maxDelayMs: Math.max(config.inbound.retryBaseMs, 5 * 60_000), maxAttempts: config.inbound.maxAttempts },
        logger,
      });
      closers.unshift(() => inboundWorker.stop());
    }

    const connectorSync = startConnectorSync(ctx, clock);
    closers.unshift(() => connectorSync.stop());
    const automations = await startAutomations(ctx, { clock, worker: config.worker, instance, decideChannel, ...automationPorts(ctx, botRuntime), extraJobs: [recallGenerationJob(ctx, clock), connectorSync.job, retentionJob(ctx, clock)] });
    closers.unshift(() => automations.stop());

    // The routes' use cases, each bound to its ports once.
    const inboxUseCases = createInboxUseCases({ ...ctx.inbox, outbox: createOutboxRepository(ctx.db), patientMerges: createPatientMergesRepository(ctx.db) });
    const templateUseCases = createTemplateUseCases({
      overrides: createTemplateOverridesRepository(ctx.db),
      clinics: ctx.repos.clinics,
      pack: getDefaultPack(),
      loadMergeInput: (request) => loadMergeInput(ctx.db, request),
      inbox: ctx.inbox,
    });
    const app = buildApp(ctx, {
      root: [channelWebhookRoutes(ctx, resolver), pmsWebhookRoutes(ctx, pmsConnectorDefinition, clock)],
      api: [inboxRoutes(inboxUseCases), simulatorRoutes(ctx, resolver), providerTemplatesRoutes(ctx, resolver), quickRepliesRoutes(ctx), businessHoursRoutes(ctx), channelsRoutes(ctx, channelDefinitions), automationsRoutes(ctx, automations.deps), reportsRoutes(ctx), patientDataRoutes(ctx), auditRoutes(ctx), templatesRoutes(templateUseCases), botsRoutes(ctx, botRuntime), recallsRoutes(ctx, botRuntime, clock), connectorsRoutes(ctx, pmsConnectorDefinition, clock)],
    });
    const server = createServer(app);
    closers.unshift(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const realtime = await startRealtime(ctx, server);
    closers.unshift(() => realtime.close());
    const stopAutoAssignment = startAutoAssignment(ctx, realtime.presence);
    closers.unshift(async () => stopAutoAssignment());
    if (config.worker && config.whatsappWebSessions) {
      // WhatsApp JIDs carry the country code, so sessions share the outbox's country-less adapter.
      const sessions = startWhatsAppWebSessions(ctx, { leases: createChannelLeases(ctx.db, instance), adapterFor: async (row) => resolver.resolve(row).channel });
      closers.unshift(() => sessions.stop());
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
    const url = `http://localhost:${listeningPort(server)}`;
    logger.info({ url, db: database.kind, worker: config.worker }, 'Clinic Inbox is running');
    return { url, config, ctx, server, app, automations, close: () => runClosers(closers) };
  } catch (error) {
    await runClosers(closers);
    throw error;
  }
}

/** Plaintext written by an older version is sealed; a key that opens nothing stops the start, naming SECRETS_KEY. */
async function sealStoredSecrets(db: AppContext['db'], secrets: SecretBox, logger: ReturnType<typeof createLogger>): Promise<void> {
  try {
    const counts = await encryptStoredSecrets(db, secrets);
    if (counts.channels + counts.connectors + counts.channelState + counts.totpSecrets > 0) logger.info({ ...counts, keyId: secrets.keyId }, 'sealed stored secrets with the current key');
  } catch (error) {
    if (error instanceof SecretsKeyError) throw new ConfigError(`Invalid configuration:\n  SECRETS_KEY: ${error.message}`);
    throw error;
  }
}

async function runClosers(closers: Array<() => Promise<void>>): Promise<void> {
  for (const close of closers.splice(0)) await close().catch(() => undefined);
}

// Shown once on the console (not in the JSON logs) so the first admin can log in.
function announceGeneratedPassword(email: string, password: string): void {
  process.stdout.write(`\n  First start: admin account created\n    e-mail:   ${email}\n    password: ${password}\n  Change it after logging in (PATCH /api/users/:id).\n\n`);
}

function listeningPort(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('HTTP server is not listening on a TCP port');
  return address.port;
}

