// The Recalls page's state (seed 003): filters, the list, the selection, a prepared sending (what goes
// out, what was discarded and which discarded ones reception ticks to send anyway) and the last result.
import { api, type Page } from '../../api/client.ts';

export type RecallStatus = 'pending' | 'sent' | 'accepted' | 'rejected' | 'scheduled' | 'discarded';
export const RECALL_STATUSES: RecallStatus[] = ['pending', 'sent', 'accepted', 'rejected', 'scheduled', 'discarded'];

export type Recall = {
  id: string;
  patientId: string;
  patientName: string;
  reason: string;
  dueDate: string;
  status: RecallStatus;
  statusReason: string | null;
  origin: 'pms' | 'generated' | 'manual';
  conversationId: string | null;
};
export type Prepared = { send: Recall[]; discarded: Array<{ recall: Recall; reason: 'attended' | 'future_appointment' }> };
export type SendResult = { recallId: string; outcome: 'sent' | 'skipped'; reason?: string; recall?: Recall };

const monthBounds = (at = new Date()) => {
  const first = new Date(Date.UTC(at.getFullYear(), at.getMonth(), 1));
  const last = new Date(Date.UTC(at.getFullYear(), at.getMonth() + 1, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
};

class RecallsState {
  from = $state(monthBounds().from);
  to = $state(monthBounds().to);
  statuses = $state<RecallStatus[]>(['pending']);
  reasons = $state<string[]>([]);
  recalls = $state<Recall[]>([]);
  knownReasons = $state<string[]>([]);
  serviceNames = $state<string[]>([]);
  selected = $state<string[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

  prepared = $state<Prepared | null>(null);
  override = $state<string[]>([]);
  results = $state<{ sent: number; skipped: number; items: SendResult[] } | null>(null);

  sendCount = $derived((this.prepared?.send.length ?? 0) + this.override.length);
  reasonOptions = $derived([...new Set([...this.knownReasons, ...this.reasons])].sort((a, b) => a.localeCompare(b)));

  async load() {
    this.loading = true;
    this.error = null;
    try {
      const items: Recall[] = [];
      let cursor: string | null = null;
      // Five pages of 200 at most: a month of recalls, with room.
      for (let page = 0; page < 5; page++) {
        const query = new URLSearchParams({ limit: '200' });
        if (this.from) query.set('from', this.from);
        if (this.to) query.set('to', this.to);
        for (const status of this.statuses) query.append('status', status);
        for (const reason of this.reasons) query.append('reason', reason);
        if (cursor) query.set('cursor', cursor);
        const result: Page<Recall> = await api<Page<Recall>>(`/recalls?${query}`);
        items.push(...result.items);
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      this.recalls = items;
      this.knownReasons = [...new Set([...this.knownReasons, ...items.map((recall) => recall.reason)])];
      this.selected = this.selected.filter((id) => items.some((recall) => recall.id === id));
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.loading = false;
    }
  }

  async loadServices() {
    const page = await api<Page<{ name: string }>>('/services', { query: { limit: '200' } }).catch(() => null);
    if (page) this.serviceNames = [...new Set(page.items.map((service) => service.name))];
  }

  toggle(list: 'statuses' | 'reasons' | 'selected' | 'override', value: string) {
    const current: string[] = this[list];
    const next = current.includes(value) ? current.filter((item) => item !== value) : [...current, value];
    if (list === 'statuses') this.statuses = next as RecallStatus[];
    else this[list] = next;
  }

  selectAll(all: boolean) {
    this.selected = all ? this.recalls.map((recall) => recall.id) : [];
  }

  async prepare(treatments: string[]) {
    this.error = null;
    try {
      const prepared = await api<Prepared>('/recalls/prepare', { method: 'POST', body: { recallIds: this.selected, treatments } });
      // Discarded patients are now "agendado": the rows show it while the sending is being prepared.
      const fresh = new Map([...prepared.send, ...prepared.discarded.map((entry) => entry.recall)].map((recall) => [recall.id, recall]));
      this.recalls = this.recalls.map((recall) => fresh.get(recall.id) ?? recall);
      this.prepared = prepared;
      this.override = [];
      this.results = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  async send(templateKey: string, channel: '' | 'whatsapp' | 'sms') {
    if (!this.prepared) return;
    this.error = null;
    try {
      const body = { recallIds: this.prepared.send.map((recall) => recall.id), override: this.override, templateKey, ...(channel ? { channel } : {}) };
      const answer = await api<{ results: SendResult[]; sent: number; skipped: number }>('/recalls/send', { method: 'POST', body });
      this.results = { sent: answer.sent, skipped: answer.skipped, items: answer.results };
      this.prepared = null;
      this.override = [];
      this.selected = [];
      await this.load();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  async generate(): Promise<number> {
    const answer = await api<{ created: Recall[] }>('/recalls/generate', { method: 'POST', body: {} });
    await this.load();
    return answer.created.length;
  }

  cancelPreparation() {
    this.prepared = null;
    this.override = [];
  }
}

export const recallsState = new RecallsState();
