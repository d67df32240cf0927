// An admin confirms enrolment with a code from their app: from then on login asks for a code. Every other session
// of theirs ends (one opened before could be someone else's), and the change goes into the access audit.
import { AppError } from '../../errors.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { DomainEvents } from '../events.ts';
import type { SecretBox } from '../secrets/secretBox.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { endUserSessions } from './endUserSessions.ts';
import type { SessionsRepository } from './sessions.repository.ts';
import { acceptTotpCode, totpInvalid } from './totp.ts';

export async function enableTwoFactor(
  deps: { users: UsersRepository; sessions: SessionsRepository; events: DomainEvents; audit: AuditRepository; secrets: SecretBox },
  me: { id: string; clinicId: string; sessionId: string },
  code: string,
  now = new Date(),
): Promise<void> {
  const row = await deps.users.get(me.clinicId, me.id);
  if (!row) throw AppError.unauthenticated();
  if (row.totpEnabledAt) throw new AppError('totp_enabled', 409, 'Two-factor sign-in is already on');
  if (!row.totpSecret) throw new AppError('totp_not_set_up', 409, 'Start with POST /api/auth/totp/setup');
  if (!(await acceptTotpCode({ secrets: deps.secrets, claimStep: deps.users.claimTotpStep }, row, code, now.getTime()))) throw totpInvalid();
  await deps.users.update(me.clinicId, me.id, { totpEnabledAt: now });
  await endUserSessions(deps, me.id, me.sessionId);
  await deps.audit.record({ clinicId: me.clinicId, actorUserId: me.id, action: 'update', subjectType: 'user', subjectId: me.id, detail: { twoFactor: 'enabled' } });
}
