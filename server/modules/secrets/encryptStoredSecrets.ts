// Start-up pass over the secrets at rest: plaintext an older version wrote is sealed, values sealed with
// SECRETS_KEY_PREVIOUS are sealed again with SECRETS_KEY, and a value sealed with neither key stops the start
// with an error naming SECRETS_KEY. Idempotent; the caller holds an advisory lock so instances take turns.
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { channels, channelState, connectors, users } from '../../db/schema/index.ts';
import { channelSecretKeys } from '../channels/channels.repository.ts';
import { storedText } from '../channels/channelStateStore.ts';
import { connectorSecretKeys } from '../connectors/connectors.repository.ts';
import { sealConfigSecrets } from './sealedConfig.ts';
import { isSealed, type SecretBox } from './secretBox.ts';

const BATCH = 500;

export type SealedCounts = { channels: number; connectors: number; channelState: number; totpSecrets: number };

export async function encryptStoredSecrets(db: Db, box: SecretBox): Promise<SealedCounts> {
  return {
    channels: await sealChannelConfigs(db, box),
    connectors: await sealConnectorConfigs(db, box),
    channelState: await sealChannelState(db, box),
    totpSecrets: await sealTotpSecrets(db, box),
  };
}

async function sealChannelConfigs(db: Db, box: SecretBox): Promise<number> {
  let changed = 0;
  for (const row of await db.select({ id: channels.id, type: channels.type, config: channels.config }).from(channels)) {
    const next = sealConfigSecrets(box, row.config, channelSecretKeys(row.type));
    if (sameJson(next, row.config)) continue;
    // Only if nobody changed the row meanwhile (an older instance still running): the next start gets it otherwise.
    const updated = await db
      .update(channels)
      .set({ config: next })
      .where(and(eq(channels.id, row.id), sql`${channels.config} = ${JSON.stringify(row.config)}::jsonb`))
      .returning({ id: channels.id });
    changed += updated.length;
  }
  return changed;
}

async function sealConnectorConfigs(db: Db, box: SecretBox): Promise<number> {
  let changed = 0;
  for (const row of await db.select({ id: connectors.id, type: connectors.type, config: connectors.config }).from(connectors)) {
    const next = sealConfigSecrets(box, row.config, connectorSecretKeys(row.type));
    if (sameJson(next, row.config)) continue;
    const updated = await db
      .update(connectors)
      .set({ config: next })
      .where(and(eq(connectors.id, row.id), sql`${connectors.config} = ${JSON.stringify(row.config)}::jsonb`))
      .returning({ id: connectors.id });
    changed += updated.length;
  }
  return changed;
}

/** Session keys can be many (one row per signal key): only rows not sealed with the current key are read, in pages. */
async function sealChannelState(db: Db, box: SecretBox): Promise<number> {
  let changed = 0;
  let after: { channelId: string; key: string } | null = null;
  const current = `enc:v1:${box.keyId}:%`;
  for (;;) {
    const rows: Array<{ channelId: string; key: string; value: unknown; raw: string }> = await db
      .select({ channelId: channelState.channelId, key: channelState.key, value: channelState.value, raw: sql<string>`${channelState.value}::text` })
      .from(channelState)
      .where(
        and(
          sql`NOT (jsonb_typeof(${channelState.value}) = 'string' AND ${channelState.value} #>> '{}' LIKE ${current})`,
          after ? sql`(${channelState.channelId}, ${channelState.key}) > (${after.channelId}::uuid, ${after.key})` : undefined,
        ),
      )
      .orderBy(asc(channelState.channelId), asc(channelState.key))
      .limit(BATCH);
    for (const row of rows) {
      const sealed = box.seal(isSealed(row.value) ? box.open(row.value) : storedText(row.value));
      const updated = await db
        .update(channelState)
        .set({ value: sealed })
        .where(and(eq(channelState.channelId, row.channelId), eq(channelState.key, row.key), sql`${channelState.value} = ${row.raw}::jsonb`))
        .returning({ key: channelState.key });
      changed += updated.length;
    }
    if (rows.length < BATCH) return changed;
    const last = rows.at(-1)!;
    after = { channelId: last.channelId, key: last.key };
  }
}

/** Staff two-factor secrets (users.totp_secret): one per enrolled admin, so few rows. */
async function sealTotpSecrets(db: Db, box: SecretBox): Promise<number> {
  let changed = 0;
  for (const row of await db.select({ id: users.id, secret: users.totpSecret }).from(users).where(isNotNull(users.totpSecret))) {
    if (!row.secret || box.isCurrent(row.secret)) continue;
    const sealed = box.seal(isSealed(row.secret) ? box.open(row.secret) : row.secret);
    const updated = await db
      .update(users)
      .set({ totpSecret: sealed })
      .where(and(eq(users.id, row.id), eq(users.totpSecret, row.secret)))
      .returning({ id: users.id });
    changed += updated.length;
  }
  return changed;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
