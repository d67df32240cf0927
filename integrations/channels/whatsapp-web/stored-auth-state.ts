// Baileys' auth state (credentials + signal keys) kept in the server's key-value store instead of files,
// so any instance can resume the session. Values are JSON with Buffers encoded by Baileys' BufferJSON.
import { BufferJSON, WAProto, initAuthCreds } from '@whiskeysockets/baileys';
import type { AuthenticationState, SignalDataSet, SignalDataTypeMap } from '@whiskeysockets/baileys';
import type { ChannelStateStore } from '../channel.ts';

const CREDS_KEY = 'creds';

export interface StoredAuthState {
  state: AuthenticationState;
  /** Call on Baileys' `creds.update`. */
  saveCreds(): Promise<void>;
  /** After a logout: drop the credentials so the next start pairs afresh (old signal keys are then unused). */
  forgetCreds(): Promise<void>;
}

export async function useStoredAuthState(store: ChannelStateStore): Promise<StoredAuthState> {
  const read = async (key: string) => {
    const json = await store.get(key);
    return json === null ? null : JSON.parse(json, BufferJSON.reviver);
  };
  const write = (key: string, value: unknown) => store.set(key, JSON.stringify(value, BufferJSON.replacer));
  const creds = (await read(CREDS_KEY)) ?? initAuthCreds();

  return {
    state: {
      creds,
      keys: {
        get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => {
          const found: { [id: string]: SignalDataTypeMap[T] } = {};
          await Promise.all(
            ids.map(async (id) => {
              let value = await read(signalKey(type, id));
              if (type === 'app-state-sync-key' && value) value = WAProto.Message.AppStateSyncKeyData.fromObject(value);
              if (value !== null) found[id] = value;
            }),
          );
          return found;
        },
        set: async (data: SignalDataSet) => {
          const writes: Promise<void>[] = [];
          for (const [type, entries] of Object.entries(data)) {
            for (const [id, value] of Object.entries(entries ?? {})) {
              const key = signalKey(type, id);
              writes.push(value ? write(key, value) : store.delete(key));
            }
          }
          await Promise.all(writes);
        },
      },
    },
    saveCreds: () => write(CREDS_KEY, creds),
    forgetCreds: () => store.delete(CREDS_KEY),
  };
}

function signalKey(type: string, id: string): string {
  return `${type}:${id}`;
}
