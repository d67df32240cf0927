import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from './memory-state-store.ts';
import { useStoredAuthState } from './stored-auth-state.ts';

describe('Baileys auth state in a key-value store', () => {
  it('when credentials are saved and loaded again, then keys and Buffers survive the round trip', async () => {
    const store = new MemoryStateStore();
    const first = await useStoredAuthState(store);
    first.state.creds.me = { id: '34911222333:4@s.whatsapp.net', name: 'Clínica Sol' };
    await first.saveCreds();

    const second = await useStoredAuthState(store);

    expect(second.state.creds.me?.id).toBe('34911222333:4@s.whatsapp.net');
    expect(Buffer.isBuffer(second.state.creds.noiseKey.private)).toBe(true);
    expect(Buffer.from(second.state.creds.noiseKey.private).equals(Buffer.from(first.state.creds.noiseKey.private))).toBe(true);
    expect(second.state.creds.registrationId).toBe(first.state.creds.registrationId);
  });

  it('when signal keys are set, then they are read back by type and id, and null deletes them', async () => {
    const store = new MemoryStateStore();
    const { state } = await useStoredAuthState(store);
    const session = new Uint8Array([1, 2, 3, 4]);

    await state.keys.set({ session: { '34600111222.0': session }, 'app-state-sync-key': { AAA: { keyData: new Uint8Array([9, 9]), timestamp: 1767258000 } } });
    const sessions = await state.keys.get('session', ['34600111222.0', 'missing']);
    const syncKeys = await state.keys.get('app-state-sync-key', ['AAA']);

    expect(Buffer.from(sessions['34600111222.0'] ?? []).equals(Buffer.from(session))).toBe(true);
    expect(sessions.missing).toBeUndefined();
    expect(Buffer.from(syncKeys.AAA?.keyData ?? []).equals(Buffer.from([9, 9]))).toBe(true);

    await state.keys.set({ session: { '34600111222.0': null } });
    expect(await state.keys.get('session', ['34600111222.0'])).toEqual({});
    expect([...store.entries.keys()]).toEqual(['app-state-sync-key:AAA']);
  });

  it('when the session is logged out, then forgetting credentials makes the next start pair afresh', async () => {
    const store = new MemoryStateStore();
    const first = await useStoredAuthState(store);
    await first.saveCreds();
    await first.forgetCreds();

    const second = await useStoredAuthState(store);

    expect(Buffer.from(second.state.creds.noiseKey.private).equals(Buffer.from(first.state.creds.noiseKey.private))).toBe(false);
  });
});
