import { AppError } from '../../errors.ts';
import type { SessionsRepository } from './sessions.repository.ts';
import type { SecretBox } from '../secrets/secretBox.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { verifyPassword } from './passwords.ts';
import { acceptTotpCode } from './totp.ts';

// Compared against when the e-mail is unknown, so both failures take the same time.
const DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.BNp5bdqXCAVnd5IBGkrrKhOfVUOm';

/**
 * A staff member signs in with e-mail and password, and with a current code of their app when they turned
 * two-factor on: without one the answer is 401 `totp_required` (the UI then asks for it), with a wrong or reused
 * one 401 `totp_invalid`. Either way no session is made. Codes are only checked once the password is right.
 */
export async function login(repos: { users: UsersRepository; sessions: SessionsRepository; secrets: SecretBox }, ttlHours: number, email: string, password: string, code?: string) {
  const row = await repos.users.findByEmail(email);
  const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
  if (!row || !ok || !row.active) throw new AppError('invalid_credentials', 401, 'Wrong e-mail or password');
  if (row.totpEnabledAt) {
    if (code === undefined) throw new AppError('totp_required', 401, 'Enter the code of your authenticator app', 'code');
    if (!(await acceptTotpCode({ secrets: repos.secrets, claimStep: repos.users.claimTotpStep }, row, code))) throw new AppError('totp_invalid', 401, 'Wrong or already used authenticator code', 'code');
  }
  const session = await repos.sessions.create(row.id, row.clinicId, ttlHours);
  return { user: { id: row.id, email: row.email, name: row.name, role: row.role, clinicId: row.clinicId }, session };
}
