import { AppError } from '../../errors.ts';
import type { SessionsRepository } from './sessions.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { verifyPassword } from './passwords.ts';

// Compared against when the e-mail is unknown, so both failures take the same time.
const DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.BNp5bdqXCAVnd5IBGkrrKhOfVUOm';

export async function login(repos: { users: UsersRepository; sessions: SessionsRepository }, ttlHours: number, email: string, password: string) {
  const row = await repos.users.findByEmail(email);
  const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
  if (!row || !ok || !row.active) throw new AppError('invalid_credentials', 401, 'Wrong e-mail or password');
  const session = await repos.sessions.create(row.id, row.clinicId, ttlHours);
  return { user: { id: row.id, email: row.email, name: row.name, role: row.role, clinicId: row.clinicId }, session };
}
