// A tiny HTTP server that plays our webhook endpoint in channel tests: it keeps each call as a
// WebhookRequest (headers, parsed form, raw body, public URL) and answers 200.
import { createServer, type Server } from 'node:http';
import type { WebhookRequest } from '../../integrations/channels/channel.ts';
import { portOf } from './twilio/twilio-stand-in.ts';

export class WebhookReceiver {
  readonly received: WebhookRequest[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    /** Plays PUBLIC_URL. */
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        receiver?.keep({
          headers: request.headers,
          body: Object.fromEntries(new URLSearchParams(rawBody).entries()),
          rawBody,
          url: `${receiver.url}${request.url ?? '/'}`,
        });
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end('<Response/>');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${portOf(server.address())}`);
    return receiver;
  }

  /** Resolves once `count` calls have arrived in total. */
  async waitFor(count: number): Promise<WebhookRequest[]> {
    while (this.received.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.received;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private keep(request: WebhookRequest): void {
    this.received.push(request);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
