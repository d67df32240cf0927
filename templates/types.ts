// The vocabulary shared by every part of the template library: which channels, locales and events exist.

export const CHANNELS = ['sms', 'whatsapp', 'email', 'voice'] as const;
export type Channel = (typeof CHANNELS)[number];

// Spanish first: it is the default and the last step of every fallback.
export const LOCALES = ['es', 'en', 'it', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';

export const EVENTS = [
  'appointment_booked',
  'appointment_changed',
  'appointment_cancelled',
  'reminder',
  'reminder_second',
  'reminder_multi',
  'reminder_multi_confirmed',
  'reminder_multi_cancelled',
  'reminder_confirmed',
  'reminder_cancelled',
  'rebook_offer',
  'recall',
  'recall_accepted',
  'recall_rejected',
  'followup_thanks',
  'followup_survey',
  'followup_low_score',
  'followup_high_score',
  'running_late',
  'provider_unavailable',
  'auto_reply',
  'auto_reply_out_of_hours',
  'opt_out',
  'opt_in',
  'test',
] as const;
export type TemplateEvent = (typeof EVENTS)[number];

/** A template as stored: the pack's parsed .hbs file or a clinic's override row. */
export interface TemplateDefinition {
  body: string;
  /** Email only (required there). */
  subject?: string;
  /** WhatsApp quick replies, at most 3 of at most 20 characters. */
  buttons?: string[];
}

// Widened copies so membership can be tested on any string without a cast.
const CHANNEL_SET: ReadonlySet<string> = new Set(CHANNELS);
const LOCALE_SET: ReadonlySet<string> = new Set(LOCALES);
const EVENT_SET: ReadonlySet<string> = new Set(EVENTS);

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && CHANNEL_SET.has(value);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && LOCALE_SET.has(value);
}

export function isTemplateEvent(value: unknown): value is TemplateEvent {
  return typeof value === 'string' && EVENT_SET.has(value);
}

/** Accepts "es", "es-ES", "ES_es"… and returns a supported locale, or undefined. */
export function toLocale(value: string | null | undefined): Locale | undefined {
  const language = value?.trim().slice(0, 2).toLowerCase();
  return isLocale(language) ? language : undefined;
}
