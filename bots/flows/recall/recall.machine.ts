// Recall flow, as the clinics describe it (seed 003): the recall template with "Agendar cita" / "No gracias".
// Agendar cita → recall accepted, "¿Prefieres mañanas o tardes?", handed to the inbox, bot done.
// No gracias → recall rejected, thanks, conversation closed, bot done. Anything unclear → a person.
import { emit, setup } from 'xstate';
import type { BotLocale } from '../../ports.ts';
import { buttonLabels } from '../../understand/buttonLabels.ts';
import { understandChoice } from '../../understand/understandChoice.ts';
import type { Question } from '../../understand/vocabulary.ts';
import { HANDOVER_REASONS, type BotCommand, type BotTemplateEvent, type FlowEvent } from '../commands.ts';

export interface RecallInput {
  locale: BotLocale;
  recallId: string;
  /** Hours the patient has to answer; read by the runtime to set the session deadline. */
  replyWindowHours: number | null;
}

export const recallMachine = setup({
  // XState's typing idiom: these objects only carry types.
  types: {
    context: {} as RecallInput,
    input: {} as RecallInput,
    events: {} as FlowEvent,
    emitted: {} as BotCommand,
  },
  guards: {
    wantsAppointment: ({ context, event }) => event.type === 'REPLY' && understandChoice(event, context.locale, 'recall') === 'yes',
    declinesAppointment: ({ context, event }) => event.type === 'REPLY' && understandChoice(event, context.locale, 'recall') === 'no',
  },
  actions: {
    sendTemplate: emit(({ context }, params: { event: BotTemplateEvent; question?: Question }) => ({
      type: 'sendTemplate' as const,
      event: params.event,
      locale: context.locale,
      ...(params.question ? { buttons: buttonLabels(context.locale, params.question) } : {}),
    })),
    setRecallStatus: emit(({ context }, params: { status: 'accepted' | 'rejected' }) => ({
      type: 'setRecallStatus' as const,
      recallId: context.recallId,
      status: params.status,
    })),
    handover: emit((_, params: { reason: string }) => ({ type: 'handover' as const, reason: params.reason })),
    closeConversation: emit((_, params: { reason: string }) => ({ type: 'closeConversation' as const, reason: params.reason })),
  },
}).createMachine({
  id: 'recall',
  context: ({ input }) => input,
  initial: 'awaitingAnswer',
  states: {
    awaitingAnswer: {
      entry: { type: 'sendTemplate', params: { event: 'recall', question: 'recall' } },
      on: {
        REPLY: [
          {
            guard: 'wantsAppointment',
            target: 'accepted',
            actions: [
              { type: 'setRecallStatus', params: { status: 'accepted' } },
              { type: 'sendTemplate', params: { event: 'recall_accepted' } },
              { type: 'handover', params: { reason: HANDOVER_REASONS.recallAccepted } },
            ],
          },
          {
            guard: 'declinesAppointment',
            target: 'rejected',
            actions: [
              { type: 'setRecallStatus', params: { status: 'rejected' } },
              { type: 'sendTemplate', params: { event: 'recall_rejected' } },
              { type: 'closeConversation', params: { reason: 'recall rejected' } },
            ],
          },
          { target: 'unrecognised', actions: { type: 'handover', params: { reason: HANDOVER_REASONS.unrecognisedReply } } },
        ],
        // The recall stays "sent": reception sees it in the recall list and may call.
        DEADLINE: { target: 'expired', actions: { type: 'closeConversation', params: { reason: 'no reply' } } },
      },
    },
    accepted: { type: 'final' },
    rejected: { type: 'final' },
    unrecognised: { type: 'final' },
    expired: { type: 'final' },
  },
});
