// First start on an empty database: create the clinic and its admin from BOOTSTRAP_*.
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/env.ts';
import type { Repositories } from '../../context.ts';
import { hashPassword } from '../auth/passwords.ts';

export type BootstrapResult = { created: false } | { created: true; clinicId: string; adminEmail: string; generatedPassword: string | null };

export async function bootstrapClinic(repos: Repositories, bootstrap: Config['bootstrap']): Promise<BootstrapResult> {
  if ((await repos.users.countAll()) > 0) return { created: false };
  const generatedPassword = bootstrap.adminPassword ? null : randomBytes(12).toString('base64url');
  const clinic = await repos.clinics.insert({
    name: bootstrap.clinicName,
    timezone: bootstrap.timezone,
    country: bootstrap.country,
    locale: 'es',
  });
  await repos.channels.ensureSimulator(clinic.id);
  await repos.users.insert({
    clinicId: clinic.id,
    email: bootstrap.adminEmail,
    name: 'Admin',
    role: 'admin',
    passwordHash: await hashPassword(bootstrap.adminPassword ?? generatedPassword!),
  });
  return { created: true, clinicId: clinic.id, adminEmail: bootstrap.adminEmail, generatedPassword };
}
