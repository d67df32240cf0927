// Phone numbers are stored and answered in E.164; input may be national, read with the clinic's country.
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

export function toE164(input: string, country: string): string | null {
  const trimmed = input.trim().replace(/^whatsapp:/i, '');
  const withPlus = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const defaultCountry = country.toUpperCase();
  const parsed = parsePhoneNumberFromString(withPlus, isSupportedCountry(defaultCountry) ? defaultCountry : undefined);
  return parsed?.isValid() ? parsed.number : null;
}

/** Digits to match a search term against stored numbers: "600 11 12 22" finds +34600111222. */
export function phoneSearchDigits(q: string): string | null {
  const digits = q.replace(/\D/g, '');
  return digits.length >= 4 && /^[\d\s()+.-]+$/.test(q.trim()) ? digits.replace(/^00/, '') : null;
}
