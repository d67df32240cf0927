// An admin starts two-factor enrolment: a new secret is stored, pending until a code from their app confirms it
// (enableTwoFactor.ts); until then login does not ask for codes. Starting again replaces a pending secret.
import { AppError } from '../../errors.ts';
import type { SecretBox } from '../secrets/secretBox.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { newTotpSecret, totpQrCode, totpUri } from './totp.ts';

export type TwoFactorEnrolment = { secret: string; uri: string; qrCode: string };

export async function setUpTwoFactor(deps: { users: UsersRepository; secrets: SecretBox }, me: { id: string; clinicId: string }): Promise<TwoFactorEnrolment> {
  const row = await deps.users.get(me.clinicId, me.id);
  if (!row) throw AppError.unauthenticated();
  // Replacing a confirmed secret would switch two-factor off without the proof disabling asks for.
  if (row.totpEnabledAt) throw new AppError('totp_enabled', 409, 'Two-factor sign-in is already on; turn it off first');
  const secret = newTotpSecret();
  await deps.users.update(me.clinicId, me.id, { totpSecret: deps.secrets.seal(secret), totpLastStep: null });
  const uri = totpUri(secret, row.email);
  return { secret, uri, qrCode: await totpQrCode(uri) };
}
