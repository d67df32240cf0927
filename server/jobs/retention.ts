// Daily: each clinic with a retention limit has what is older emptied (server/modules/retention). One clinic
// failing is logged and never stops the others; a run repeats harmlessly (purged rows are skipped).
import { DateTime } from 'luxon';
import type { AppContext } from '../context.ts';
import type { Clock } from '../modules/automations/clock.ts';
import { purgeOldMessages } from '../modules/retention/purgeOldMessages.ts';
import { messageRetentionMonths } from '../modules/retention/retentionSettings.ts';
import type { RecurringJob } from './agenda.ts';

export function retentionJob(ctx: AppContext, clock: Clock): RecurringJob {
  return {
    name: 'retention:purge',
    every: '1 day',
    run: async () => {
      let purged = 0;
      for (const clinicId of await ctx.repos.clinics.listIds()) {
        const clinic = await ctx.repos.clinics.get(clinicId);
        const months = clinic ? messageRetentionMonths(clinic.settings) : null;
        if (!clinic || !months) continue;
        try {
          const before = DateTime.fromJSDate(clock.now(), { zone: clinic.timezone }).minus({ months }).toJSDate();
          const result = await purgeOldMessages(ctx.db, clinicId, before);
          purged += result.messages;
          if (result.messages || result.notes) ctx.logger.info({ clinicId, months, ...result }, 'retention purged old message texts');
        } catch (error) {
          ctx.logger.error({ err: error, clinicId }, 'retention purge failed');
        }
      }
      return purged;
    },
  };
}
