// "@Marta" in a private note names the colleague whose name, first name or e-mail name is Marta.
import type { User } from '../api/client.ts';

export function mentionedIn(note: string, team: readonly User[], authorId: string | undefined): string[] {
  const handles = [...note.matchAll(/@([\p{L}\p{N}._-]+)/gu)].map((match) => match[1]!.toLowerCase());
  return team
    .filter((member) => {
      const names = [member.name ?? '', (member.name ?? '').split(/\s+/)[0] ?? '', member.email.split('@')[0] ?? ''].map((name) => name.toLowerCase().replace(/\s+/g, ''));
      return member.id !== authorId && handles.some((handle) => names.includes(handle));
    })
    .map((member) => member.id);
}
