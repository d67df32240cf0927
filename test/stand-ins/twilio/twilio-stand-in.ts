// A local stand-in of Twilio's REST API (the Messages resource and the Content API's templates), so every Twilio
// test runs offline.
// Point a channel's `apiBaseUrl` at `standIn.url`. It checks Basic auth, answers with Twilio's JSON and error
// shapes, fails on demand, records what it got, posts signed status callbacks back, and serves received media
// (`addMedia`) behind Basic auth with Twilio's redirect to its media host.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postAsTwilio } from './sign-twilio-request.ts';
import { MEDIA_PATH, TwilioMediaHost, type StandInMedia } from './twilio-media-host.ts';
import { answerError, answerJson, approvalResource, contentListPage, messageListPage, messageResource, type StandInContent, type TwilioFailure } from './twilio-resources.ts';

export interface RecordedTwilioRequest {
  method: string;
  path: string;
  accountSid: string | undefined;
  authorized: boolean;
  params: Record<string, string>;
  /** Repeated form fields (MediaUrl) in order. */
  mediaUrls: string[];
}

export interface StandInMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  body: string;
  statusCallback: string | undefined;
  status: string;
  messagingServiceSid: string | undefined;
  dateCreated: Date;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-zA-Z]+)\/Messages\.json$/;
/** The Content API lives on content.twilio.com; the channel's apiBaseUrl rebases it here too. */
const CONTENT_PATH = /^\/v1\/Content(?:\/(HX[0-9a-zA-Z]+)\/ApprovalRequests)?$/;

export class TwilioStandIn {
  readonly requests: RecordedTwilioRequest[] = [];
  readonly messages = new Map<string, StandInMessage>();
  readonly contents = new Map<string, StandInContent>();
  private failures: TwilioFailure[] = [];
  private contentFailuresLeft = 0;
  private readonly failuresByRecipient = new Map<string, TwilioFailure>();
  private hangsLeft = 0;
  private listFailuresLeft = 0;
  private readonly acceptedThenLost: Array<'hang' | 'reset'> = [];
  private autoStatuses: string[] = [];
  /** Status callbacks that could not be delivered (auto mode), for assertions. */
  readonly callbackErrors: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly accounts: Record<string, string>,
    /** Media received with inbound messages, and every request made for it (API and CDN). */
    readonly media: TwilioMediaHost,
  ) {}

  /** `accounts`: account SID → auth token. Listens on a free port. */
  static async start(accounts: Record<string, string>): Promise<TwilioStandIn> {
    let standIn: TwilioStandIn | undefined;
    const server = createServer((request, response) => {
      void standIn?.handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    standIn = new TwilioStandIn(server, `http://127.0.0.1:${portOf(server.address())}`, accounts, await TwilioMediaHost.start());
    return standIn;
  }

  /** A file a patient sent with message `messageSid`; answers its `MediaUrl` as Twilio posts it (on api.twilio.com). */
  addMedia(media: StandInMedia): string {
    return this.media.add(media);
  }

  /** Adds a content template (default: approved by WhatsApp as UTILITY) and returns its SID. */
  addContentTemplate(accountSid: string, template: Partial<Omit<StandInContent, 'accountSid'>> & { friendlyName: string; body: string }): string {
    const sid = template.sid ?? `HX${randomBytes(16).toString('hex')}`;
    this.contents.set(sid, { language: 'es', variables: {}, approval: { status: 'approved', category: 'UTILITY' }, dateCreated: new Date(), ...template, sid, accountSid });
    return sid;
  }

  /** The next `count` Content API requests answer 503 (Twilio unreachable for templates). */
  failContentNext(count: number): void {
    this.contentFailuresLeft += count;
  }

  /** The next `count` requests fail with this answer (default: 500, Twilio's internal error). */
  failNext(count: number, failure: Partial<TwilioFailure> = {}): void {
    const answer = { status: 500, code: 20500, message: 'Internal Server Error', ...failure };
    for (let index = 0; index < count; index++) this.failures.push(answer);
  }

  /** Every message to `to` fails (default: 21610, the recipient replied STOP). */
  failFor(to: string, failure: Partial<TwilioFailure> = {}): void {
    this.failuresByRecipient.set(to, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient', ...failure });
  }

  /**
   * The next `count` messages are created (they go to the patient and show in the Messages list) but their
   * answer is lost: `hang` never answers (the client times out), `reset` drops the connection.
   */
  acceptThenLose(count: number, how: 'hang' | 'reset' = 'hang'): void {
    for (let index = 0; index < count; index++) this.acceptedThenLost.push(how);
  }

  /** The next `count` Messages list requests (GET) answer 503. */
  failListNext(count: number): void {
    this.listFailuresLeft += count;
  }

  /** Messages created for `to`, in order (what the patient's phone received). */
  messagesTo(to: string): StandInMessage[] {
    return [...this.messages.values()].filter((message) => message.to === to);
  }

  /** After each accepted message, post these statuses to its StatusCallback in order (e.g. ['sent', 'delivered']). */
  autoStatusCallbacks(statuses: string[]): void {
    this.autoStatuses = statuses;
  }

  /** The next `count` requests never get an answer and create nothing (to test client timeouts). */
  hangNext(count: number): void {
    this.hangsLeft += count;
  }

  /** Posts a status callback for a message, signed like Twilio, to the StatusCallback it was sent with. */
  async sendStatusCallback(sid: string, status: string, extra: Record<string, string> = {}): Promise<Response> {
    const message = this.messages.get(sid);
    if (!message?.statusCallback) throw new Error(`no status callback recorded for ${sid}`);
    message.status = status;
    const params: Record<string, string> = {
      AccountSid: message.accountSid,
      ApiVersion: '2010-04-01',
      From: message.from ?? '',
      MessageSid: sid,
      MessageStatus: status,
      SmsSid: sid,
      SmsStatus: status,
      To: message.to,
      ...extra,
    };
    return postAsTwilio(message.statusCallback, this.accounts[message.accountSid] ?? '', params);
  }

  async close(): Promise<void> {
    await this.media.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', this.url).pathname;
    const form = new URLSearchParams(await readBody(request));
    const content = CONTENT_PATH.exec(path);
    if (content) return this.handleContent(request, response, path, content[1]);
    const media = MEDIA_PATH.exec(path);
    if (media) return this.media.serveApi(request, response, media, basicAuthMatches(request.headers.authorization, media[1] ?? '', this.accounts[media[1] ?? '']));
    const accountSid = MESSAGES_PATH.exec(path)?.[1];
    const authorized = accountSid !== undefined && basicAuthMatches(request.headers.authorization, accountSid, this.accounts[accountSid]);
    const params = Object.fromEntries(form.entries());
    this.requests.push({ method: request.method ?? '', path, accountSid, authorized, params, mediaUrls: form.getAll('MediaUrl') });

    if (this.hangsLeft > 0) {
      this.hangsLeft--;
      return;
    }
    if (!accountSid || (request.method !== 'POST' && request.method !== 'GET')) {
      return answerError(response, { status: 404, code: 20404, message: 'The requested resource was not found' });
    }
    if (!authorized) return answerError(response, { status: 401, code: 20003, message: 'Authenticate' });
    if (request.method === 'GET' && this.listFailuresLeft > 0) {
      this.listFailuresLeft--;
      return answerError(response, { status: 503, code: 20503, message: 'Service Unavailable' });
    }
    if (request.method === 'GET') return answerJson(response, 200, this.listMessages(accountSid, new URL(request.url ?? '/', this.url).searchParams));
    const failure = this.failures.shift() ?? this.failuresByRecipient.get(params.To ?? '');
    if (failure) return answerError(response, failure);
    if (!params.To) return answerError(response, { status: 400, code: 21604, message: "A 'To' phone number is required." });
    if (!params.From && !params.MessagingServiceSid) return answerError(response, { status: 400, code: 21603, message: "A 'From' phone number is required." });
    if (!params.Body && !params.ContentSid && form.getAll('MediaUrl').length === 0) {
      return answerError(response, { status: 400, code: 21602, message: 'Message body is required.' });
    }
    const message: StandInMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      accountSid,
      to: params.To,
      from: params.From ?? null,
      body: params.Body ?? '',
      statusCallback: params.StatusCallback,
      status: params.From ? 'queued' : 'accepted',
      messagingServiceSid: params.MessagingServiceSid,
      dateCreated: new Date(),
    };
    this.messages.set(message.sid, message);
    const lost = this.acceptedThenLost.shift();
    if (lost === 'hang') return;
    if (lost === 'reset') return void request.socket.destroy();
    answerJson(response, 201, messageResource(message));
    if (message.statusCallback && this.autoStatuses.length > 0) void this.postStatuses(message.sid, this.autoStatuses);
  }

  /** Content API: Basic auth with any known account; lists that account's templates or one's approval. */
  private handleContent(request: IncomingMessage, response: ServerResponse, path: string, sid: string | undefined): void {
    const accountSid = Object.keys(this.accounts).find((account) => basicAuthMatches(request.headers.authorization, account, this.accounts[account]));
    this.requests.push({ method: request.method ?? '', path, accountSid, authorized: accountSid !== undefined, params: {}, mediaUrls: [] });
    if (request.method !== 'GET') return answerError(response, { status: 405, code: 20004, message: 'Method not allowed' });
    if (this.contentFailuresLeft > 0) {
      this.contentFailuresLeft--;
      return answerError(response, { status: 503, code: 20503, message: 'Service Unavailable' });
    }
    if (!accountSid) return answerError(response, { status: 401, code: 20003, message: 'Authenticate' });
    if (!sid) {
      const pageSize = Number(new URL(request.url ?? '/', this.url).searchParams.get('PageSize') ?? '50');
      return answerJson(response, 200, contentListPage([...this.contents.values()].filter((c) => c.accountSid === accountSid).slice(0, pageSize), pageSize));
    }
    const found = this.contents.get(sid);
    if (!found || found.accountSid !== accountSid || !found.approval) return answerError(response, { status: 404, code: 20404, message: 'The requested resource was not found' });
    return answerJson(response, 200, approvalResource({ ...found, approval: found.approval }));
  }

  private async postStatuses(sid: string, statuses: readonly string[]): Promise<void> {
    for (const status of statuses) {
      try {
        const answer = await this.sendStatusCallback(sid, status);
        if (!answer.ok) this.callbackErrors.push(`${sid} ${status}: HTTP ${answer.status}`);
      } catch (error) {
        this.callbackErrors.push(`${sid} ${status}: ${String(error)}`);
      }
    }
  }

  /** GET Messages.json: newest first, filtered by To and From like Twilio's list. */
  private listMessages(accountSid: string, query: URLSearchParams): Record<string, unknown> {
    const to = query.get('To');
    const from = query.get('From');
    const pageSize = Number(query.get('PageSize') ?? '50');
    const found = [...this.messages.values()]
      .filter((message) => message.accountSid === accountSid && (!to || message.to === to) && (!from || message.from === from))
      .reverse()
      .slice(0, pageSize);
    return messageListPage(accountSid, found, pageSize);
  }
}

export function portOf(address: AddressInfo | string | null): number {
  if (address === null || typeof address === 'string') throw new Error('server is not listening on a TCP port');
  return address.port;
}

function basicAuthMatches(header: string | undefined, accountSid: string, authToken: string | undefined): boolean {
  if (!header?.startsWith('Basic ') || authToken === undefined) return false;
  return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${accountSid}:${authToken}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
