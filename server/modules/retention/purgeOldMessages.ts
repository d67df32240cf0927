// Retention: message texts, media, notes and previews older than the clinic's limit are emptied; what reports
// count stays (direction, purpose, status, channel, timestamps, the appointments a message was about). A purged
// message says so (`meta.purged`), so the inbox can show "removed by the retention policy" instead of nothing.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';

export type PurgeResult = { messages: number; notes: number };

export async function purgeOldMessages(db: Db, clinicId: string, before: Date): Promise<PurgeResult> {
  const at = before.toISOString();
  const messages = await db.execute(sql`
    UPDATE messages SET text = '', subject = NULL, buttons = NULL, button_reply = NULL, media = NULL,
      meta = (coalesce(meta, '{}'::jsonb) - 'merge' - 'location' - 'contacts' - 'html' - 'template') || '{"purged": true}'::jsonb
    WHERE clinic_id = ${clinicId} AND created_at < ${at}::timestamptz AND NOT coalesce((meta->>'purged')::boolean, false)`);
  const notes = await db.execute(sql`
    UPDATE conversation_notes SET text = '' WHERE clinic_id = ${clinicId} AND created_at < ${at}::timestamptz AND text <> ''`);
  await db.execute(sql`
    UPDATE conversations SET last_message_preview = NULL
    WHERE clinic_id = ${clinicId} AND last_message_at < ${at}::timestamptz AND last_message_preview IS NOT NULL`);
  return { messages: messages.rowCount ?? 0, notes: notes.rowCount ?? 0 };
}
