import { AppError } from '../../errors.ts';
import { toE164 } from './phones.ts';

/** E.164 for every number, de-duplicated in order; a number that cannot be read is a 400 naming its index. */
export function normalisePhones(phones: string[], country: string): string[] {
  const normalised = phones.map((phone, index) => {
    const e164 = toE164(phone, country);
    if (!e164) throw AppError.validation(`phones[${index}]`, `phones[${index}]: not a valid phone number for ${country}`);
    return e164;
  });
  return [...new Set(normalised)];
}
