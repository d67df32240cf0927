// What acting on a planned row comes to: the state and outcome stored on planned_reminders (meta is merged
// into the row's), so reports and a reclaimed row read what happened.
import type { AutomatedResult } from './sendAutomatedMessage.ts';

export type ActResult = { state: 'done' | 'skipped' | 'cancelled'; outcome: string; meta?: Record<string, unknown> };

/** A plain automated message as the row's outcome: sent (which message, which channel) or why not. */
export function messageResult(sent: AutomatedResult): ActResult {
  return sent.status === 'queued' ? { state: 'done', outcome: 'sent', meta: { messageId: sent.messageId, channel: sent.kind } } : { state: 'skipped', outcome: sent.reason };
}
