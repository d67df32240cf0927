// Every flow the runtime can start. To add a flow: write flows/<flow>/<flow>.machine.ts (flat, emitting
// BotCommands), add its name to FLOW_NAMES in ports.ts and one entry here. Nothing else in the engine changes.
import type { AnyStateMachine } from 'xstate';
import type { BotLocale, FlowName } from '../ports.ts';
import { BotFlowError } from '../engine/BotFlowError.ts';
import { followupMachine, type FollowupInput, type FollowupKind } from './followup/followup.machine.ts';
import { recallMachine, type RecallInput } from './recall/recall.machine.ts';
import { reminderMachine, type ReminderInput } from './reminder/reminder.machine.ts';

export interface FlowStartParams {
  conversationId: string;
  flow: FlowName;
  locale: BotLocale;
  appointmentId?: string | null;
  /** Reminder only: several appointments the same day answered with one message (the first is `appointmentId`). */
  appointmentIds?: readonly string[] | null;
  recallId?: string | null;
  /** Follow-up only: a thank-you or a satisfaction survey (default survey). */
  followupKind?: FollowupKind;
  /** Hours the patient has to answer; defaults per flow below. */
  deadlineHours?: number | null;
}

export interface FlowDefinition {
  machine: AnyStateMachine;
  defaultDeadlineHours: number;
  buildInput(params: FlowStartParams, replyWindowHours: number | null): unknown;
}

export const FLOWS: Record<FlowName, FlowDefinition> = {
  reminder: {
    machine: reminderMachine,
    defaultDeadlineHours: 24,
    buildInput: (params, replyWindowHours): ReminderInput => ({
      locale: params.locale,
      appointmentIds: params.appointmentIds?.length ? [...params.appointmentIds] : [required(params.appointmentId, 'appointment_required', 'The reminder flow needs an appointment')],
      replyWindowHours,
    }),
  },
  recall: {
    machine: recallMachine,
    defaultDeadlineHours: 7 * 24,
    buildInput: (params, replyWindowHours): RecallInput => ({
      locale: params.locale,
      recallId: required(params.recallId, 'recall_required', 'The recall flow needs a recall'),
      replyWindowHours,
    }),
  },
  followup: {
    machine: followupMachine,
    defaultDeadlineHours: 72,
    buildInput: (params, replyWindowHours): FollowupInput => ({
      locale: params.locale,
      appointmentId: params.appointmentId ?? null,
      kind: params.followupKind ?? 'survey',
      replyWindowHours,
    }),
  },
};

function required(value: string | null | undefined, code: 'appointment_required' | 'recall_required', message: string): string {
  if (!value) throw new BotFlowError(code, message);
  return value;
}
