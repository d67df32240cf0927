// An in-memory ChannelStateStore for tests and local experiments; the server backs it with PostgreSQL.
import type { ChannelStateStore } from '../channel.ts';

export class MemoryStateStore implements ChannelStateStore {
  readonly entries = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.entries.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.entries.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
