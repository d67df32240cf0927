// What the recall workflow knows about a patient's care, as plain objects: completed treatments (a treatment
// row or an attended appointment) and upcoming appointments. Names are compared the way reception types
// them: case, accents and surrounding spaces do not matter ("limpieza " is "Limpieza").

export type CompletedTreatment = {
  patientId: string;
  /** The treatment's name (treatment row) or the service's (attended appointment). */
  name: string;
  serviceId: string | null;
  serviceName: string | null;
  /** The clinic's local date, YYYY-MM-DD. */
  performedOn: string;
  /** Interval set by hand on the appointment it came from (seed 001), when any. */
  manualIntervalDays: number | null;
  serviceIntervalDays: number | null;
};

export type UpcomingAppointment = { patientId: string; serviceId: string | null; serviceName: string | null; startsAt: Date };

export function sameTreatmentName(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return normalizeTreatmentName(a) === normalizeTreatmentName(b);
}

export function normalizeTreatmentName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/** YYYY-MM-DD plus (or minus) whole days, on the calendar (no time zones involved). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
