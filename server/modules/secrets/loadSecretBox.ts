// Which key seals the secrets in the database: SECRETS_KEY when set; otherwise a key generated once and kept in
// DATA_DIR (mode 0600) so `npm start` needs no setup, or a throwaway key for an in-memory database (tests).
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, type Config } from '../../config/env.ts';
import type { Logger } from '../../logger.ts';
import { createSecretBox, SecretKey, type SecretBox } from './secretBox.ts';

export const KEY_FILE_NAME = 'secrets.key';

export type SecretKeyPlace = {
  /** Where a generated key is kept; null: the database lives in memory and so may the key. */
  dataDir: string | null;
  databaseKind: 'embedded' | 'postgres';
};

export function loadSecretBox(keys: Config['secrets'], place: SecretKeyPlace, logger: Logger): SecretBox {
  if (keys.key) return createSecretBox(keys.key, keys.previousKey);
  if (place.dataDir === null) return createSecretBox(SecretKey.generate(), keys.previousKey);
  const path = resolve(place.dataDir, KEY_FILE_NAME);
  const key = readOrCreateKeyFile(path);
  if (place.databaseKind === 'postgres') {
    // Loud: every instance on this database needs this very key, and a copy of the database alone is then unreadable.
    logger.warn({ keyFile: path, keyId: key.id }, 'SECRETS_KEY is not set: secrets in the database are sealed with the key in this file; set SECRETS_KEY (the same on every instance) before going to production');
  }
  return createSecretBox(key, keys.previousKey);
}

/** The key file, created at most once even when two processes start together (written aside, then linked). */
function readOrCreateKeyFile(path: string): SecretKey {
  try {
    return parseKeyFile(path, readFileSync(path, 'utf8'));
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  mkdirSync(resolve(path, '..'), { recursive: true });
  const generated = SecretKey.generate();
  const aside = join(resolve(path, '..'), `.${KEY_FILE_NAME}.${randomBytes(6).toString('hex')}`);
  writeFileSync(aside, `${generated.toBase64()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, path);
    return generated;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    return parseKeyFile(path, readFileSync(path, 'utf8'));
  } finally {
    unlinkSync(aside);
  }
}

function parseKeyFile(path: string, text: string): SecretKey {
  const key = SecretKey.fromBase64(text);
  if (!key) throw new ConfigError(`Invalid configuration:\n  SECRETS_KEY: unset, and the key file ${path} does not hold 32 bytes in base64; restore it from a backup or set SECRETS_KEY`);
  return key;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
