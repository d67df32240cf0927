// The automation rules that plan around an appointment, one file each (when to plan, what to send), listed here.
// Recalls are planned by the recalls module (server/modules/recalls), alerts by staff (running late, provider away).
export { noticeFor, sendNotice, withdrawHeldNotices, baselineOf, type Notice, type HeldSend } from './notices.ts';
export { reminderSlots, firstReminderPlan, secondReminderPlan } from './reminders.ts';
export { followUpDue, followUpPlan } from './followUp.ts';
export type { SlotPlan } from './slotPlan.ts';
