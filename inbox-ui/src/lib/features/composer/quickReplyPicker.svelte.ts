// The composer's "/" menu: the clinic's quick replies filtered by what follows the slash; the chosen one comes
// back rendered by the server with this conversation's patient.
import { api, type QuickReply } from '../../api/client.ts';

export class QuickReplyPicker {
  all = $state<QuickReply[]>([]);
  active = $state(0);
  /** The text after "/" when the composer holds only a slash command; null otherwise. */
  query = $state<string | null>(null);
  matches = $derived(this.query === null ? [] : this.all.filter((reply) => reply.shortcut.includes(this.query!) || reply.title.toLowerCase().includes(this.query!)).slice(0, 8));
  open = $derived(this.query !== null && this.matches.length > 0);

  async load() {
    this.all = (await api<{ items: QuickReply[] }>('/quick-replies').catch(() => ({ items: [] }))).items;
  }

  /** Follows the composer's text: "/hor" opens the menu filtered by "hor". */
  follow(text: string) {
    const match = /^\/([\w-]*)$/.exec(text.trim());
    const next = match ? match[1]!.toLowerCase() : null;
    if (next !== this.query) this.active = 0;
    this.query = next;
  }

  move(step: number) {
    if (this.matches.length) this.active = (this.active + step + this.matches.length) % this.matches.length;
  }

  close() {
    this.query = null;
  }

  async render(conversationId: string, reply = this.matches[this.active]): Promise<string | null> {
    if (!reply) return null;
    const rendered = await api<{ text: string }>(`/conversations/${conversationId}/quick-replies/${reply.id}/render`, { method: 'POST', body: {} }).catch(() => null);
    this.close();
    return rendered?.text ?? null;
  }
}
