// The consent ledger's rows: appended on every change of a patient's consents, listed oldest first with who
// recorded each. `change` writes one statement and the state it sets in one transaction, so the state the
// channel decision reads never differs from what the ledger says.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { consentEvents, patients, users } from '../../db/schema/index.ts';
import { MESSAGE_PURPOSES, type MessagePurpose } from './consentPurposes.ts';

export type ConsentEventInput = Omit<typeof consentEvents.$inferInsert, 'id' | 'at'>;
export type ConsentEntry = Awaited<ReturnType<ReturnType<typeof createConsentsRepository>['list']>>[number];

export function createConsentsRepository(db: Db) {
  return {
    async record(entries: ConsentEventInput[]): Promise<void> {
      if (entries.length) await db.insert(consentEvents).values(entries);
    },

    /**
     * One change as stated (a click at reception, a web form, the PMS): where the purpose's state lives is set,
     * then the entry appended. False when the patient is not this clinic's (or is erased: nothing to consent to).
     */
    async change(entry: ConsentEventInput): Promise<boolean> {
      return db.transaction(async (tx) => {
        const patient = and(eq(patients.clinicId, entry.clinicId), eq(patients.id, entry.patientId), sql`${patients.erasedAt} IS NULL`);
        const set = stateUpdate(entry);
        const updated = await tx.update(patients).set({ ...set, updatedAt: new Date() }).where(patient).returning({ id: patients.id });
        if (updated.length === 0) return false;
        await tx.insert(consentEvents).values(entry);
        return true;
      });
    },

    async list(clinicId: string, patientId: string) {
      const rows = await db
        .select({ event: consentEvents, userName: users.name, userEmail: users.email })
        .from(consentEvents)
        .leftJoin(users, and(eq(users.id, consentEvents.byUserId), eq(users.clinicId, consentEvents.clinicId)))
        .where(and(eq(consentEvents.clinicId, clinicId), eq(consentEvents.patientId, patientId)))
        .orderBy(asc(consentEvents.at), asc(consentEvents.id));
      return rows.map(({ event: row, userName, userEmail }) => ({
        purpose: row.purpose,
        channel: row.channel,
        granted: row.granted,
        source: row.source,
        byUserId: row.byUserId,
        byUserName: userName || userEmail || null,
        evidence: row.evidence,
        textShown: row.textShown,
        note: row.note,
        at: row.at.toISOString(),
      }));
    },
  };
}

/** The patient column each layer lives in, set atomically so two clicks at once do not undo each other. */
function stateUpdate(entry: ConsentEventInput) {
  const { purpose, channel, granted } = entry;
  if (purpose === 'privacy') return { privacyConsent: granted };
  const kind = channel ?? '';
  if (purpose === 'automated_messages') {
    return {
      optOuts: granted
        ? sql`array_remove(${patients.optOuts}, ${kind})`
        : sql`CASE WHEN ${kind} = ANY(${patients.optOuts}) THEN ${patients.optOuts} ELSE array_append(${patients.optOuts}, ${kind}) END`,
    };
  }
  const key = messagePurpose(purpose);
  return {
    consents: sql`jsonb_set(${patients.consents}, ARRAY[${key}]::text[], coalesce(${patients.consents}->${key}, '{}'::jsonb) || jsonb_build_object(${kind}::text, ${granted}::boolean))`,
  };
}

function messagePurpose(purpose: string): MessagePurpose {
  const found = MESSAGE_PURPOSES.find((candidate) => candidate === purpose);
  if (!found) throw new Error(`not a message purpose: ${purpose}`);
  return found;
}

export type ConsentsRepository = ReturnType<typeof createConsentsRepository>;
