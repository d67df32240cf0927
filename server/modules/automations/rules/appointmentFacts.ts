// What the appointment rules read about an appointment and about what the patient was last told.
export const HOUR = 3_600_000;

export type AppointmentLike = { id: string; clinicId: string; patientId: string; status: string; replyStatus: string | null; startsAt: Date; endsAt: Date; createdAt: Date; updatedAt: Date; bookedOnline: boolean; liveBooking: boolean; source: string | null };
export type NotifiedPlan = { notifiedStatus: string | null; notifiedStartsAt: Date | null } | null;
