// Reminder flow: ask the patient to confirm or cancel (buttons on WhatsApp, numbered text on SMS: the port
// decides). Confirm → confirmed; cancel → cancelled and a rebooking offer; a yes to rebooking goes to a person;
// anything unclear goes to a person; silence until the deadline → the appointment is marked unanswered.
// One flow covers one appointment or several the same day (one message for all): the answer applies to each
// one, and the messages are the `_multi` templates that list them.
import { emit, setup } from 'xstate';
import type { BotLocale } from '../../ports.ts';
import { buttonLabels } from '../../understand/buttonLabels.ts';
import { understandChoice } from '../../understand/understandChoice.ts';
import type { Question } from '../../understand/vocabulary.ts';
import { HANDOVER_REASONS, type AnswerStatus, type BotCommand, type BotTemplateEvent, type FlowEvent } from '../commands.ts';

export interface ReminderInput {
  locale: BotLocale;
  /** The appointments the reminder covers, in order (one, or several the same day). */
  appointmentIds: string[];
  /** Hours the patient has to answer each question; read by the runtime to set the session deadline. */
  replyWindowHours: number | null;
}

/** Snapshots saved before the flow covered several appointments hold a single `appointmentId`. */
type ReminderContext = ReminderInput | (Omit<ReminderInput, 'appointmentIds'> & { appointmentId: string; appointmentIds?: undefined });

export function coveredAppointments(context: ReminderContext): string[] {
  return context.appointmentIds ?? [context.appointmentId];
}

type ReminderTemplate = 'reminder' | 'reminder_confirmed' | 'reminder_cancelled' | 'rebook_offer';

/**
 * Per message of the flow: its `_multi` twin that lists several appointments, and which of them it names after
 * the answer (those it confirmed or cancelled; one already so before keeps its status and is not named).
 */
const TEMPLATES: Record<ReminderTemplate, { several: BotTemplateEvent; about?: AnswerStatus }> = {
  reminder: { several: 'reminder_multi' },
  reminder_confirmed: { several: 'reminder_multi_confirmed', about: 'confirmed' },
  reminder_cancelled: { several: 'reminder_multi_cancelled', about: 'cancelled' },
  rebook_offer: { several: 'rebook_offer', about: 'cancelled' },
};

export const reminderMachine = setup({
  // XState's typing idiom: these objects only carry types.
  types: {
    context: {} as ReminderContext,
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
    sendTemplate: emit(({ context }, params: { event: ReminderTemplate; question?: Question }) => {
      const appointmentIds = coveredAppointments(context);
      const { several, about } = TEMPLATES[params.event];
      return {
        type: 'sendTemplate' as const,
        event: appointmentIds.length > 1 ? several : params.event,
        locale: context.locale,
        ...(params.question ? { buttons: buttonLabels(context.locale, params.question) } : {}),
        appointmentIds,
        ...(about ? { appointmentStatus: about } : {}),
      };
    }),
    setAppointmentStatus: emit(({ context }, params: { status: AnswerStatus }) => ({
      type: 'setAppointmentStatus' as const,
      appointmentIds: coveredAppointments(context),
      status: params.status,
    })),
    markAppointmentUnanswered: emit(({ context }) => ({ type: 'markAppointmentUnanswered' as const, appointmentIds: coveredAppointments(context) })),
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
