// Encryption of secrets kept in the database (channel tokens, connector keys, WhatsApp Web session keys):
// AES-256-GCM with a self-describing envelope `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts), so a
// value names the key it was sealed with and keys can rotate: SECRETS_KEY seals, SECRETS_KEY_PREVIOUS still opens.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A 32-byte key that never shows its bytes in logs, JSON or util.inspect. */
export class SecretKey {
  readonly #bytes: Buffer;
  /** A fingerprint of the key (not the key): values name it, so the right key can be told apart from a wrong one. */
  readonly id: string;

  constructor(bytes: Buffer) {
    if (bytes.length !== KEY_BYTES) throw new Error(`a secrets key has ${KEY_BYTES} bytes, not ${bytes.length}`);
    this.#bytes = Buffer.from(bytes);
    this.id = createHmac('sha256', this.#bytes).update('clinic-inbox secrets key id').digest('hex').slice(0, 12);
  }

  /** `openssl rand -base64 32`; null when the text is not 32 bytes in base64. */
  static fromBase64(text: string): SecretKey | null {
    const trimmed = text.trim();
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;
    const bytes = Buffer.from(trimmed, 'base64');
    return bytes.length === KEY_BYTES ? new SecretKey(bytes) : null;
  }

  static generate(): SecretKey {
    return new SecretKey(randomBytes(KEY_BYTES));
  }

  toBase64(): string {
    return this.#bytes.toString('base64');
  }

  /** For this module's cipher calls only. */
  bytes(): Buffer {
    return this.#bytes;
  }

  toJSON(): string {
    return `[secrets key ${this.id}]`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toJSON();
  }
}

/** A stored secret that cannot be opened: sealed with a key we don't have, or altered. Names the variable to fix. */
export class SecretsKeyError extends Error {
  override name = 'SecretsKeyError';
}

export type SecretBox = {
  /** The current key's id (SECRETS_KEY, or the generated key file's). */
  readonly keyId: string;
  seal(plaintext: string): string;
  /** The plaintext of an envelope; throws SecretsKeyError for an unknown key or a tampered value. */
  open(envelope: string): string;
  /** Whether a stored value is sealed with the current key (false for plaintext and for the previous key's values). */
  isCurrent(value: string): boolean;
};

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** Seals with `current`; opens what `current` or `previous` sealed. */
export function createSecretBox(current: SecretKey, previous?: SecretKey): SecretBox {
  const keys = new Map([[current.id, current], ...(previous ? [[previous.id, previous] as const] : [])]);
  return {
    keyId: current.id,
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const header = `${PREFIX}${current.id}`;
      const cipher = createCipheriv('aes-256-gcm', current.bytes(), iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(header));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [header, b64(iv), b64(cipher.getAuthTag()), b64(data)].join(':');
    },
    open(envelope) {
      const parts = parseEnvelope(envelope);
      const key = keys.get(parts.keyId);
      if (!key) {
        throw new SecretsKeyError(
          `a stored secret was encrypted with key ${parts.keyId}, which is neither SECRETS_KEY (${current.id})${previous ? ` nor SECRETS_KEY_PREVIOUS (${previous.id})` : ' nor SECRETS_KEY_PREVIOUS (unset)'}: set SECRETS_KEY to the key it was written with, or keep that key as SECRETS_KEY_PREVIOUS while rotating`,
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.bytes(), parts.iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(`${PREFIX}${parts.keyId}`));
        decipher.setAuthTag(parts.tag);
        return Buffer.concat([decipher.update(parts.data), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretsKeyError(`a stored secret sealed with key ${parts.keyId} (SECRETS_KEY${key === current ? '' : '_PREVIOUS'}) failed its integrity check: it was altered or corrupted`);
      }
    },
    isCurrent(value) {
      return value.startsWith(`${PREFIX}${current.id}:`);
    },
  };
}

function parseEnvelope(envelope: string): { keyId: string; iv: Buffer; tag: Buffer; data: Buffer } {
  const parts = envelope.startsWith(PREFIX) ? envelope.slice(PREFIX.length).split(':') : [];
  const [keyId, iv, tag, data] = parts;
  const valid = parts.length === 4 && /^[0-9a-f]{12}$/.test(keyId ?? '') && [iv, tag, data].every((part) => part !== undefined && /^[A-Za-z0-9_-]*$/.test(part));
  const decoded = valid ? { keyId: keyId!, iv: Buffer.from(iv!, 'base64url'), tag: Buffer.from(tag!, 'base64url'), data: Buffer.from(data!, 'base64url') } : null;
  if (!decoded || decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) {
    throw new SecretsKeyError('a stored secret is not a valid enc:v1 envelope: it was altered or corrupted');
  }
  return decoded;
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
