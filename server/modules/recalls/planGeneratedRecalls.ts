// Seed 003 part 2: recalls the platform generates from treatment history, without the PMS marking them.
// For each patient and treatment (the service's name when known), the latest time it was done plus its
// interval (appointment → service → clinic default) gives the due date; overdue patients (due ≤ today +
// lead) with no appointment coming for it get a recall — unless one is already held for that patient and
// reason: an open one (pending, sent) of any origin, or any recall due after that treatment (this
// cycle was already handled, whatever came of it). A pending generated recall that a PMS recall now
// duplicates is superseded: the PMS's wins.
import { addDays, normalizeTreatmentName, sameTreatmentName, type CompletedTreatment, type UpcomingAppointment } from './recallHistory.ts';
import { recallInterval } from './recallInterval.ts';
import type { RecallSettings } from './recallSettings.ts';

export type HeldRecall = { id: string; patientId: string; serviceId: string | null; reason: string; dueDate: string; status: string; origin: string };
export type PlannedRecall = { patientId: string; serviceId: string | null; reason: string; dueDate: string };
export type RecallPlan = { create: PlannedRecall[]; supersede: string[] };

/** Awaiting the patient; an accepted or set-aside recall only blocks through its due date (this cycle). */
const OPEN = new Set(['pending', 'sent']);

export function planGeneratedRecalls(input: { history: CompletedTreatment[]; upcoming: UpcomingAppointment[]; held: HeldRecall[]; settings: RecallSettings; today: string }): RecallPlan {
  const horizon = addDays(input.today, input.settings.leadDays);
  const create: PlannedRecall[] = [];
  for (const last of latestPerPatientAndTreatment(input.history)) {
    const interval = recallInterval({ manualIntervalDays: last.manualIntervalDays, serviceIntervalDays: last.serviceIntervalDays, defaultIntervalDays: input.settings.defaultIntervalDays });
    if (!interval) continue;
    const dueDate = addDays(last.performedOn, interval);
    if (dueDate > horizon) continue;
    const reason = last.serviceName ?? last.name;
    const sameRecall = (recall: { patientId: string; serviceId: string | null; reason: string }) =>
      recall.patientId === last.patientId && (sameTreatmentName(recall.reason, reason) || sameTreatmentName(recall.reason, last.name) || (recall.serviceId !== null && recall.serviceId === last.serviceId));
    const coming = input.upcoming.some((appointment) => appointment.patientId === last.patientId && ((last.serviceId !== null && appointment.serviceId === last.serviceId) || sameTreatmentName(appointment.serviceName, reason)));
    if (coming) continue;
    const held = input.held.some((recall) => sameRecall(recall) && (OPEN.has(recall.status) || recall.dueDate > last.performedOn));
    if (held || create.some(sameRecall)) continue;
    create.push({ patientId: last.patientId, serviceId: last.serviceId, reason, dueDate });
  }
  const supersede = input.held
    .filter((ours) => ours.origin === 'generated' && ours.status === 'pending')
    .filter((ours) => input.held.some((pms) => pms.origin === 'pms' && OPEN.has(pms.status) && pms.patientId === ours.patientId && sameTreatmentName(pms.reason, ours.reason)))
    .map((ours) => ours.id);
  return { create, supersede };
}

/** The most recent completed treatment per patient and treatment name (the service's when it has one). */
function latestPerPatientAndTreatment(history: CompletedTreatment[]): CompletedTreatment[] {
  const latest = new Map<string, CompletedTreatment>();
  for (const done of history) {
    const key = `${done.patientId}|${normalizeTreatmentName(done.serviceName ?? done.name)}`;
    const current = latest.get(key);
    // Same day: prefer the entry that carries a manual interval (the appointment's).
    if (!current || done.performedOn > current.performedOn || (done.performedOn === current.performedOn && done.manualIntervalDays !== null && current.manualIntervalDays === null)) latest.set(key, done);
  }
  return [...latest.values()];
}
