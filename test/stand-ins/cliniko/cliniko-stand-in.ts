// A local stand-in of the Cliniko REST API (https://docs.api.cliniko.com/), so Cliniko connector tests run offline.
// Point a connector's `baseUrl` at `standIn.baseUrl`. As documented, it wants HTTP Basic with the API key (with or
// without its shard suffix) as the username and an empty password (401 otherwise), and a `User-Agent` naming the app
// and a contact e-mail (the docs say others "may be automatically blocked": here they get 400, so a test notices).
// Lists answer `{"<collection>": [...], "total_entries", "links": {"self", "next"?, "previous"?}}`, ordered by
// `created_at`, paged with `page`/`per_page` (50 by default, at most 100), filtered with `q[]=<field>:<op><value>`;
// archived records (and cancelled individual appointments) are left out unless a filter names that field, e.g.
// `q[]=archived_at:*`. `PATCH /individual_appointments/:id/cancel` (a reason code required) and
// `PATCH /individual_appointments/:id` work; 429 with `Retry-After` and `X-RateLimit-Reset` can be staged. Every
// change stamps `updated_at` in whole seconds as Cliniko does, and every request is recorded for assertions.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerJson, readJsonBody } from '../json-http.ts';

export type ClinikoCollection = 'patients' | 'practitioners' | 'businesses' | 'appointment_types' | 'individual_appointments';
export type ClinikoRecord = { id: string; created_at: string; updated_at: string; archived_at: string | null; [field: string]: unknown };
export type RecordedClinikoRequest = { method: string; path: string; page: number; perPage: number; filters: string[]; authorized: boolean; userAgent: string | undefined; accept: string | undefined; body: unknown };

const COLLECTIONS: readonly ClinikoCollection[] = ['patients', 'practitioners', 'businesses', 'appointment_types', 'individual_appointments'];
const CANCELLATION_REASONS = new Set([10, 20, 30, 40, 50, 60]);
const DATE_FIELDS = new Set(['created_at', 'updated_at', 'archived_at', 'cancelled_at', 'starts_at', 'ends_at']);
const USER_AGENT = /^.*\S.* \([^\s()@]+@[^\s()@]+\.[^\s()@]+\)$/;

export class ClinikoStandIn {
  readonly requests: RecordedClinikoRequest[] = [];
  /** Answer the next N requests with 429 and these headers. */
  rateLimitNext: { count: number; retryAfterSeconds: number } | null = null;
  /** Answer the next N requests with this HTTP status (an outage). */
  failNext: { status: number; count: number } | null = null;
  private readonly store = new Map<ClinikoCollection, Map<string, ClinikoRecord>>(COLLECTIONS.map((c) => [c, new Map()]));
  private nextId = 1_390_000_000_000_000_000n;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  static async start(options: { apiKey: string }): Promise<ClinikoStandIn> {
    let standIn: ClinikoStandIn | null = null;
    const server = createServer((req, res) => void standIn!.handle(req, res).catch((error: unknown) => answer(res, 500, { errors: String(error) })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    standIn = new ClinikoStandIn(server, `http://127.0.0.1:${port}/v1`, options.apiKey);
    return standIn;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** A record as the clinic would create it in Cliniko: a new id, `created_at`/`updated_at` now, its `links.self`. */
  add(collection: ClinikoCollection, fields: Record<string, unknown>): ClinikoRecord {
    this.nextId += 1n;
    const id = String(this.nextId);
    const now = stamp();
    const record: ClinikoRecord = { archived_at: null, ...fields, id, created_at: now, updated_at: now, links: { self: `${this.baseUrl}/${collection}/${id}` } };
    this.store.get(collection)!.set(id, record);
    return structuredClone(record);
  }

  get(collection: ClinikoCollection, id: string): ClinikoRecord | undefined {
    const record = this.store.get(collection)!.get(id);
    return record && structuredClone(record);
  }

  /** Changes a record as an edit in Cliniko would: `updated_at` moves to now. */
  change(collection: ClinikoCollection, id: string, change: (record: ClinikoRecord) => Record<string, unknown>): ClinikoRecord {
    const current = this.store.get(collection)!.get(id);
    if (!current) throw new Error(`${collection}/${id} is not in the stand-in`);
    const changed: ClinikoRecord = { ...current, ...change(structuredClone(current)), id, created_at: current.created_at, updated_at: stamp() };
    this.store.get(collection)!.set(id, changed);
    return structuredClone(changed);
  }

  /** `{"links": {"self": …}}`, the way records point at each other. */
  link(collection: ClinikoCollection, id: string) {
    return { links: { self: `${this.baseUrl}/${collection}/${id}` } };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const authorized = this.isAuthorized(req.headers.authorization);
    const userAgent = req.headers['user-agent'];
    const page = Number(url.searchParams.get('page') ?? 1);
    const perPage = Number(url.searchParams.get('per_page') ?? 50);
    const filters = url.searchParams.getAll('q[]');
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, page, perPage, filters, authorized, userAgent, accept: req.headers.accept, body });

    if (this.rateLimitNext && this.rateLimitNext.count > 0) {
      this.rateLimitNext.count -= 1;
      const { retryAfterSeconds } = this.rateLimitNext;
      res.setHeader('retry-after', String(retryAfterSeconds));
      res.setHeader('x-ratelimit-reset', String(Math.ceil(Date.now() / 1000) + retryAfterSeconds));
      return answer(res, 429, { errors: 'Rate limit exceeded' });
    }
    if (this.failNext && this.failNext.count > 0) {
      this.failNext.count -= 1;
      return answer(res, this.failNext.status, { errors: 'stand-in failure' });
    }
    if (!authorized) return answer(res, 401, { errors: 'Unauthorized' });
    if (!userAgent || !USER_AGENT.test(userAgent)) return answer(res, 400, { errors: 'Send a User-Agent with your app name and a contact e-mail: APP_VENDOR_NAME (APP_VENDOR_EMAIL)' });

    const [collection, id, action, ...rest] = url.pathname.replace(/^\/v1\/?/, '').split('/');
    if (collection === 'user' && !id && req.method === 'GET') return answer(res, 200, { id: '77', first_name: 'Recepción', last_name: 'Sonrisa', email: 'recepcion@sonrisa.test', links: { self: `${this.baseUrl}/user` } });
    if (!isCollection(collection) || rest.length) return answer(res, 404, { errors: 'Not found' });
    if (!id && req.method === 'GET') return this.list(res, url, collection, page, perPage, filters);
    const record = id ? this.store.get(collection)!.get(id) : undefined;
    if (!id || !record) return answer(res, 404, { errors: 'Not found' });
    if (!action && req.method === 'GET') return answer(res, 200, record);
    if (collection === 'individual_appointments' && req.method === 'PATCH' && !action) return this.update(res, id, body);
    if (collection === 'individual_appointments' && req.method === 'PATCH' && action === 'cancel') return this.cancel(res, record, body);
    return answer(res, 405, { errors: `${req.method} is not supported here` });
  }

  private list(res: ServerResponse, url: URL, collection: ClinikoCollection, page: number, perPage: number, filters: string[]): void {
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1 || perPage > 100) return answer(res, 400, { errors: 'page must be ≥ 1 and per_page 1–100' });
    const parsed = filters.map(parseFilter);
    const bad = parsed.findIndex((filter) => filter === null);
    if (bad >= 0) return answer(res, 400, { errors: `Unsupported filter: ${filters[bad]}` });
    const conditions = parsed.filter((filter) => filter !== null);
    const named = new Set(conditions.map((filter) => filter.field));
    const all = [...this.store.get(collection)!.values()]
      .filter((record) => named.has('archived_at') || !record.archived_at)
      .filter((record) => collection !== 'individual_appointments' || named.has('cancelled_at') || !record.cancelled_at)
      .filter((record) => conditions.every((filter) => filter.matches(record[filter.field])))
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    const pageUrl = (n: number) => {
      const link = new URL(url.pathname + url.search, this.baseUrl);
      link.searchParams.set('page', String(n));
      return link.toString();
    };
    const links: Record<string, string> = { self: pageUrl(page) };
    if (page * perPage < all.length) links.next = pageUrl(page + 1);
    if (page > 1) links.previous = pageUrl(page - 1);
    answer(res, 200, { [collection]: all.slice((page - 1) * perPage, page * perPage), total_entries: all.length, links });
  }

  private update(res: ServerResponse, id: string, body: unknown): void {
    if (typeof body !== 'object' || body === null) return answer(res, 422, { errors: { base: ['the body must be a JSON object'] } });
    const allowed = Object.fromEntries(Object.entries(body).filter(([field]) => ['notes', 'starts_at', 'ends_at'].includes(field)));
    answer(res, 200, this.change('individual_appointments', id, () => allowed));
  }

  private cancel(res: ServerResponse, record: ClinikoRecord, body: unknown): void {
    const reason = typeof body === 'object' && body !== null && 'cancellation_reason' in body ? body.cancellation_reason : undefined;
    if (typeof reason !== 'number' || !CANCELLATION_REASONS.has(reason)) return answer(res, 422, { errors: { cancellation_reason: ['is not included in the list'] } });
    if (record.cancelled_at) return answer(res, 422, { errors: { base: ['the appointment is already cancelled'] } });
    const note = typeof body === 'object' && body !== null && 'cancellation_note' in body && typeof body.cancellation_note === 'string' ? body.cancellation_note : null;
    this.change('individual_appointments', record.id, () => ({ cancelled_at: stamp(), cancellation_reason: reason, cancellation_note: note }));
    res.writeHead(204).end();
  }

  private isAuthorized(header: string | undefined): boolean {
    const encoded = /^Basic (.+)$/.exec(header ?? '')?.[1];
    if (!encoded) return false;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const withoutShard = this.apiKey.replace(/-[a-z]{2}\d{1,2}$/i, '');
    return decoded === `${this.apiKey}:` || decoded === `${withoutShard}:`;
  }
}

/** `updated_at:>=2026-12-01T10:00:00Z` → a test on the field's value; null for what the stand-in does not know. */
function parseFilter(filter: string): { field: string; matches: (value: unknown) => boolean } | null {
  const match = /^(\w+):(>=|<=|!=|!\?|>|<|=|\?|\*)(.*)$/.exec(filter);
  if (!match) return null;
  const [, field = '', op = '', operand = ''] = match;
  if (op === '*') return { field, matches: () => true };
  if (op === '?') return { field, matches: (value) => value !== null && value !== undefined && value !== '' };
  if (op === '!?') return { field, matches: (value) => value === null || value === undefined || value === '' };
  if (DATE_FIELDS.has(field)) {
    const bound = Date.parse(operand);
    if (!/Z$/.test(operand) || Number.isNaN(bound)) return null; // the docs want UTC date-times
    const compare = comparison(op, bound);
    return compare && { field, matches: (value) => typeof value === 'string' && value !== '' && compare(Date.parse(value)) };
  }
  if (field === 'id' && (op === '=' || op === '!=')) {
    const ids = operand.split(',');
    return { field, matches: (value) => ids.includes(String(value)) === (op === '=') };
  }
  return null;
}

function comparison(op: string, bound: number): ((at: number) => boolean) | null {
  switch (op) {
    case '>':
      return (at) => at > bound;
    case '>=':
      return (at) => at >= bound;
    case '<':
      return (at) => at < bound;
    case '<=':
      return (at) => at <= bound;
    default:
      return null;
  }
}

function stamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isCollection(value: string | undefined): value is ClinikoCollection {
  return COLLECTIONS.some((collection) => collection === value);
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  answerJson(res, status, body);
}

const readBody = readJsonBody;
