// Media as Twilio serves it: `GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}` on the
// API wants the account's Basic auth and answers 307 to a short-lived signed URL on another host (Twilio's media
// CDN), which, like the storage behind it, refuses a request that still carries an Authorization header.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { answerError } from './twilio-resources.ts';

export const MEDIA_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-zA-Z]+)\/Messages\/((?:SM|MM)[0-9a-zA-Z]+)\/Media\/(ME[0-9a-zA-Z]+)$/;

export interface StandInMedia {
  accountSid: string;
  messageSid: string;
  contentType: string;
  body: string;
}

export interface RecordedMediaRequest {
  host: 'api' | 'cdn';
  path: string;
  authorization: string | undefined;
}

export class TwilioMediaHost {
  readonly media = new Map<string, StandInMedia>();
  readonly requests: RecordedMediaRequest[] = [];
  private readonly signed = new Map<string, string>();

  private constructor(
    private readonly server: Server,
    /** The CDN's origin: another port, so the redirect crosses origins as Twilio's does. */
    readonly cdnUrl: string,
  ) {}

  static async start(): Promise<TwilioMediaHost> {
    let host: TwilioMediaHost | undefined;
    const server = createServer((request, response) => host?.serveCdn(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('media host is not listening on a TCP port');
    host = new TwilioMediaHost(server, `http://127.0.0.1:${address.port}`);
    return host;
  }

  /** Stores a file received with a message; answers the MediaUrl Twilio would post (on api.twilio.com). */
  add(media: StandInMedia): string {
    const sid = `ME${randomBytes(16).toString('hex')}`;
    this.media.set(sid, media);
    return `https://api.twilio.com/2010-04-01/Accounts/${media.accountSid}/Messages/${media.messageSid}/Media/${sid}`;
  }

  /** The API side: `authorized` is the Basic-auth check the stand-in made for the account in the path. */
  serveApi(request: IncomingMessage, response: ServerResponse, match: RegExpExecArray, authorized: boolean): void {
    const [path, accountSid, messageSid, mediaSid] = match;
    this.requests.push({ host: 'api', path, authorization: request.headers.authorization });
    if (request.method !== 'GET') return answerError(response, { status: 405, code: 20004, message: 'Method not allowed' });
    if (!authorized) return answerError(response, { status: 401, code: 20003, message: 'Authenticate' });
    const found = this.media.get(mediaSid ?? '');
    if (!found || found.accountSid !== accountSid || found.messageSid !== messageSid) {
      return answerError(response, { status: 404, code: 20404, message: `The requested resource ${path} was not found` });
    }
    const token = randomBytes(12).toString('hex');
    this.signed.set(token, mediaSid ?? '');
    response.writeHead(307, { location: `${this.cdnUrl}/${accountSid}/${mediaSid}?Expires=14400&Signature=${token}` });
    response.end();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serveCdn(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.cdnUrl);
    this.requests.push({ host: 'cdn', path: url.pathname, authorization: request.headers.authorization });
    const mediaSid = this.signed.get(url.searchParams.get('Signature') ?? '');
    if (request.headers.authorization) return answerXml(response, 400, 'InvalidArgument', 'Only one auth mechanism allowed');
    if (!mediaSid || !url.pathname.endsWith(`/${mediaSid}`)) return answerXml(response, 403, 'AccessDenied', 'Access Denied');
    const found = this.media.get(mediaSid);
    if (!found) return answerXml(response, 404, 'NoSuchKey', 'The specified key does not exist.');
    response.writeHead(200, { 'content-type': found.contentType });
    response.end(found.body);
  }
}

/** The storage behind the CDN answers errors in its XML shape. */
function answerXml(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}
