// TOTP codes for staff two-factor (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, what every authenticator app
// makes), through otpauth. A code is accepted once: the step it was made for must come after the last one accepted
// for that user (RFC 6238 §5.2), which the users table records atomically (claimStep), so two logins racing with
// one overheard code cannot both pass. The secret is kept sealed with SECRETS_KEY, like channel tokens.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { AppError } from '../../errors.ts';
import { isSealed, type SecretBox } from '../secrets/secretBox.ts';

const ISSUER = 'Clinic Inbox';
const PERIOD = 30;
/** One step either side: a phone clock a little off, or a code typed just as it changed. */
const WINDOW = 1;

export type TotpUser = { id: string; totpSecret: string | null };
/** Records `step` as the user's last accepted one if it is later than theirs; false when it is not (a replay). */
export type ClaimTotpStep = (userId: string, step: number) => Promise<boolean>;

/** Whether `code` is a fresh code of the user's (sealed) secret: valid near `now` and never accepted before. */
export async function acceptTotpCode(deps: { secrets: SecretBox; claimStep: ClaimTotpStep }, user: TotpUser, code: string, now = Date.now()): Promise<boolean> {
  if (!user.totpSecret) return false;
  // A secret stored before sealing existed reads as it is.
  const secret = isSealed(user.totpSecret) ? deps.secrets.open(user.totpSecret) : user.totpSecret;
  const step = totpStep(secret, code, now);
  return step !== null && (await deps.claimStep(user.id, step));
}

/** A code refused to a signed-in user (enabling, disabling): a 400 naming the field, not a 401 that reads as logged out. */
export function totpInvalid(): AppError {
  return new AppError('totp_invalid', 400, 'code: not a current code of your authenticator app, or one already used', 'code');
}

/** A new random secret (160 bits, the RFC's recommended length), in base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans or imports. */
export function totpUri(secret: string, account: string): string {
  return totpOf(secret, account).toString();
}

/** The same URI as a QR code, an SVG in a data: URL (the inbox's CSP allows data: images). */
export async function totpQrCode(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The time step `code` was made for, or null when it is not a code of this secret near `now`. */
function totpStep(secret: string, code: string, now: number): number | null {
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: WINDOW });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}

function totpOf(secret: string, account = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label: account, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}
