// Reminder flow: ask the patient to confirm or cancel (buttons on WhatsApp, numbered text on SMS: the port
// decides). Confirm → confirmed; cancel → cancelled and a rebooking offer; a yes to rebooking goes to a person;
// anything unclear goes to a person; silence until the deadline → the appointment is marked unanswered.
import { emit, setup } from 'xstate';
import type { BotLocale } from '../../ports.ts';
import { buttonLabels } from '../../understand/buttonLabels.ts';
import { understandChoice } from '../../understand/understandChoice.ts';
import type { Question } from '../../understand/vocabulary.ts';
import { HANDOVER_REASONS, type BotCommand, type BotTemplateEvent, type FlowEvent } from '../commands.ts';

export interface ReminderInput {
  locale: BotLocale;
  appointmentId: string;
  /** Hours the patient has to answer each question; read by the runtime to set the session deadline. */
  replyWindowHours: number | null;
}

export const reminderMachine = setup({
  // XState's typing idiom: these objects only carry types.
  types: {
    context: {} as ReminderInput,
    input: {} as ReminderInput,
    events: {} as FlowEvent,
    emitted: {} as BotCommand,
  },
  guards: {
    confirms: ({ context, event }) => event.type === 'REPLY' && understandChoice(event, context.locale, 'reminder') === 'yes',
    cancels: ({ context, event }) => event.type === 'REPLY' && understandChoice(event, context.locale, 'reminder') === 'no',
    wantsToRebook: ({ context, event }) => event.type === 'REPLY' && understandChoice(event, context.locale, 'rebook') === 'yes',
    declinesRebooking: ({ context, event }) => event.type === 'REPLY' && understandChoice(event, context.locale, 'rebook') === 'no',
  },
  actions: {
    sendTemplate: emit(({ context }, params: { event: BotTemplateEvent; question?: Question }) => ({
      type: 'sendTemplate' as const,
      event: params.event,
      locale: context.locale,
      ...(params.question ? { buttons: buttonLabels(context.locale, params.question) } : {}),
    })),
    setAppointmentStatus: emit(({ context }, params: { status: 'confirmed' | 'cancelled' }) => ({
      type: 'setAppointmentStatus' as const,
      appointmentId: context.appointmentId,
      status: params.status,
    })),
    markAppointmentUnanswered: emit(({ context }) => ({ type: 'markAppointmentUnanswered' as const, appointmentId: context.appointmentId })),
    handover: emit((_, params: { reason: string }) => ({ type: 'handover' as const, reason: params.reason })),
    closeConversation: emit((_, params: { reason: string }) => ({ type: 'closeConversation' as const, reason: params.reason })),
  },
}).createMachine({
  id: 'reminder',
  context: ({ input }) => input,
  initial: 'awaitingConfirmation',
  states: {
    awaitingConfirmation: {
      entry: { type: 'sendTemplate', params: { event: 'reminder', question: 'reminder' } },
      on: {
        REPLY: [
          {
            guard: 'confirms',
            target: 'confirmed',
            actions: [
              { type: 'setAppointmentStatus', params: { status: 'confirmed' } },
              { type: 'sendTemplate', params: { event: 'reminder_confirmed' } },
              // Nothing left for reception: the conversation leaves the inbox until the patient writes again.
              { type: 'closeConversation', params: { reason: 'appointment confirmed' } },
            ],
          },
          {
            guard: 'cancels',
            target: 'awaitingRebooking',
            actions: [
              { type: 'setAppointmentStatus', params: { status: 'cancelled' } },
              { type: 'sendTemplate', params: { event: 'reminder_cancelled' } },
              { type: 'sendTemplate', params: { event: 'rebook_offer', question: 'rebook' } },
            ],
          },
          { target: 'unrecognised', actions: { type: 'handover', params: { reason: HANDOVER_REASONS.unrecognisedReply } } },
        ],
        DEADLINE: {
          target: 'unanswered',
          actions: ['markAppointmentUnanswered', { type: 'closeConversation', params: { reason: 'no reply' } }],
        },
      },
    },
    awaitingRebooking: {
      on: {
        REPLY: [
          { guard: 'wantsToRebook', target: 'rebooking', actions: { type: 'handover', params: { reason: HANDOVER_REASONS.wantsToRebook } } },
          { guard: 'declinesRebooking', target: 'notRebooking', actions: { type: 'closeConversation', params: { reason: 'no rebooking' } } },
          { target: 'unrecognised', actions: { type: 'handover', params: { reason: HANDOVER_REASONS.unrecognisedReply } } },
        ],
        DEADLINE: { target: 'notRebooking', actions: { type: 'closeConversation', params: { reason: 'no reply' } } },
      },
    },
    confirmed: { type: 'final' },
    rebooking: { type: 'final' },
    notRebooking: { type: 'final' },
    unrecognised: { type: 'final' },
    unanswered: { type: 'final' },
  },
});
