// A private note on a conversation as the API and sockets show it (staff only; the patient never sees it).
import type { conversationNotes } from '../../db/schema/index.ts';

export type NoteRow = typeof conversationNotes.$inferSelect;

export function toNote(row: Pick<NoteRow, 'id' | 'conversationId' | 'authorId' | 'text' | 'mentions' | 'createdAt'>) {
  return { id: row.id, conversationId: row.conversationId, authorId: row.authorId, text: row.text, mentions: row.mentions, createdAt: row.createdAt.toISOString() };
}
export type Note = ReturnType<typeof toNote>;
