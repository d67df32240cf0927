// Default send rates per channel, respecting the providers' documented limits (DESIGN.md, "Provider limits").
// Each channel definition picks its default from here; a channel's config may lower or raise it with
// `ratePerSecond` (registry.ts `channelRatePerSecond`).
/** Messages (SMS: segments) per second. */
export const DEFAULT_RATE_PER_SECOND = {
  twilioLongCode: 1,
  twilioTollFree: 3,
  twilioShortCode: 100,
  twilioWhatsApp: 10,
  /** WhatsApp Web: about one every 2 s; the session's pacer adds jitter on top. */
  whatsAppWeb: 0.5,
  email: 5,
  simulator: 50,
} as const;

/** North American toll-free prefixes (800, 833, 844, 855, 866, 877, 888); short codes are 5–6 digits. */
export function twilioSmsRate(from: string | undefined): number {
  if (from && /^\d{5,6}$/.test(from)) return DEFAULT_RATE_PER_SECOND.twilioShortCode;
  if (from && /^\+18(00|33|44|55|66|77|88)\d{7}$/.test(from)) return DEFAULT_RATE_PER_SECOND.twilioTollFree;
  // A messaging service pools senders we cannot see: assume a single long code.
  return DEFAULT_RATE_PER_SECOND.twilioLongCode;
}
