// Plain `fetch` against a FHIR R4 REST server: authenticated requests, searchset paging through `next` links,
// reads and updates. Errors name the HTTP status and resource type only (never the URL's query or a body).
import { PmsConnectorError } from '../pms-connector-error.ts';
import type { FhirConfig } from './fhir-config.ts';
import { fhirBundleSchema, type FhirBundle } from './fhir-resources.ts';

const FHIR_JSON = 'application/fhir+json';

export type FhirClient = ReturnType<typeof createFhirClient>;

export function createFhirClient(config: FhirConfig, fetchImpl: typeof fetch = fetch) {
  const base = new URL(config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`);
  const headers: Record<string, string> = { accept: FHIR_JSON };
  if (config.token) headers.authorization = `Bearer ${config.token}`;
  else if (config.username && config.password) headers.authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;

  async function request(url: URL, what: string, init: { method?: string; body?: unknown; ifMatch?: string } = {}): Promise<unknown> {
    // Credentials go only to the configured server: a `next` link pointing elsewhere is refused.
    if (url.origin !== base.origin) throw new PmsConnectorError(`${what}: the server linked to another host`);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: init.method ?? 'GET',
        headers: { ...headers, ...(init.body === undefined ? {} : { 'content-type': FHIR_JSON }), ...(init.ifMatch ? { 'if-match': init.ifMatch } : {}) },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      throw new PmsConnectorError(`${what}: FHIR server unreachable (${error instanceof Error ? error.name : 'network error'})`, null, { cause: error });
    }
    if (!response.ok) {
      await response.body?.cancel();
      const reason = response.status === 401 || response.status === 403 ? 'credentials refused' : 'request failed';
      throw new PmsConnectorError(`${what}: ${reason} (HTTP ${response.status})`, response.status);
    }
    const text = await response.text();
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new PmsConnectorError(`${what}: the answer is not JSON`, response.status, { cause: error });
    }
  }

  /** Every page of a Bundle, following `link[relation=next]` until there is none. */
  async function* pages(path: string, params: Record<string, string>, type: 'searchset' | 'history', what: string): AsyncGenerator<FhirBundle> {
    let url: URL | null = new URL(path, base);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    while (url) {
      const parsed = fhirBundleSchema.safeParse(await request(url, what));
      if (!parsed.success || parsed.data.type !== type) throw new PmsConnectorError(`${what}: the answer is not a ${type} Bundle`);
      yield parsed.data;
      const next = parsed.data.link?.find((link) => link.relation === 'next')?.url;
      url = next ? new URL(next, base) : null;
    }
  }

  return {
    search: (resourceType: string, params: Record<string, string>) => pages(resourceType, params, 'searchset', `${resourceType} search`),
    /** The type's history since an instant: where a server reports deletions (`request.method` DELETE). */
    history: (resourceType: string, params: Record<string, string>) => pages(`${resourceType}/_history`, params, 'history', `${resourceType} history`),
    read: (resourceType: string, id: string) => request(new URL(`${resourceType}/${encodeURIComponent(id)}`, base), `${resourceType} read`),
    update: (resourceType: string, id: string, resource: unknown, versionId?: string) =>
      request(new URL(`${resourceType}/${encodeURIComponent(id)}`, base), `${resourceType} update`, { method: 'PUT', body: resource, ...(versionId ? { ifMatch: `W/"${versionId}"` } : {}) }),
    capabilities: () => request(new URL('metadata', base), 'metadata'),
  };
}
