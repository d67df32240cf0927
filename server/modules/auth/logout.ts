// Logging out ends the session the cookie names, and announces it so its open sockets close too.
import type { DomainEvents } from '../events.ts';
import type { SessionsRepository } from './sessions.repository.ts';

export async function logout(deps: { sessions: SessionsRepository; events: DomainEvents }, token: string): Promise<void> {
  const ended = await deps.sessions.delete(token);
  if (ended) deps.events.emit('session:revoked', ended);
}
