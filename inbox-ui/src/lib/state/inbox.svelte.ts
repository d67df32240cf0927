// The live inbox: the list for the current tab, the open conversation and its messages, kept current by
// socket.io events so nobody ever has to reload.
import { openSocket, type ChannelStatusEvent, type InboxSocket, type NoteEvent } from '../api/socket.ts';
import { api, type Conversation, type Message, type Page } from '../api/client.ts';

export type Tab = 'needsPerson' | 'bot' | 'mine' | 'all' | 'closed';

const TAB_QUERY: Record<Tab, Record<string, string>> = {
  needsPerson: { state: 'human', order: 'waiting' },
  bot: { state: 'bot' },
  mine: { assignee: 'me' },
  all: {},
  closed: { state: 'closed' },
};

class Inbox {
  tab = $state<Tab>('needsPerson');
  q = $state('');
  conversations = $state<Conversation[]>([]);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  selectedId = $state<string | null>(null);
  messages = $state<Message[]>([]);
  highlight = $state<Record<string, number>>({});
  sound = $state(false);
  connected = $state(false);
  /** Notes where a colleague mentioned me, newest first, until dismissed. */
  mentions = $state<NoteEvent[]>([]);
  private socket: InboxSocket | null = null;

  selected = $derived(this.conversations.find((c) => c.id === this.selectedId) ?? null);

  async loadList(reset = true) {
    this.loading = true;
    try {
      const page = await api<Page<Conversation>>('/conversations', { query: { ...TAB_QUERY[this.tab], q: this.q || undefined, limit: '50', cursor: reset ? undefined : (this.nextCursor ?? undefined) } });
      this.conversations = reset ? page.items : [...this.conversations, ...page.items];
      this.nextCursor = page.nextCursor;
    } finally {
      this.loading = false;
    }
  }

  /** How many conversations wait for a person (capped at 200, the API's page size), for the tab's badge. */
  waitingCount = $state(0);
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  refreshWaitingCount() {
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(async () => {
      const page = await api<Page<Conversation>>('/conversations', { query: { state: 'human', limit: '200' } }).catch(() => null);
      if (page) this.waitingCount = page.items.length;
    }, 300);
  }

  async setTab(tab: Tab) {
    this.tab = tab;
    await this.loadList();
  }

  async open(id: string) {
    this.selectedId = id;
    const page = await api<Page<Message>>(`/conversations/${id}/messages`, { query: { limit: '200' } });
    if (this.selectedId === id) this.messages = page.items.reverse();
    await api(`/conversations/${id}/read`, { method: 'POST' }).catch(() => undefined);
  }

  private async reloadMessages(id: string) {
    const page = await api<Page<Message>>(`/conversations/${id}/messages`, { query: { limit: '200' } }).catch(() => null);
    if (page && this.selectedId === id) this.messages = page.items.reverse();
  }

  async refreshSelected() {
    if (!this.selectedId) return;
    const fresh = await api<Conversation>(`/conversations/${this.selectedId}`);
    this.upsert(fresh);
  }

  connect() {
    if (this.socket) return;
    const socket = openSocket();
    this.socket = socket;
    socket.on('connect', () => {
      this.connected = true;
      this.refreshWaitingCount();
    });
    socket.on('disconnect', () => (this.connected = false));
    socket.on('message:new', ({ conversationId, message }) => {
      if (conversationId === this.selectedId && !this.messages.some((m) => m.id === message.id)) this.messages = [...this.messages, message];
    });
    socket.on('message:status', ({ conversationId, messageId, status, error }) => {
      this.messages = this.messages.map((m) => (m.id === messageId ? { ...m, status, ...(error ? { error } : {}) } : m));
      // A refusal comes with a plain explanation (and maybe "send as template"): fetch the message as the API shows it.
      if (status === 'failed' && conversationId === this.selectedId) void this.reloadMessages(conversationId);
    });
    socket.on('channel:status', (event) => this.channelListeners.forEach((listener) => listener(event)));
    socket.on('conversation:updated', ({ conversation }) => {
      this.upsert(conversation);
      this.refreshWaitingCount();
    });
    socket.on('note:mention', (mention) => {
      this.mentions = [mention, ...this.mentions.filter((m) => m.note.id !== mention.note.id)];
      if (this.sound) beep();
    });
    socket.on('conversation:handover', ({ conversationId }) => {
      this.highlight = { ...this.highlight, [conversationId]: Date.now() };
      if (this.sound) beep();
    });
  }

  /** Subscribes to channel status changes (and fresh WhatsApp Web QRs); returns the unsubscribe. */
  onChannelStatus(listener: (event: ChannelStatusEvent) => void): () => void {
    this.channelListeners.add(listener);
    return () => this.channelListeners.delete(listener);
  }

  private channelListeners = new Set<(event: ChannelStatusEvent) => void>();

  dismissMention(noteId: string) {
    this.mentions = this.mentions.filter((m) => m.note.id !== noteId);
  }

  disconnect() {
    this.socket?.disconnect();
    this.socket = null;
  }

  /** Places a changed conversation where the current tab wants it (or out of it). */
  private upsert(conversation: Conversation) {
    const others = this.conversations.filter((c) => c.id !== conversation.id);
    if (!this.belongs(conversation)) {
      this.conversations = conversation.id === this.selectedId ? [conversation, ...others] : others;
      return;
    }
    const list = [...others, conversation];
    list.sort(this.tab === 'needsPerson' ? (a, b) => (a.handoverAt ?? '').localeCompare(b.handoverAt ?? '') : (a, b) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? ''));
    this.conversations = list;
  }

  private belongs(c: Conversation): boolean {
    const q = this.q.trim().toLowerCase();
    if (q) {
      const name = `${c.patient?.firstName ?? ''} ${c.patient?.lastName ?? ''}`.toLowerCase();
      const digits = q.replace(/\D/g, '');
      const phoneMatch = digits.length >= 4 && (c.patient?.phones ?? []).some((p) => p.includes(digits));
      if (!name.includes(q) && !phoneMatch) return false;
    }
    switch (this.tab) {
      case 'needsPerson':
        return c.state === 'human';
      case 'bot':
        return c.state === 'bot';
      case 'closed':
        return c.state === 'closed';
      case 'mine':
        return c.assigneeId !== null && c.assigneeId === this.meId;
      default:
        return true;
    }
  }

  meId: string | null = null;
}

function beep() {
  try {
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    oscillator.frequency.value = 880;
    oscillator.connect(context.destination);
    oscillator.start();
    oscillator.stop(context.currentTime + 0.15);
  } catch {
    /* sound is optional */
  }
}

export const inbox = new Inbox();
