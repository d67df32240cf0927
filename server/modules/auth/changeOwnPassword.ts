// A staff member changes their own password: the current one proves it is them (a borrowed, unlocked session is
// not enough), and every other session of theirs ends, with its sockets; the one that made the change stays.
import { AppError } from '../../errors.ts';
import type { DomainEvents } from '../events.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { endUserSessions } from './endUserSessions.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { SessionsRepository } from './sessions.repository.ts';

export async function changeOwnPassword(
  deps: { users: UsersRepository; sessions: SessionsRepository; events: DomainEvents },
  me: { id: string; clinicId: string; sessionId: string },
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const row = await deps.users.get(me.clinicId, me.id);
  if (!row || !(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw AppError.validation('currentPassword', 'currentPassword: not your current password');
  }
  await deps.users.update(me.clinicId, me.id, { passwordHash: await hashPassword(input.newPassword) });
  await endUserSessions(deps, me.id, me.sessionId);
}
