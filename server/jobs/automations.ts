// Automations in this process: the planner listens to appointment changes on every instance (cheap, and the
// change is seen where it happened); on worker instances Agenda runs the recurring sweeps. Tests call runDue()
// with their own clock to run the same sweeps at a time of their choosing.
import type { AppContext } from '../context.ts';
import type { AutomationDeps } from '../modules/automations/automationDeps.ts';
import { createAutomationsRepository } from '../modules/automations/automations.repository.ts';
import type { Clock } from '../modules/automations/clock.ts';
import { dispatchDueReminders } from '../modules/automations/dispatchDueReminders.ts';
import { planAppointment } from '../modules/automations/planAppointment.ts';
import { planDueAppointments } from '../modules/automations/planDueAppointments.ts';
import { createPendingNoticesRepository } from '../modules/automations/pendingNotices.repository.ts';
import { createOutboxRepository } from '../modules/outbox/outbox.repository.ts';
import { sendFallback } from '../modules/automations/sendFallback.ts';
import { startAgenda, type RecurringJob } from './agenda.ts';
import { oneAtATime } from './oneAtATime.ts';

export type AutomationsRuntime = {
  deps: AutomationDeps;
  /** Plans what changed and acts on what is due now (the recurring jobs' work, run once). */
  runDue: () => Promise<{ planned: number; dispatched: number }>;
  stop: () => Promise<void>;
};

export type AutomationsOptions = {
  clock: Clock;
  worker: boolean;
  instance: string;
  render: AutomationDeps['render'];
  startFlow: AutomationDeps['startFlow'];
  decideChannel: AutomationDeps['decideChannel'];
  /** Other sweeps to run on the same clock (outbox, bot deadlines), defined where they live. */
  extraJobs?: RecurringJob[];
};

export async function startAutomations(ctx: AppContext, options: AutomationsOptions): Promise<AutomationsRuntime> {
  const automations = createAutomationsRepository(ctx.db);
  const deps: AutomationDeps = {
    clock: options.clock,
    logger: ctx.logger,
    instance: options.instance,
    automations,
    pendingNotices: createPendingNoticesRepository(ctx.db),
    outbox: createOutboxRepository(ctx.db),
    repos: ctx.repos,
    inbox: ctx.inbox,
    render: options.render,
    startFlow: options.startFlow,
    decideChannel: options.decideChannel,
    flowStartedSince: automations.flowStartedSince,
    noShowRate: automations.noShowRate,
  };
  // Work started by events, awaited on stop so nothing runs against a closed pool.
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const onAppointmentChanged = ({ clinicId, appointmentId }: { clinicId: string; appointmentId: string }) => {
    track(planAppointment(deps, clinicId, appointmentId).catch((error) => ctx.logger.error({ err: error, appointmentId }, 'planning after a change failed')));
  };
  ctx.events.on('appointment:changed', onAppointmentChanged);
  const onStatus = (event: { clinicId: string; messageId: string; status: string }) => {
    if (event.status !== 'failed') return;
    track(sendFallback(deps, event.clinicId, event.messageId).catch((error) => ctx.logger.error({ err: error }, 'channel fallback failed')));
  };
  if (options.worker) ctx.events.on('message:status', onStatus);

  // The sweeps of this process run one at a time, Agenda's and an explicit runDue alike, so a runDue returns
  // with the rows it found fully handled (other processes are kept apart by the rows' claims).
  const sweep = oneAtATime();
  const plan = () => sweep(() => planDueAppointments(deps));
  const dispatch = () => sweep(() => dispatchDueReminders(deps));
  const runDue = async () => ({ planned: await plan(), dispatched: await dispatch() });
  const jobs: RecurringJob[] = [
    { name: 'automations:plan', every: '30 seconds', run: plan },
    { name: 'automations:dispatch', every: '10 seconds', run: dispatch },
    ...(options.extraJobs ?? []),
  ];
  if (options.worker) {
    const released = await automations.releaseClaimsOf(options.instance);
    if (released > 0) ctx.logger.info({ released }, 'planned reminders this instance held before its restart are due again');
  }
  const agenda = options.worker ? await startAgenda(ctx.database, jobs, ctx.logger, { name: options.instance }) : null;
  return {
    deps,
    runDue,
    async stop() {
      ctx.events.off('appointment:changed', onAppointmentChanged);
      ctx.events.off('message:status', onStatus);
      await agenda?.stop();
      await Promise.all([...inFlight]);
    },
  };
}
