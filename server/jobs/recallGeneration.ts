// Daily: generate the recalls each clinic's treatment history calls for (seed 003 part 2), as of the
// clinic's own date. One clinic failing is logged and never stops the others.
import type { AppContext } from '../context.ts';
import { withNamedAdvisoryLock } from '../db/advisoryLock.ts';
import type { Clock } from '../modules/automations/clock.ts';
import { generateRecalls } from '../modules/recalls/generateRecalls.ts';
import { localDate } from '../modules/recalls/prepareRecallSending.ts';
import { createRecallWorkflowRepository } from '../modules/recalls/recallWorkflow.repository.ts';
import type { RecurringJob } from './agenda.ts';

export function recallGenerationJob(ctx: AppContext, clock: Clock): RecurringJob {
  const deps = { workflow: createRecallWorkflowRepository(ctx.db), recallChanged: (clinicId: string, recallId: string) => ctx.events.emit('recall:changed', { clinicId, recallId }) };
  return {
    name: 'recalls:generate',
    every: '1 day',
    run: async () => {
      let created = 0;
      for (const clinicId of await ctx.repos.clinics.listIds()) {
        const clinic = await ctx.repos.clinics.get(clinicId);
        if (!clinic) continue;
        try {
          const now = clock.now();
          // The same lock as an on-demand run, so the two never create the same recall twice.
          const result = await withNamedAdvisoryLock(ctx.database.pool, `recalls:generate:${clinic.id}`, () => generateRecalls(deps, clinic, localDate(now, clinic.timezone), now));
          created += result.created.length;
          if (result.created.length || result.superseded) ctx.logger.info({ clinicId, created: result.created.length, superseded: result.superseded }, 'generated recalls');
        } catch (error) {
          ctx.logger.error({ err: error, clinicId }, 'generating recalls failed');
        }
      }
      return created;
    },
  };
}
