// Points the twilio SDK at another host (a local stand-in in tests, a proxy in odd deployments).
// The SDK builds absolute `https://api.twilio.com/...` URIs and hands every request to its `httpClient`
// (BaseTwilio.request → httpClient.request), so a RequestClient that rewrites the origin is enough.
import twilio from 'twilio';

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];
type RequestClientOptions = ConstructorParameters<typeof twilio.RequestClient>[0];

export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(apiBaseUrl: string, options?: RequestClientOptions) {
    super(options);
    this.base = new URL(apiBaseUrl);
  }

  override request<TData>(opts: RequestOptions & { data?: TData }) {
    return super.request<TData>({ ...opts, uri: rebaseUri(opts.uri, this.base) });
  }
}

/** `https://api.twilio.com/2010-04-01/...` + base `http://127.0.0.1:4010/twilio` → `http://127.0.0.1:4010/twilio/2010-04-01/...`. */
export function rebaseUri(uri: string, base: URL): string {
  const original = new URL(uri);
  const rebased = new URL(base.href);
  rebased.pathname = `${base.pathname.replace(/\/+$/, '')}${original.pathname}`;
  rebased.search = original.search;
  return rebased.href;
}
