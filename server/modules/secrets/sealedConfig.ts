// Secrets inside a JSON config (a channel's auth token, a connector's API key) sealed value by value, so the rest
// of the config stays readable in the database and the code above the repositories sees plain values.
import { isSealed, type SecretBox } from './secretBox.ts';

/**
 * The config to store: each secret key's value sealed with the current key (a value already sealed with it is kept,
 * one sealed with the previous key is sealed again). Values are sealed as JSON, so their type survives.
 */
export function sealConfigSecrets(box: SecretBox, config: Record<string, unknown>, secretKeys: readonly string[]): Record<string, unknown> {
  const sealed: Record<string, unknown> = { ...config };
  for (const key of secretKeys) {
    const value = config[key];
    if (value === undefined || value === null) continue;
    sealed[key] = sealValue(box, value);
  }
  return sealed;
}

/** The config as the code uses it: every sealed value opened (plaintext written by an older version reads as is). */
export function openConfigSecrets(box: SecretBox, config: Record<string, unknown>): Record<string, unknown> {
  if (!Object.values(config).some(isSealed)) return config;
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, isSealed(value) ? (JSON.parse(box.open(value)) as unknown) : value]));
}

function sealValue(box: SecretBox, value: unknown): string {
  if (isSealed(value)) return box.isCurrent(value) ? value : box.seal(box.open(value));
  return box.seal(JSON.stringify(value));
}
