// Plain `fetch` against the Cliniko REST API (https://docs.api.cliniko.com/): HTTP Basic with the API key as the
// username and an empty password, the `User-Agent` Cliniko asks for, lists paged through `links.next`, and HTTP 429
// answered by waiting as long as Cliniko says (`Retry-After`, or the documented `X-RateLimit-Reset`) a bounded
// number of times. Errors name the HTTP status and the resource only, never the URL's query or a body.
import { z } from 'zod';
import { PmsConnectorError } from '../pms-connector-error.ts';
import { clinikoBaseUrl, type ClinikoConfig } from './cliniko-config.ts';
import { clinikoListSchema } from './cliniko-resources.ts';

/** 429s retried per request before giving up; and the longest wait we accept (the limit resets each minute). */
const MAX_RATE_LIMIT_RETRIES = 3;
const MAX_RATE_LIMIT_WAIT_MS = 65_000;

export type ClinikoListPage = { records: unknown[]; /** Cliniko's clock when it answered (the `Date` header), if sent. */ answeredAt: string | null };
export type ClinikoClient = ReturnType<typeof createClinikoClient>;

export function createClinikoClient(config: ClinikoConfig, fetchImpl: typeof fetch = fetch) {
  const base = new URL(`${clinikoBaseUrl(config)}/`);
  const headers = {
    accept: 'application/json',
    authorization: `Basic ${Buffer.from(`${config.apiKey}:`).toString('base64')}`,
    'user-agent': `${config.appName} (${config.contactEmail})`,
  };

  async function request(url: URL, what: string, init: { method?: string; body?: unknown } = {}): Promise<{ body: unknown; date: string | null }> {
    // The key goes only to the configured host: a `next` link pointing elsewhere is refused.
    if (url.origin !== base.origin) throw new PmsConnectorError(`${what}: Cliniko linked to another host`);
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: init.method ?? 'GET',
          headers: { ...headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
          signal: AbortSignal.timeout(config.timeoutMs),
        });
      } catch (error) {
        throw new PmsConnectorError(`${what}: Cliniko unreachable (${error instanceof Error ? error.name : 'network error'})`, null, { cause: error });
      }
      if (response.status === 429) {
        await response.body?.cancel();
        const waitMs = rateLimitWait(response.headers, attempt);
        if (attempt >= MAX_RATE_LIMIT_RETRIES || waitMs > MAX_RATE_LIMIT_WAIT_MS) throw new PmsConnectorError(`${what}: rate limited by Cliniko (HTTP 429)`, 429);
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        const reason = response.status === 401 || response.status === 403 ? 'credentials refused' : 'request failed';
        throw new PmsConnectorError(`${what}: ${reason} (HTTP ${response.status})`, response.status);
      }
      const date = response.headers.get('date');
      const text = await response.text();
      if (!text) return { body: null, date };
      try {
        return { body: JSON.parse(text), date };
      } catch (error) {
        throw new PmsConnectorError(`${what}: the answer is not JSON`, response.status, { cause: error });
      }
    }
  }

  return {
    /** Every page of a list, following `links.next` until there is none. `filters` go out as `q[]` parameters. */
    async *list(collection: string, filters: string[]): AsyncGenerator<ClinikoListPage> {
      const recordsSchema = z.looseObject({ [collection]: z.array(z.unknown()) });
      let url: URL | null = new URL(collection, base);
      url.searchParams.set('per_page', String(config.pageSize));
      for (const filter of filters) url.searchParams.append('q[]', filter);
      while (url) {
        const { body, date } = await request(url, `${collection} list`);
        const page = clinikoListSchema.safeParse(body);
        const listed = recordsSchema.safeParse(body);
        const records = listed.success ? listed.data[collection] : undefined;
        if (!page.success || !records) throw new PmsConnectorError(`${collection} list: the answer has no ${collection} list`);
        yield { records, answeredAt: date ? new Date(date).toISOString() : null };
        url = page.data.links?.next ? new URL(page.data.links.next, base) : null;
      }
    },
    get: async (path: string, what: string) => (await request(new URL(path, base), what)).body,
    patch: async (path: string, what: string, body: unknown) => (await request(new URL(path, base), what, { method: 'PATCH', body })).body,
  };
}

/** How long to wait before retrying a 429: `Retry-After` (seconds or a date), else `X-RateLimit-Reset` (UNIX seconds), else backing off. */
function rateLimitWait(headers: Headers, attempt: number): number {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    const waitMs = /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - Date.now();
    if (!Number.isNaN(waitMs)) return Math.max(0, waitMs);
  }
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - Date.now());
  return 1000 * 2 ** attempt;
}
