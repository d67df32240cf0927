// What a flow machine asks the world to do. Machines stay pure: they `emit` these, the runtime collects them
// during a step and executes them through the ports in order. Emitted events are not part of the persisted
// snapshot, so a restored actor never replays old commands.
import type { BotLocale } from '../ports.ts';

export const BOT_TEMPLATE_EVENTS = [
  'reminder',
  'reminder_confirmed',
  'reminder_cancelled',
  'reminder_multi',
  'reminder_multi_confirmed',
  'reminder_multi_cancelled',
  'rebook_offer',
  'recall',
  'recall_accepted',
  'recall_rejected',
  'followup_thanks',
  'followup_survey',
  'followup_low_score',
  'followup_high_score',
] as const;
export type BotTemplateEvent = (typeof BOT_TEMPLATE_EVENTS)[number];

export type AnswerStatus = 'confirmed' | 'cancelled';

export type BotCommand =
  | {
      type: 'sendTemplate';
      event: BotTemplateEvent;
      locale: BotLocale;
      buttons?: string[];
      data?: Record<string, string | number>;
      /** The appointments the message is about (several for a same-day reminder), in order. */
      appointmentIds?: string[];
      /** Only those of them now in this status: a reply names what the answer changed, not what stayed. */
      appointmentStatus?: AnswerStatus;
    }
  /** Every appointment listed; the port leaves one already confirmed or cancelled as it is. */
  | { type: 'setAppointmentStatus'; appointmentIds: string[]; status: AnswerStatus }
  | { type: 'markAppointmentUnanswered'; appointmentIds: string[] }
  | { type: 'setRecallStatus'; recallId: string; status: 'accepted' | 'rejected' }
  | { type: 'recordSurveyScore'; score: number; appointmentId: string | null }
  | { type: 'handover'; reason: string }
  | { type: 'closeConversation'; reason: string };

/** Events every flow machine accepts. */
export type FlowEvent = { type: 'REPLY'; text?: string; button?: string } | { type: 'DEADLINE' };

export const HANDOVER_REASONS = {
  unrecognisedReply: 'unrecognised reply',
  wantsToRebook: 'wants to rebook',
  recallAccepted: 'recall accepted',
  lowSatisfaction: 'low satisfaction',
} as const;
