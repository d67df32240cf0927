// A staff member turns their two-factor off, proving it is them twice over: their password and a current code
// (a borrowed, unlocked session is not enough). The secret is forgotten; the change goes into the access audit.
import { AppError } from '../../errors.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { SecretBox } from '../secrets/secretBox.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { verifyPassword } from './passwords.ts';
import { acceptTotpCode, totpInvalid } from './totp.ts';

export async function disableTwoFactor(
  deps: { users: UsersRepository; audit: AuditRepository; secrets: SecretBox },
  me: { id: string; clinicId: string },
  input: { password: string; code: string },
  now = new Date(),
): Promise<void> {
  const row = await deps.users.get(me.clinicId, me.id);
  if (!row) throw AppError.unauthenticated();
  if (!row.totpEnabledAt) throw new AppError('totp_not_enabled', 409, 'Two-factor sign-in is not on');
  if (!(await verifyPassword(input.password, row.passwordHash))) throw AppError.validation('password', 'password: not your current password');
  if (!(await acceptTotpCode({ secrets: deps.secrets, claimStep: deps.users.claimTotpStep }, row, input.code, now.getTime()))) throw totpInvalid();
  await deps.users.update(me.clinicId, me.id, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
  await deps.audit.record({ clinicId: me.clinicId, actorUserId: me.id, action: 'update', subjectType: 'user', subjectId: me.id, detail: { twoFactor: 'disabled' } });
}
