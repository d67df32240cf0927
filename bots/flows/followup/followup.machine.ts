// Follow-up after an appointment: either a thank-you (no answer expected) or a 1–5 satisfaction survey.
// Score ≤ 3 → a person calls back ("low satisfaction"); ≥ 4 → thanks, with the clinic's review link when set
// (the template carries it); anything else → a person.
import { emit, enqueueActions, setup } from 'xstate';
import type { BotLocale } from '../../ports.ts';
import { parseSurveyScore } from '../../understand/parseSurveyScore.ts';
import { HANDOVER_REASONS, type BotCommand, type BotTemplateEvent, type FlowEvent } from '../commands.ts';

export type FollowupKind = 'thanks' | 'survey';

export interface FollowupInput {
  locale: BotLocale;
  appointmentId: string | null;
  kind: FollowupKind;
  /** Hours the patient has to answer the survey; read by the runtime to set the session deadline. */
  replyWindowHours: number | null;
}

/** Scores up to this one mean the patient was not satisfied. */
const LOW_SCORE_MAX = 3;

export const followupMachine = setup({
  // XState's typing idiom: these objects only carry types.
  types: {
    context: {} as FollowupInput,
    input: {} as FollowupInput,
    events: {} as FlowEvent,
    emitted: {} as BotCommand,
  },
  guards: {
    isSurvey: ({ context }) => context.kind === 'survey',
    isLowScore: ({ context, event }) => {
      const score = scoreOf(event, context.locale);
      return score !== null && score <= LOW_SCORE_MAX;
    },
    isHighScore: ({ context, event }) => {
      const score = scoreOf(event, context.locale);
      return score !== null && score > LOW_SCORE_MAX;
    },
  },
  actions: {
    sendTemplate: emit(({ context }, params: { event: BotTemplateEvent }) => ({
      type: 'sendTemplate' as const,
      event: params.event,
      locale: context.locale,
    })),
    recordSurveyScore: enqueueActions(({ context, event, enqueue }) => {
      const score = scoreOf(event, context.locale);
      if (score !== null) enqueue.emit({ type: 'recordSurveyScore', score, appointmentId: context.appointmentId });
    }),
    handover: emit((_, params: { reason: string }) => ({ type: 'handover' as const, reason: params.reason })),
    closeConversation: emit((_, params: { reason: string }) => ({ type: 'closeConversation' as const, reason: params.reason })),
  },
}).createMachine({
  id: 'followup',
  context: ({ input }) => input,
  initial: 'choosing',
  states: {
    choosing: {
      always: [
        { guard: 'isSurvey', target: 'awaitingScore', actions: { type: 'sendTemplate', params: { event: 'followup_survey' } } },
        {
          target: 'thanked',
          actions: [
            { type: 'sendTemplate', params: { event: 'followup_thanks' } },
            { type: 'closeConversation', params: { reason: 'follow-up sent' } },
          ],
        },
      ],
    },
    awaitingScore: {
      on: {
        REPLY: [
          {
            guard: 'isLowScore',
            target: 'lowScore',
            actions: [
              'recordSurveyScore',
              { type: 'sendTemplate', params: { event: 'followup_low_score' } },
              { type: 'handover', params: { reason: HANDOVER_REASONS.lowSatisfaction } },
            ],
          },
          {
            guard: 'isHighScore',
            target: 'highScore',
            actions: [
              'recordSurveyScore',
              { type: 'sendTemplate', params: { event: 'followup_high_score' } },
              { type: 'closeConversation', params: { reason: 'survey answered' } },
            ],
          },
          { target: 'unrecognised', actions: { type: 'handover', params: { reason: HANDOVER_REASONS.unrecognisedReply } } },
        ],
        DEADLINE: { target: 'expired', actions: { type: 'closeConversation', params: { reason: 'no reply' } } },
      },
    },
    thanked: { type: 'final' },
    lowScore: { type: 'final' },
    highScore: { type: 'final' },
    unrecognised: { type: 'final' },
    expired: { type: 'final' },
  },
});

function scoreOf(event: FlowEvent, locale: BotLocale): number | null {
  if (event.type !== 'REPLY') return null;
  return parseSurveyScore(event.text ?? event.button ?? '', locale);
}
