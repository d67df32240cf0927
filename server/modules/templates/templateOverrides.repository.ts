// A clinic's own versions of templates (event × channel × locale); the default pack fills the rest.
import { and, eq } from 'drizzle-orm';
import { toLocale, type Locale, type TemplateOverride } from '../../../templates/index.ts';
import type { Db } from '../../db/database.ts';
import { templateOverrides } from '../../db/schema/index.ts';

type Key = { event: string; channel: 'sms' | 'whatsapp' | 'email' | 'voice'; locale: string };

export function createTemplateOverridesRepository(db: Db) {
  const byKey = (clinicId: string, key: Key) =>
    and(eq(templateOverrides.clinicId, clinicId), eq(templateOverrides.event, key.event), eq(templateOverrides.channel, key.channel), eq(templateOverrides.locale, key.locale));
  return {
    async list(clinicId: string): Promise<TemplateOverride[]> {
      const rows = await db.select().from(templateOverrides).where(eq(templateOverrides.clinicId, clinicId));
      // A locale the library no longer knows cannot be used: skip it rather than fail every send.
      return rows.flatMap((row) => {
        const locale = toLocale(row.locale);
        return locale ? [toOverride(row, locale)] : [];
      });
    },
    async save(clinicId: string, key: Key, template: { body: string; subject?: string | undefined; buttons?: string[] | undefined }): Promise<void> {
      const values = { body: template.body, subject: template.subject ?? null, buttons: template.buttons ?? null };
      await db
        .insert(templateOverrides)
        .values({ clinicId, ...key, ...values })
        .onConflictDoUpdate({ target: [templateOverrides.clinicId, templateOverrides.event, templateOverrides.channel, templateOverrides.locale], set: values });
    },
    async delete(clinicId: string, key: Key): Promise<boolean> {
      const rows = await db.delete(templateOverrides).where(byKey(clinicId, key)).returning({ event: templateOverrides.event });
      return rows.length > 0;
    },
  };
}

export type TemplateOverridesRepository = ReturnType<typeof createTemplateOverridesRepository>;

function toOverride(row: typeof templateOverrides.$inferSelect, locale: Locale): TemplateOverride {
  return {
    event: row.event,
    channel: row.channel,
    locale,
    body: row.body,
    ...(row.subject ? { subject: row.subject } : {}),
    ...(row.buttons?.length ? { buttons: row.buttons } : {}),
  };
}
