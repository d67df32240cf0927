// Which staff are online in this instance (connected sockets), for automatic assignment.
import { EventEmitter } from 'node:events';

export type PresenceEvents = { change: [{ clinicId: string; userId: string; online: boolean }] };

export class Presence extends EventEmitter<PresenceEvents> {
  private readonly sockets = new Map<string, { clinicId: string; count: number }>();

  connected(clinicId: string, userId: string): void {
    const entry = this.sockets.get(userId) ?? { clinicId, count: 0 };
    entry.count++;
    this.sockets.set(userId, entry);
    if (entry.count === 1) this.emit('change', { clinicId, userId, online: true });
  }

  disconnected(clinicId: string, userId: string): void {
    const entry = this.sockets.get(userId);
    if (!entry) return;
    entry.count--;
    if (entry.count > 0) return;
    this.sockets.delete(userId);
    this.emit('change', { clinicId, userId, online: false });
  }

  isOnline(userId: string): boolean {
    return this.sockets.has(userId);
  }

  online(clinicId: string): string[] {
    return [...this.sockets.entries()].filter(([, entry]) => entry.clinicId === clinicId).map(([userId]) => userId);
  }
}
