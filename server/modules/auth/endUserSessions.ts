// A user's sessions end when they no longer should be trusted: deactivated, or their password changed. Every
// session goes (so reactivating the account does not revive old cookies), but `keepSessionId` — the session
// that changed its own password — and the announcement closes the sockets they opened, on every instance.
import type { DomainEvents } from '../events.ts';
import type { SessionsRepository } from './sessions.repository.ts';

export async function endUserSessions(deps: { sessions: SessionsRepository; events: DomainEvents }, userId: string, keepSessionId?: string): Promise<void> {
  await deps.sessions.deleteForUser(userId, keepSessionId);
  // Announced even when no row was left: a socket may outlive its session row (expired and pruned).
  deps.events.emit('session:revoked', { userId, ...(keepSessionId ? { keepSessionId } : {}) });
}
