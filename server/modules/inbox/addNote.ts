// A private note on a conversation, optionally naming colleagues: the clinic's room sees the note, and each
// colleague named in it is told personally.
import { AppError } from '../../errors.ts';
import type { InboxDeps } from './inboxDeps.ts';
import { toNote, type Note } from './note.dto.ts';
import { requireConversation } from './ownership.ts';

export type NoteInput = { clinicId: string; conversationId: string; authorId: string; text: string; mentions: readonly string[] };

export async function addNote(deps: Pick<InboxDeps, 'conversations' | 'users' | 'events'>, input: NoteInput): Promise<Note> {
  const { clinicId, conversationId } = input;
  await requireConversation(deps, clinicId, conversationId);
  const mentions = await activeColleagues(deps, clinicId, input.mentions);
  const note = toNote(await deps.conversations.addNote({ clinicId, conversationId, authorId: input.authorId, text: input.text, mentions }));
  deps.events.emit('note:new', { clinicId, conversationId, note });
  for (const userId of mentions) deps.events.emit('note:mention', { clinicId, userId, conversationId, note });
  return note;
}

/** Only active colleagues of the same clinic can be mentioned, each once; anyone else is a 404 naming the field. */
async function activeColleagues(deps: Pick<InboxDeps, 'users'>, clinicId: string, userIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(userIds)];
  for (const [index, userId] of unique.entries()) {
    const user = await deps.users.get(clinicId, userId);
    if (!user?.active) throw new AppError('not_found', 404, `mentions[${index}]: User not found`, `mentions[${index}]`);
  }
  return unique;
}
