// The clinic's PMS connectors (admin only) and what was last done with each: configure, test the connection,
// sync now, check a CSV file without saving, import it. Talks only to /api/connectors.
import { api, ApiError, type Connector, type SyncResult } from '../../../api/client.ts';
import { configOf, type ConnectorDraft, type CsvResource } from './connectorForms.ts';
import { session } from '../../../state/session.svelte.ts';
import { errorText } from '../../../i18n.ts';

export type ConnectionTest = { ok: true } | { ok: false; error: string };
type Action = 'test' | 'sync' | 'save' | 'check' | 'import' | 'remove';

/** A long sync may answer 202 with a job to ask about (API.md); the result then comes from that job. */
type SyncAnswer = SyncResult | { jobId: string };
const JOB_POLL_MS = 1000;

class ConnectorsState {
  items = $state<Connector[]>([]);
  loaded = $state(false);
  unavailable = $state(false);
  /** The action running on each connector, so its buttons wait. */
  busy = $state<Record<string, Action | undefined>>({});
  tests = $state<Record<string, ConnectionTest | undefined>>({});
  syncs = $state<Record<string, SyncResult | undefined>>({});
  /** The last error per connector id ('new' for the add form), with the field the server named. */
  errors = $state<Record<string, { message: string; field?: string | undefined } | undefined>>({});

  async load() {
    try {
      this.items = (await api<{ items: Connector[] }>('/connectors')).items;
      this.unavailable = false;
    } catch {
      this.unavailable = true;
    }
    this.loaded = true;
  }

  async create(draft: ConnectorDraft): Promise<Connector | null> {
    return this.run('new', 'save', async () => {
      const created = await api<Connector>('/connectors', { method: 'POST', body: { type: draft.type, name: draft.name.trim(), config: configOf(draft), syncIntervalMinutes: draft.syncIntervalMinutes } });
      this.items = [...this.items, created];
      return created;
    });
  }

  async update(existing: Connector, draft: ConnectorDraft): Promise<Connector | null> {
    return this.run(existing.id, 'save', async () => {
      const body = { name: draft.name.trim(), config: configOf(draft, existing), syncIntervalMinutes: draft.syncIntervalMinutes };
      return this.replace(await api<Connector>(`/connectors/${existing.id}`, { method: 'PATCH', body }));
    });
  }

  async setStatus(connector: Connector, status: 'active' | 'paused') {
    await this.run(connector.id, 'save', async () => this.replace(await api<Connector>(`/connectors/${connector.id}`, { method: 'PATCH', body: { status } })));
  }

  async remove(connector: Connector) {
    await this.run(connector.id, 'remove', async () => {
      await api(`/connectors/${connector.id}`, { method: 'DELETE' });
      this.items = this.items.filter((item) => item.id !== connector.id);
      return true;
    });
  }

  async test(connector: Connector) {
    this.tests = { ...this.tests, [connector.id]: undefined };
    const result = await this.run(connector.id, 'test', () => api<ConnectionTest>(`/connectors/${connector.id}/test`, { method: 'POST', body: {} }));
    if (result) this.tests = { ...this.tests, [connector.id]: result };
  }

  async sync(connector: Connector, full: boolean) {
    this.syncs = { ...this.syncs, [connector.id]: undefined };
    const result = await this.run(connector.id, 'sync', async () => {
      const answer = await api<SyncAnswer>(`/connectors/${connector.id}/sync`, { method: 'POST', body: full ? { full: true } : {} });
      return 'jobId' in answer ? waitForJob(connector.id, answer.jobId) : answer;
    });
    if (result) this.syncs = { ...this.syncs, [connector.id]: result };
    await this.refresh(connector.id);
  }

  /** A dry run: the same counts and row errors as an import, nothing written. */
  check(connector: Connector, csv: string, resource: CsvResource): Promise<SyncResult | null> {
    return this.run(connector.id, 'check', () => importCsv(connector.id, csv, resource, true));
  }

  async importFile(connector: Connector, csv: string, resource: CsvResource): Promise<SyncResult | null> {
    const result = await this.run(connector.id, 'import', () => importCsv(connector.id, csv, resource, false));
    await this.refresh(connector.id);
    return result;
  }

  clearError(key: string) {
    this.errors = { ...this.errors, [key]: undefined };
  }

  private async refresh(id: string) {
    const fresh = await api<Connector>(`/connectors/${id}`).catch(() => null);
    if (fresh) this.replace(fresh);
  }

  private replace(connector: Connector): Connector {
    this.items = this.items.map((item) => (item.id === connector.id ? connector : item));
    return connector;
  }

  /** Runs one action on a connector: its buttons wait meanwhile, and a refusal is kept to show beside it. */
  private async run<T>(key: string, action: Action, work: () => Promise<T>): Promise<T | null> {
    this.busy = { ...this.busy, [key]: action };
    this.clearError(key);
    try {
      return await work();
    } catch (error) {
      this.errors = { ...this.errors, [key]: error instanceof ApiError ? { message: errorText(session.lang, error), field: error.field } : { message: String(error) } };
      return null;
    } finally {
      this.busy = { ...this.busy, [key]: undefined };
    }
  }
}

function importCsv(id: string, csv: string, resource: CsvResource, dryRun: boolean): Promise<SyncResult> {
  return api<SyncResult>(`/connectors/${id}/import`, { method: 'POST', raw: { text: csv, contentType: 'text/csv' }, query: { dryRun: String(dryRun), resource } });
}

async function waitForJob(connectorId: string, jobId: string): Promise<SyncResult> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
    const answer = await api<SyncResult | { status: string }>(`/connectors/${connectorId}/syncs/${jobId}`);
    if ('created' in answer) return answer;
  }
}

export const connectorsState = new ConnectorsState();
