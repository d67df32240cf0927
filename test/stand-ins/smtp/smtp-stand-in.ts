// A local SMTP server (smtp-server) that keeps every mail parsed (mailparser), for email channel tests.
// It can require a login, reject a recipient with a 5xx, or fail the next mails with a 4xx.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { portOf } from '../twilio/twilio-stand-in.ts';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  user: string | undefined;
  parsed: ParsedMail;
}

export class SmtpStandIn {
  readonly mails: ReceivedMail[] = [];
  readonly host = '127.0.0.1';
  private readonly rejected = new Map<string, { code: number; message: string }>();
  private failures: { code: number; message: string }[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  /** `users`: username → password; without it no login is asked. */
  static async start(users?: Record<string, string>): Promise<SmtpStandIn> {
    let standIn: SmtpStandIn | undefined;
    const server = new SMTPServer({
      secure: false,
      disabledCommands: users ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !users,
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (users && auth.username !== undefined && users[auth.username] === auth.password) return callback(null, { user: auth.username });
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onMailFrom(_address, _session, callback) {
        const failure = standIn?.failures.shift();
        if (failure) return callback(Object.assign(new Error(failure.message), { responseCode: failure.code }));
        callback();
      },
      onRcptTo(address, _session, callback) {
        const rejection = standIn?.rejected.get(address.address.toLowerCase());
        if (rejection) return callback(Object.assign(new Error(rejection.message), { responseCode: rejection.code }));
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            standIn?.mails.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
              user: typeof session.user === 'string' ? session.user : undefined,
              parsed,
            });
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    standIn = new SmtpStandIn(server, portOf(server.server.address()));
    return standIn;
  }

  /** Mail to `address` is refused (default 550: mailbox unavailable). */
  rejectRecipient(address: string, code = 550, message = 'Mailbox unavailable'): void {
    this.rejected.set(address.toLowerCase(), { code, message });
  }

  /** The next `count` mails are refused with a temporary error (default 451). */
  failNext(count: number, code = 451, message = 'Try again later'): void {
    for (let index = 0; index < count; index++) this.failures.push({ code, message });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
