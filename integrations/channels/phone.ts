// Phone numbers in one shape (E.164) whichever way a provider writes them, so one patient on SMS and
// WhatsApp is one patient: `whatsapp:+34600111222` (Twilio), `34600111222@s.whatsapp.net` (Baileys),
// `600 11 12 22` typed by staff in Spain.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const WHATSAPP_PREFIX = 'whatsapp:';
const WHATSAPP_USER_SERVER = 's.whatsapp.net';

/**
 * Any phone input → E.164, or undefined when it is not a plausible number.
 * National numbers need `defaultCountry` (the clinic's country, ISO alpha-2).
 */
export function toE164(input: string, defaultCountry?: string): string | undefined {
  const cleaned = stripWhatsAppPrefix(input.trim()).replace(/^00/, '+');
  const country = asCountryCode(defaultCountry);
  const parsed = parsePhoneNumberFromString(cleaned, country);
  if (parsed?.isPossible()) return parsed.number;
  return undefined;
}

/** Like `toE164`, but throws on input that is not a phone number. */
export function requireE164(input: string, defaultCountry?: string): string {
  const e164 = toE164(input, defaultCountry);
  if (!e164) throw new Error('not a phone number');
  return e164;
}

/** `whatsapp:+34600111222` → `+34600111222`; other input unchanged. */
export function stripWhatsAppPrefix(address: string): string {
  return address.toLowerCase().startsWith(WHATSAPP_PREFIX) ? address.slice(WHATSAPP_PREFIX.length) : address;
}

/** `+34600111222` → `whatsapp:+34600111222` (Twilio's WhatsApp address). */
export function toTwilioWhatsAppAddress(e164: string): string {
  return `${WHATSAPP_PREFIX}${stripWhatsAppPrefix(e164)}`;
}

/** `+34600111222` → `34600111222@s.whatsapp.net` (Baileys' user JID). */
export function e164ToWhatsAppJid(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  if (digits.length < 6) throw new Error('not a phone number');
  return `${digits}@${WHATSAPP_USER_SERVER}`;
}

/**
 * A WhatsApp user JID → E.164; device suffixes (`:12`) are dropped.
 * Groups, broadcasts and `@lid` JIDs (WhatsApp's hidden-number ids) have no phone: undefined.
 */
export function whatsAppJidToE164(jid: string): string | undefined {
  const at = jid.indexOf('@');
  if (at < 0) return undefined;
  const server = jid.slice(at + 1);
  if (server !== WHATSAPP_USER_SERVER && server !== 'c.us') return undefined;
  const user = jid.slice(0, at).split(':')[0]?.split('_')[0] ?? '';
  if (!/^\d{6,15}$/.test(user)) return undefined;
  return toE164(`+${user}`);
}

/** A `@lid` JID: WhatsApp hides the phone number behind it (communities, privacy settings). */
export function isLidJid(jid: string): boolean {
  return jid.endsWith('@lid');
}

function asCountryCode(country: string | undefined): CountryCode | undefined {
  if (!country) return undefined;
  const upper = country.toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}
