// PMS connectors on this platform: a recurring sweep (Agenda is the clock and the lock) that syncs every
// connector whose own interval has passed, and the listener that writes patients' answers back to the PMS.
// One connector failing is logged and never stops the others; a connector already syncing is skipped.
import { pmsConnectorDefinition } from '../../integrations/pms/registry.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../modules/automations/clock.ts';
import { connectorDepsFor } from '../modules/connectors/connectorDeps.ts';
import { syncConnector } from '../modules/connectors/syncConnector.ts';
import { writeBackPatientAnswer, type PatientAnswer } from '../modules/connectors/writeBackPatientAnswer.ts';
import type { RecurringJob } from './agenda.ts';

export type ConnectorSyncRuntime = { job: RecurringJob; stop: () => Promise<void> };

export function startConnectorSync(ctx: AppContext, clock: Clock): ConnectorSyncRuntime {
  const deps = connectorDepsFor(ctx, pmsConnectorDefinition, () => clock.now());
  const inFlight = new Set<Promise<unknown>>();
  const onAnswered = (answer: PatientAnswer) => {
    const work = writeBackPatientAnswer(deps, answer).catch((error) => ctx.logger.error({ err: error, appointmentId: answer.appointmentId }, 'PMS write-back failed'));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  ctx.events.on('appointment:answered', onAnswered);

  const job: RecurringJob = {
    name: 'connectors:sync-due',
    every: '1 minute',
    run: async () => {
      let synced = 0;
      for (const connector of await deps.connectors.listDue(clock.now())) {
        try {
          await syncConnector(deps, connector.clinicId, connector.id);
          synced += 1;
        } catch (error) {
          // Failures are already recorded on the connector (status 'error', lastResult.error).
          if (!(error instanceof AppError)) ctx.logger.error({ err: error, connectorId: connector.id }, 'scheduled connector sync failed');
        }
      }
      return synced;
    },
  };
  return {
    job,
    async stop() {
      ctx.events.off('appointment:answered', onAnswered);
      await Promise.all([...inFlight]);
    },
  };
}
