// Seed 003, "Preparar el envío": a recall is not sent to a patient who already had one of the related
// treatments since the recall was set, or who already has an appointment coming for it.
import { addDays, sameTreatmentName, type CompletedTreatment, type UpcomingAppointment } from './recallHistory.ts';

export const DISCARD_REASONS = ['attended', 'future_appointment'] as const;
export type DiscardReason = (typeof DISCARD_REASONS)[number];

export type DiscardCheck = {
  recall: { patientId: string; reason: string; dueDate: string; createdOn: string };
  /** The recall interval behind this recall (appointment, service or clinic default), when known. */
  intervalDays: number | null;
  /** The treatments reception chose as related; none chosen: the recall's own reason, and any appointment. */
  treatments: string[];
  history: CompletedTreatment[];
  upcoming: UpcomingAppointment[];
  /** The clinic's local date. */
  today: string;
};

export function findDiscardReason(check: DiscardCheck): DiscardReason | null {
  const { recall } = check;
  const related = check.treatments.length > 0 ? check.treatments : [recall.reason];
  const since = recallSetOn(recall, check.intervalDays);
  const attended = check.history.some(
    (done) => done.patientId === recall.patientId && done.performedOn > since && done.performedOn <= check.today && related.some((name) => sameTreatmentName(name, done.name) || sameTreatmentName(name, done.serviceName)),
  );
  if (attended) return 'attended';
  const comingUp = check.upcoming.some((appointment) => appointment.patientId === recall.patientId && (check.treatments.length === 0 || related.some((name) => sameTreatmentName(name, appointment.serviceName))));
  return comingUp ? 'future_appointment' : null;
}

/**
 * When the recall was set: the earlier of the day we learnt of it (createdAt) and its due date minus its
 * interval (the day of the treatment that set it, which is what a PMS recall synced later really dates
 * from). A treatment counts when it happened strictly after that day, so the one that set it does not.
 */
export function recallSetOn(recall: { dueDate: string; createdOn: string }, intervalDays: number | null): string {
  if (!intervalDays) return recall.createdOn;
  const fromInterval = addDays(recall.dueDate, -intervalDays);
  return fromInterval < recall.createdOn ? fromInterval : recall.createdOn;
}
