import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.ts';
import { sealConfigSecrets, openConfigSecrets } from './sealedConfig.ts';
import { createSecretBox, isSealed, SecretKey, SecretsKeyError } from './secretBox.ts';

const key = SecretKey.generate();
const other = SecretKey.generate();

describe('secret envelope', () => {
  it('when a secret is sealed, then the envelope names version and key, hides the text, and opens to it', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('twilio-token-ñ');
    expect(sealed).toMatch(new RegExp(`^enc:v1:${key.id}:[\\w-]{16}:[\\w-]{22}:[\\w-]+$`));
    expect(sealed).not.toContain('twilio-token');
    expect(box.open(sealed)).toBe('twilio-token-ñ');
    expect(box.seal('twilio-token-ñ')).not.toBe(sealed);
    expect(isSealed(sealed) && box.isCurrent(sealed)).toBe(true);
  });

  it('when any part of an envelope is altered, then opening it fails instead of answering garbage', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('a secret worth keeping');
    const parts = sealed.split(':');
    const flip = (text: string) => (text[0] === 'A' ? 'B' : 'A') + text.slice(1);
    for (const index of [3, 4, 5]) {
      const tampered = parts.map((part, i) => (i === index ? flip(part) : part)).join(':');
      expect(() => box.open(tampered)).toThrow(SecretsKeyError);
    }
    expect(() => box.open(parts.slice(0, 5).join(':'))).toThrow(/not a valid enc:v1 envelope/);
    expect(() => box.open(`${sealed}x`)).toThrow(/altered or corrupted/);
  });

  it('when a value was sealed with another key, then the error names SECRETS_KEY and both key ids', () => {
    const sealed = createSecretBox(other).seal('x');
    const error = (() => {
      try {
        createSecretBox(key).open(sealed);
      } catch (caught) {
        return caught as Error;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SecretsKeyError);
    expect(error!.message).toContain(`key ${other.id}`);
    expect(error!.message).toContain(`SECRETS_KEY (${key.id})`);
    expect(error!.message).toContain('SECRETS_KEY_PREVIOUS');
  });

  it('when rotating, then the previous key still opens and sealing uses the new one', () => {
    const old = createSecretBox(other).seal('old value');
    const rotated = createSecretBox(key, other);
    expect(rotated.open(old)).toBe('old value');
    expect(rotated.isCurrent(old)).toBe(false);
    expect(rotated.isCurrent(rotated.seal('new'))).toBe(true);
  });

  it('when a key is logged or serialised, then its bytes do not show', () => {
    expect(JSON.stringify({ key })).not.toContain(key.toBase64());
    expect(inspect(key)).not.toContain(key.toBase64());
  });
});

describe('sealed configs', () => {
  it('when a config is sealed, then only its secret keys are, and opening gives back the same config', () => {
    const box = createSecretBox(key);
    const config = { accountSid: 'AC1', authToken: 'tok', ratePerSecond: 2 };
    const sealed = sealConfigSecrets(box, config, ['authToken', 'password']);
    expect(sealed).toMatchObject({ accountSid: 'AC1', ratePerSecond: 2 });
    expect(isSealed(sealed.authToken)).toBe(true);
    expect(sealed).not.toHaveProperty('password');
    expect(openConfigSecrets(box, sealed)).toEqual(config);
    expect(sealConfigSecrets(box, sealed, ['authToken'])).toEqual(sealed);
    expect(openConfigSecrets(box, config)).toEqual(config);
  });
});

describe('SECRETS_KEY configuration', () => {
  it('when the key is not 32 bytes in base64, then loading fails naming the variable without echoing it', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(() => loadConfig({ SECRETS_KEY: short })).toThrow(/SECRETS_KEY: must be 32 random bytes in base64/);
    expect(() => loadConfig({ SECRETS_KEY_PREVIOUS: 'not base64!' })).toThrow(/SECRETS_KEY_PREVIOUS: must be 32 random bytes/);
    try {
      loadConfig({ SECRETS_KEY: short });
    } catch (error) {
      expect(String(error)).not.toContain(short);
    }
  });

  it('when production runs on DATABASE_URL without a key, then it refuses to start; elsewhere a key is optional', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y' })).toThrow(/SECRETS_KEY: required with DATABASE_URL in production/);
    expect(loadConfig({ NODE_ENV: 'production' }).secrets.key).toBeUndefined();
    const configured = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y', SECRETS_KEY: key.toBase64(), SECRETS_KEY_PREVIOUS: other.toBase64() });
    expect(configured.secrets.key?.id).toBe(key.id);
    expect(configured.secrets.previousKey?.id).toBe(other.id);
  });
});
