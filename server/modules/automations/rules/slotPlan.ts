// What a rule answers for its due planned row; actOnPlannedReminder sends it, so every slot is sent one way.
import type { ActResult } from '../actResult.ts';
import type { AutomationEvent } from '../automationSettings.ts';
import type { FlowPlan } from '../startFlowOnce.ts';

export type SlotPlan =
  /** Nothing for the patient this time, and why (stored as the row's outcome). */
  | { send: 'nothing'; outcome: string }
  /** A bot flow, started once; `settle` lets the rule finish what the flow covered (rows it merged). */
  | ({ send: 'flow'; settle?: (result: ActResult) => Promise<ActResult> } & FlowPlan)
  /** One plain message about the row's appointment. */
  | { send: 'message'; rule: AutomationEvent; event: string; idempotencyKey: string }
  /** A task for reception: the conversation lands in the inbox with the reason, nothing goes to the patient. */
  | { send: 'task'; rule: AutomationEvent; event: string; reason: string };
