// The template renderer and the bots' flow starter, as the automations use them: from their own modules
// (server/modules/templates, server/modules/bots), bound to this platform.
import type { AppContext } from '../context.ts';
import type { AutomationDeps } from '../modules/automations/automationDeps.ts';
import type { BotRuntimeDeps } from '../modules/bots/databaseBotPorts.ts';
import { startBotFlow } from '../modules/bots/startBotFlow.ts';
import { renderMessage } from '../modules/templates/renderMessage.ts';

export function automationPorts(ctx: AppContext, bots: BotRuntimeDeps): Pick<AutomationDeps, 'render' | 'startFlow'> {
  return {
    render: (input) => renderMessage({ db: ctx.db }, input),
    startFlow: async (start) => {
      const { conversationId } = await startBotFlow(bots, {
        clinicId: start.clinicId,
        flow: start.flow,
        choice: start.choice,
        passedOver: start.passedOver,
        ...(start.appointmentId ? { appointmentId: start.appointmentId } : {}),
        ...(start.appointmentIds?.length ? { appointmentIds: start.appointmentIds } : {}),
        ...(start.recallId ? { recallId: start.recallId } : {}),
        ...(start.followupKind ? { followupKind: start.followupKind } : {}),
      });
      return { conversationId };
    },
  };
}
