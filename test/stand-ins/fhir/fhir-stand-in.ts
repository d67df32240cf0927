// A local stand-in of a FHIR R4 REST server, so every FHIR connector test runs offline.
// Point a connector's `baseUrl` at `standIn.baseUrl`. It checks the bearer token (or basic auth), answers
// searches with spec-conformant `searchset` Bundles paged through `link[relation=next]`, filters on
// `_lastUpdated=gt|ge|lt|le<instant>` and `status`, serves reads, accepts Appointment updates (PUT, honouring
// If-Match), reports deletions in type-level `history` Bundles (`GET [type]/_history?_since=`), and records every
// request for assertions. Every stored version gets a later `meta.lastUpdated`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerJson, readJsonBody } from '../json-http.ts';

export type FhirResource = { resourceType: string; id: string; meta?: { versionId?: string; lastUpdated?: string }; [field: string]: unknown };
export type RecordedFhirRequest = { method: string; path: string; query: Record<string, string>; authorized: boolean; body: unknown };
export type FhirAuth = { token: string } | { username: string; password: string } | null;

const JSON_TYPE = 'application/fhir+json; charset=utf-8';
const SEARCH_PARAMS_IGNORED = new Set(['_count', '_sort', '_offset', '_summary', '_format']);

export class FhirStandIn {
  readonly requests: RecordedFhirRequest[] = [];
  private readonly store = new Map<string, Map<string, FhirResource>>();
  private readonly deletions: Array<{ resourceType: string; id: string; at: string }> = [];
  /** Servers without type-level history answer 404 to it; the connector must carry on. */
  historySupported = true;
  private lastStamp = 0;
  /** Answer the next N requests with this HTTP status (outage simulation). */
  failNext: { status: number; count: number } | null = null;
  /** Milliseconds to wait before answering each request (a slow PMS). */
  delayMs = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private auth: FhirAuth,
  ) {}

  static async start(auth: FhirAuth): Promise<FhirStandIn> {
    let standIn: FhirStandIn | null = null;
    const server = createServer((req, res) => void standIn!.handle(req, res).catch((error: unknown) => answer(res, 500, outcome('exception', String(error)))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    standIn = new FhirStandIn(server, `http://127.0.0.1:${port}/fhir`, auth);
    return standIn;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Stores (or replaces) a resource as the PMS would: a new version with a later lastUpdated. */
  put<T extends FhirResource>(resource: T): T {
    const byId = this.store.get(resource.resourceType) ?? new Map<string, FhirResource>();
    this.store.set(resource.resourceType, byId);
    const previous = byId.get(resource.id);
    const version = Number(previous?.meta?.versionId ?? 0) + 1;
    const stored = { ...resource, meta: { ...resource.meta, versionId: String(version), lastUpdated: this.nextStamp() } };
    byId.set(resource.id, stored);
    return stored;
  }

  /** Deletes a resource as the PMS would: gone from searches, a DELETE entry in the type's history. */
  remove(resourceType: string, id: string): void {
    if (!this.store.get(resourceType)?.delete(id)) throw new Error(`${resourceType}/${id} is not in the stand-in`);
    this.deletions.push({ resourceType, id, at: this.nextStamp() });
  }

  get(resourceType: string, id: string): FhirResource | undefined {
    return this.store.get(resourceType)?.get(id);
  }

  /** Applies a change to a stored resource (a new version). */
  change(resourceType: string, id: string, change: (resource: FhirResource) => FhirResource): FhirResource {
    const current = this.get(resourceType, id);
    if (!current) throw new Error(`${resourceType}/${id} is not in the stand-in`);
    return this.put(change(structuredClone(current)));
  }

  private nextStamp(): string {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const authorized = this.isAuthorized(req.headers.authorization);
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), authorized, body });
    if (this.failNext && this.failNext.count > 0) {
      this.failNext.count -= 1;
      return answer(res, this.failNext.status, outcome('transient', 'stand-in failure'));
    }
    if (!authorized) return answer(res, 401, outcome('login', 'Authentication required'));
    const path = url.pathname.replace(/^\/fhir\/?/, '');
    if (path === 'metadata' && req.method === 'GET') return answer(res, 200, capabilityStatement());
    const [resourceType, id, ...rest] = path.split('/');
    if (!resourceType || rest.length) return answer(res, 404, outcome('not-found', 'Unknown path'));
    if (id === '_history' && req.method === 'GET') {
      return this.historySupported ? answer(res, 200, this.history(resourceType, url)) : answer(res, 404, outcome('not-supported', 'No history here'));
    }
    if (!id && req.method === 'GET') return answer(res, 200, this.search(resourceType, url));
    if (id && req.method === 'GET') {
      const resource = this.get(resourceType, id);
      return resource ? answer(res, 200, resource) : answer(res, 404, outcome('not-found', `${resourceType}/${id} is not known`));
    }
    if (id && req.method === 'PUT') return this.update(req, res, resourceType, id, body);
    return answer(res, 405, outcome('not-supported', `${req.method} is not supported here`));
  }

  private update(req: IncomingMessage, res: ServerResponse, resourceType: string, id: string, body: unknown): void {
    if (resourceType !== 'Appointment') return answer(res, 405, outcome('not-supported', 'Only Appointment updates are accepted'));
    if (!isResource(body) || body.resourceType !== resourceType || body.id !== id) return answer(res, 400, outcome('invalid', 'The body must be the Appointment with the id in the URL'));
    const current = this.get(resourceType, id);
    if (!current) return answer(res, 404, outcome('not-found', `${resourceType}/${id} is not known`));
    const ifMatch = req.headers['if-match'];
    if (ifMatch && ifMatch !== `W/"${current.meta?.versionId}"`) return answer(res, 412, outcome('conflict', 'Version conflict'));
    answer(res, 200, this.put(body));
  }

  private search(resourceType: string, url: URL) {
    const params = url.searchParams;
    const all = [...(this.store.get(resourceType)?.values() ?? [])]
      .filter((resource) => matches(resource, params))
      .sort((a, b) => (a.meta?.lastUpdated ?? '').localeCompare(b.meta?.lastUpdated ?? '') || a.id.localeCompare(b.id));
    if (params.get('_summary') === 'count') return { resourceType: 'Bundle', type: 'searchset', total: all.length, meta: { lastUpdated: new Date().toISOString() } };
    const count = Math.max(1, Number(params.get('_count') ?? 50));
    const offset = Math.max(0, Number(params.get('_offset') ?? 0));
    const page = all.slice(offset, offset + count);
    const link = [{ relation: 'self', url: url.toString() }];
    if (offset + count < all.length) {
      const next = new URL(url);
      next.searchParams.set('_offset', String(offset + count));
      link.push({ relation: 'next', url: next.toString() });
    }
    return {
      resourceType: 'Bundle',
      id: `search-${Date.now()}`,
      meta: { lastUpdated: new Date().toISOString() },
      type: 'searchset',
      total: all.length,
      link,
      entry: page.map((resource) => ({ fullUrl: `${this.baseUrl}/${resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
    };
  }

  /** Versions and deletions since `_since` (inclusive), oldest first, paged like searches. */
  private history(resourceType: string, url: URL) {
    const since = Date.parse(url.searchParams.get('_since') ?? '1970-01-01T00:00:00Z');
    const versions = [...(this.store.get(resourceType)?.values() ?? [])].map((resource) => ({
      at: resource.meta?.lastUpdated ?? '',
      entry: { fullUrl: `${this.baseUrl}/${resourceType}/${resource.id}`, resource, request: { method: 'PUT', url: `${resourceType}/${resource.id}` }, response: { status: '200', lastModified: resource.meta?.lastUpdated } },
    }));
    const deleted = this.deletions
      .filter((d) => d.resourceType === resourceType)
      .map((d) => ({ at: d.at, entry: { fullUrl: `${this.baseUrl}/${resourceType}/${d.id}`, request: { method: 'DELETE', url: `${resourceType}/${d.id}` }, response: { status: '204', lastModified: d.at } } }));
    const all = [...versions, ...deleted].filter((item) => Date.parse(item.at) >= since).sort((a, b) => a.at.localeCompare(b.at));
    const count = Math.max(1, Number(url.searchParams.get('_count') ?? 50));
    const offset = Math.max(0, Number(url.searchParams.get('_offset') ?? 0));
    const link = [{ relation: 'self', url: url.toString() }];
    if (offset + count < all.length) {
      const next = new URL(url);
      next.searchParams.set('_offset', String(offset + count));
      link.push({ relation: 'next', url: next.toString() });
    }
    return { resourceType: 'Bundle', type: 'history', total: all.length, link, entry: all.slice(offset, offset + count).map((item) => item.entry) };
  }

  private isAuthorized(header: string | undefined): boolean {
    if (!this.auth) return true;
    if ('token' in this.auth) return header === `Bearer ${this.auth.token}`;
    return header === `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`;
  }
}

function matches(resource: FhirResource, params: URLSearchParams): boolean {
  for (const [name, value] of params) {
    if (SEARCH_PARAMS_IGNORED.has(name)) continue;
    if (name === '_lastUpdated') {
      const [, prefix = 'eq', instant = ''] = /^(gt|ge|lt|le|eq)?(.*)$/.exec(value) ?? [];
      const at = Date.parse(resource.meta?.lastUpdated ?? '');
      const bound = Date.parse(instant);
      const ok = { gt: at > bound, ge: at >= bound, lt: at < bound, le: at <= bound, eq: at === bound }[prefix as 'gt'];
      if (!ok) return false;
    } else if (name === 'status') {
      if (!value.split(',').includes(String(resource.status))) return false;
    } else {
      return false; // an unsupported parameter matches nothing, so a test notices it
    }
  }
  return true;
}

function capabilityStatement() {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        resource: ['Patient', 'Practitioner', 'Location', 'HealthcareService', 'Appointment', 'Procedure', 'ServiceRequest'].map((type) => ({
          type,
          interaction: [{ code: 'read' }, { code: 'search-type' }, ...(type === 'Appointment' ? [{ code: 'update' }] : [])],
          searchParam: [{ name: '_lastUpdated', type: 'date' }, { name: 'status', type: 'token' }],
        })),
      },
    ],
  };
}

function outcome(code: string, diagnostics: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  answerJson(res, status, body, JSON_TYPE);
}

const readBody = readJsonBody;

function isResource(value: unknown): value is FhirResource {
  return typeof value === 'object' && value !== null && 'resourceType' in value && typeof value.resourceType === 'string' && 'id' in value && typeof value.id === 'string';
}
