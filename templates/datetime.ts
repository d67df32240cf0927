// Dates and times the way each language writes them in a message, in the clinic's time zone.
// Explicit formats instead of toLocaleString so a template reads the same on every ICU version.
import { DateTime } from 'luxon';
import type { Locale } from './types.ts';

export interface FormattedDateTime {
  date: string;
  shortDate: string;
  longDate: string;
  weekday: string;
  month: string;
  day: string;
  year: string;
  time: string;
  /** Long date and time joined as a sentence fragment: "miércoles 3 de junio a las 9:30". */
  dateTime: string;
}

const FORMATS: Record<Locale, { date: string; shortDate: string; longDate: string; time: string }> = {
  es: { date: 'dd/MM/yyyy', shortDate: 'dd/MM', longDate: "cccc d 'de' LLLL", time: 'H:mm' },
  en: { date: 'MMM d, yyyy', shortDate: 'MMM d', longDate: 'cccc, LLLL d', time: 'h:mm a' },
  it: { date: 'dd/MM/yyyy', shortDate: 'dd/MM', longDate: 'cccc d LLLL', time: 'HH:mm' },
  fr: { date: 'dd/MM/yyyy', shortDate: 'dd/MM', longDate: 'cccc d LLLL', time: "H 'h' mm" },
};

/** Parses an ISO instant and shows it in the zone; undefined when the instant is missing or unreadable. */
export function formatDateTime(iso: string | null | undefined, timeZone: string, locale: Locale): FormattedDateTime | undefined {
  const local = toLocalDateTime(iso, timeZone, locale);
  if (!local) return undefined;
  const f = FORMATS[locale];
  const time = plain(local.toFormat(f.time));
  const longDate = plain(local.toFormat(f.longDate));
  return {
    date: plain(local.toFormat(f.date)),
    shortDate: plain(local.toFormat(f.shortDate)),
    longDate,
    weekday: local.toFormat('cccc'),
    month: local.toFormat('LLLL'),
    day: local.toFormat('d'),
    year: local.toFormat('yyyy'),
    time,
    dateTime: `${longDate} ${atTime(locale, local.hour)} ${time}`,
  };
}

export function formatTime(iso: string | null | undefined, timeZone: string, locale: Locale): string {
  const local = toLocalDateTime(iso, timeZone, locale);
  return local ? plain(local.toFormat(FORMATS[locale].time)) : '';
}

export function formatDate(iso: string | null | undefined, timeZone: string, locale: Locale): string {
  const local = toLocalDateTime(iso, timeZone, locale);
  return local ? plain(local.toFormat(FORMATS[locale].date)) : '';
}

/** "30 min", "1 h", "1 h 30 min": understood in all four languages. */
export function formatDuration(minutes: number | undefined): string {
  if (minutes === undefined || !Number.isFinite(minutes) || minutes <= 0) return '';
  const whole = Math.round(minutes);
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** Throws on an unknown IANA zone: guessing a zone would send patients the wrong time. */
export function assertTimeZone(timeZone: string): void {
  if (!DateTime.now().setZone(timeZone).isValid) throw new Error(`unknown IANA time zone: ${timeZone}`);
}

function toLocalDateTime(iso: string | null | undefined, timeZone: string, locale: Locale): DateTime | undefined {
  if (!iso) return undefined;
  const instant = DateTime.fromISO(iso, { setZone: true });
  if (!instant.isValid) return undefined;
  return instant.setZone(timeZone).setLocale(locale);
}

// Spanish says "a la 1:00" but "a las 9:30"; the others have one form.
function atTime(locale: Locale, hour: number): string {
  switch (locale) {
    case 'es':
      return hour === 1 ? 'a la' : 'a las';
    case 'en':
      return 'at';
    case 'it':
      return 'alle ore';
    case 'fr':
      return 'à';
  }
}

// ICU puts no-break spaces in "9:30 AM" and "45 €": they are not GSM-7 and would turn an SMS into UCS-2.
export function plain(text: string): string {
  return text.replace(/[\u00A0\u202F\u2007]/g, ' ');
}
