// The clinic's automation rules as the Automations page edits them: a draft loaded from GET /api/automations,
// saved whole with PUT (admins only), and the server's refusal kept with the field it names.
import { api, ApiError, type AutomationChannel, type AutomationSettings } from '../../../api/client.ts';
import { session } from '../../../state/session.svelte.ts';
import { errorText } from '../../../i18n.ts';

export type FieldError = { message: string; field?: string | undefined };

class AutomationsState {
  draft = $state<AutomationSettings | null>(null);
  loaded = $state(false);
  unavailable = $state(false);
  saving = $state(false);
  saved = $state(false);
  error = $state<FieldError | null>(null);
  /** Which channel kinds the clinic can really send on (voice: none until a voice channel exists). */
  availability = $state<Record<AutomationChannel, boolean> | null>(null);

  async load() {
    try {
      const [draft, availability] = await Promise.all([api<AutomationSettings>('/automations'), api<{ channels: Record<AutomationChannel, boolean> }>('/automations/availability')]);
      this.draft = draft;
      this.availability = availability.channels;
      this.unavailable = false;
    } catch {
      this.unavailable = true;
    }
    this.error = null;
    this.saved = false;
    this.loaded = true;
  }

  async save() {
    if (!this.draft) return;
    this.saving = true;
    this.saved = false;
    this.error = null;
    try {
      this.draft = await api<AutomationSettings>('/automations', { method: 'PUT', body: $state.snapshot(this.draft) });
      this.saved = true;
    } catch (error) {
      this.error = error instanceof ApiError ? { message: errorText(session.lang, error), field: error.field } : { message: String(error) };
    } finally {
      this.saving = false;
    }
  }

  /** The server's message when it named this field (or something inside it, e.g. `reminders.offsetsHours[1]`). */
  errorAt(field: string): string | null {
    const named = this.error?.field;
    if (!named) return null;
    return named === field || named.startsWith(`${field}.`) || named.startsWith(`${field}[`) ? this.fieldMessage() : null;
  }

  /** The server's message when it named exactly this field (a rule on a whole group, e.g. `sendingWindow`). */
  errorIs(field: string): string | null {
    return this.error?.field === field ? this.fieldMessage() : null;
  }

  /** Beside the field, its name is already on screen: "sendingWindow.end: start must be before end" → "start must be before end". */
  private fieldMessage(): string | null {
    if (!this.error) return null;
    const prefix = `${this.error.field}: `;
    return this.error.message.startsWith(prefix) ? this.error.message.slice(prefix.length) : this.error.message;
  }

  /** Channel kinds the clinic has no channel for: shown as such, never offered as if they worked. */
  unavailableChannels(): AutomationChannel[] {
    const availability = this.availability;
    return availability ? (Object.keys(availability) as AutomationChannel[]).filter((kind) => !availability[kind]) : [];
  }

  /** Adds or removes a channel, keeping the order the others were in. */
  toggleChannel(channels: AutomationChannel[], channel: AutomationChannel, on: boolean): AutomationChannel[] {
    return on ? (channels.includes(channel) ? channels : [...channels, channel]) : channels.filter((candidate) => candidate !== channel);
  }
}

export const automationsState = new AutomationsState();
