// The JSON a PMS pushes (documented in ../README.md): a list of changes, each an upsert of one plain record or
// the deletion of one by external id. Each change is checked on its own, so one malformed change is a rejected
// row and the rest of the push is stored. Changes are read resource by resource (in sync order, so a patient
// pushed with their appointment exists before it).
import { z } from 'zod';
import { PMS_APPOINTMENT_STATUSES, PMS_RESOURCES, type PmsRecords, type PmsRejectedRow, type PmsResource } from '../pms-connector.ts';

const id = z.string().trim().min(1).max(200);
const text = (max = 200) => z.string().trim().max(max);
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional().transform((value) => value ?? null);
const isoInstant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

export const pmsRecordSchemas: { [R in PmsResource]: z.ZodType<PmsRecords[R], unknown> } = {
  locations: z.object({ externalId: id, name: text().min(1), address: optional(text(500)), phone: optional(text(40)) }).strict(),
  providers: z.object({ externalId: id, firstName: text(100).min(1), lastName: text(100).default(''), phone: optional(text(40)), email: optional(text(200)) }).strict(),
  services: z.object({ externalId: id, name: text().min(1), durationMinutes: optional(z.number().int().min(1).max(24 * 60)) }).strict(),
  patients: z
    .object({ externalId: id, firstName: text(100).default(''), lastName: text(100).default(''), phones: z.array(text(40).min(1)).max(10).default([]), email: optional(text(200)), country: optional(text(100)) })
    .strict(),
  appointments: z
    .object({
      externalId: id,
      patientExternalId: id,
      providerExternalId: optional(id),
      locationExternalId: optional(id),
      serviceExternalId: optional(id),
      startsAt: isoInstant,
      endsAt: optional(isoInstant),
      status: z.enum(PMS_APPOINTMENT_STATUSES).default('scheduled'),
      notes: optional(text(5000)),
    })
    .strict(),
  treatments: z
    .object({ externalId: id, patientExternalId: id, serviceExternalId: optional(id), appointmentExternalId: optional(id), name: text().min(1), performedOn: isoDate })
    .strict(),
  recalls: z.object({ externalId: id, patientExternalId: id, serviceExternalId: optional(id), reason: text().min(1), dueDate: isoDate, status: z.enum(['active', 'closed']).default('active') }).strict(),
};

export const pmsPushSchema = z.object({ changes: z.array(z.unknown()).min(1).max(500) }).strict();

const changeHead = z.object({ resource: z.enum(PMS_RESOURCES), action: z.enum(['upsert', 'delete']) });
const deletion = z.object({ resource: z.string(), action: z.literal('delete'), externalId: id }).strict();
const upsert = z.object({ resource: z.string(), action: z.literal('upsert'), record: z.unknown() }).strict();

export type PmsChangesOf<R extends PmsResource> = { records: PmsRecords[R][]; rejected: PmsRejectedRow[]; deleted: string[] };

/** Changes whose head cannot be read (unknown resource or action): reported once, under the resource they named. */
export function unreadableChanges(changes: unknown[]): Array<PmsRejectedRow & { resource: string }> {
  return changes.flatMap((raw, index) => {
    const head = changeHead.safeParse(raw);
    if (head.success) return [];
    const named = typeof raw === 'object' && raw !== null && 'resource' in raw ? String(raw.resource).slice(0, 40) : '?';
    return [{ resource: named, externalId: null, message: `changes[${index}]: ${describe(head.error)}` }];
  });
}

/** The upserts and deletions of one resource in a push, each parsed on its own. */
export function readChangesFor<R extends PmsResource>(resource: R, changes: unknown[]): PmsChangesOf<R> {
  const out: PmsChangesOf<R> = { records: [], rejected: [], deleted: [] };
  const schema = pmsRecordSchemas[resource];
  changes.forEach((raw, index) => {
    const head = changeHead.safeParse(raw);
    if (!head.success || head.data.resource !== resource) return;
    if (head.data.action === 'delete') {
      const parsed = deletion.safeParse(raw);
      if (parsed.success) out.deleted.push(parsed.data.externalId);
      else out.rejected.push({ externalId: null, message: `changes[${index}]: ${describe(parsed.error)}` });
      return;
    }
    const envelope = upsert.safeParse(raw);
    if (!envelope.success) return void out.rejected.push({ externalId: null, message: `changes[${index}]: ${describe(envelope.error)}` });
    const parsed = schema.safeParse(envelope.data.record);
    if (parsed.success) out.records.push(parsed.data);
    else out.rejected.push({ externalId: externalIdOf(envelope.data.record), message: `changes[${index}].record: ${describe(parsed.error)}` });
  });
  return out;
}

function externalIdOf(record: unknown): string | null {
  return typeof record === 'object' && record !== null && 'externalId' in record && typeof record.externalId === 'string' ? record.externalId : null;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.');
  return path ? `${path}: ${issue?.message}` : (issue?.message ?? 'invalid');
}
