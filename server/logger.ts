// pino with redaction as a second line of defence: patient data must never reach info-level logs.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const REDACTED_KEYS = ['text', 'body', 'phone', 'phones', 'from', 'to', 'email', 'firstName', 'lastName', 'password', 'authToken', 'cookie'];

export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: {
      paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`), 'req.headers.cookie', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
