// Builds the Handlebars merge context from plain clinic data: every catalogue field present as a string,
// dates and times in the clinic's time zone and the patient's language, missing values as "".
import { DateTime } from 'luxon';
import { assertTimeZone, formatDate, formatDateTime, formatDuration, formatTime, plain } from './datetime.ts';
import { confirmCancelInstructions } from './instructions.ts';
import { DEFAULT_LOCALE, toLocale, type Channel, type Locale } from './types.ts';

type Text = string | null | undefined;

export interface MergeInput {
  clinic: { name?: Text; timezone: string; locale?: Text; phone?: Text; website?: Text; email?: Text; address?: Text; currency?: Text };
  patient?: { firstName?: Text; lastName?: Text; locale?: Text; phone?: Text; email?: Text } | null;
  appointment?: { startsAt: string; endsAt?: Text; notes?: Text; telehealthUrl?: Text; telehealthCode?: Text; room?: Text; price?: number | string | null } | null;
  provider?: { name?: Text; firstName?: Text; lastName?: Text; phone?: Text; email?: Text } | null;
  location?: { name?: Text; address?: Text; city?: Text; region?: Text; country?: Text; phone?: Text; notes?: Text } | null;
  service?: { name?: Text; durationMinutes?: number | null; price?: number | string | null; preparation?: Text } | null;
  /** The patient's other appointments that day, for reminder_multi (the main one included). */
  appointments?: Array<{ startsAt: string; endsAt?: Text; service?: Text; provider?: Text; location?: Text }> | null;
  recall?: { reason?: Text; dueDate?: Text } | null;
  extras?: { bookingUrl?: Text; reviewUrl?: Text; delayMinutes?: number | null; newStartsAt?: Text } | null;
  /** Decides the confirm/cancel instructions; defaults to sms. */
  channel?: Channel;
  /** Forces the language; otherwise patient → clinic → es. */
  locale?: Locale;
}

export interface AppointmentItem { startTime: string; endTime: string; service: string; provider: string; location: string; duration: string }

export interface MergeContext {
  locale: Locale;
  patient: { firstName: string; lastName: string; fullName: string; phone: string; email: string };
  appointment: {
    date: string; shortDate: string; longDate: string; weekday: string; month: string; day: string; year: string;
    startTime: string; endTime: string; endDate: string; dateTime: string; duration: string; service: string; price: string;
    notes: string; preparation: string; room: string; telehealthUrl: string; telehealthCode: string;
  };
  provider: { name: string; firstName: string; lastName: string; phone: string; email: string };
  location: { name: string; address: string; city: string; region: string; country: string; phone: string; notes: string };
  clinic: { name: string; phone: string; website: string; email: string; address: string; timezone: string };
  instructions: { confirm: string; cancel: string };
  links: { booking: string; review: string };
  delay: { minutes: string; newTime: string };
  recall: { reason: string; dueDate: string };
  appointments: AppointmentItem[];
}

export function buildMergeContext(input: MergeInput): MergeContext {
  const zone = input.clinic.timezone;
  assertTimeZone(zone);
  const locale = input.locale ?? toLocale(input.patient?.locale) ?? toLocale(input.clinic.locale) ?? DEFAULT_LOCALE;
  const { patient, appointment, provider, location, service, recall, extras } = input;
  const start = formatDateTime(appointment?.startsAt, zone, locale);
  const durationMinutes = service?.durationMinutes ?? minutesBetween(appointment?.startsAt, appointment?.endsAt);
  const providerName = text(provider?.name) || joinName(provider?.firstName, provider?.lastName);
  return {
    locale,
    patient: {
      firstName: text(patient?.firstName),
      lastName: text(patient?.lastName),
      fullName: joinName(patient?.firstName, patient?.lastName),
      phone: text(patient?.phone),
      email: text(patient?.email),
    },
    appointment: {
      date: start?.date ?? '', shortDate: start?.shortDate ?? '', longDate: start?.longDate ?? '',
      weekday: start?.weekday ?? '', month: start?.month ?? '', day: start?.day ?? '', year: start?.year ?? '',
      startTime: start?.time ?? '', dateTime: start?.dateTime ?? '',
      endTime: formatTime(appointment?.endsAt, zone, locale),
      endDate: formatDate(appointment?.endsAt, zone, locale),
      duration: formatDuration(durationMinutes ?? undefined),
      service: text(service?.name),
      price: formatPrice(appointment?.price ?? service?.price, locale, text(input.clinic.currency) || 'EUR'),
      notes: text(appointment?.notes),
      preparation: text(service?.preparation),
      room: text(appointment?.room),
      telehealthUrl: text(appointment?.telehealthUrl),
      telehealthCode: text(appointment?.telehealthCode),
    },
    provider: {
      name: providerName,
      firstName: text(provider?.firstName),
      lastName: text(provider?.lastName),
      phone: text(provider?.phone),
      email: text(provider?.email),
    },
    location: {
      name: text(location?.name), address: text(location?.address), city: text(location?.city), region: text(location?.region),
      country: text(location?.country), phone: text(location?.phone), notes: text(location?.notes),
    },
    clinic: {
      name: text(input.clinic.name), phone: text(input.clinic.phone), website: text(input.clinic.website),
      email: text(input.clinic.email), address: text(input.clinic.address), timezone: zone,
    },
    instructions: confirmCancelInstructions(input.channel ?? 'sms', locale),
    links: { booking: text(extras?.bookingUrl), review: text(extras?.reviewUrl) },
    delay: {
      minutes: extras?.delayMinutes ? String(Math.round(extras.delayMinutes)) : '',
      newTime: formatTime(extras?.newStartsAt ?? shiftedStart(appointment?.startsAt, extras?.delayMinutes), zone, locale),
    },
    recall: { reason: text(recall?.reason), dueDate: formatDate(recall?.dueDate, zone, locale) },
    appointments: [...(input.appointments ?? [])]
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .map((item) => ({
        startTime: formatTime(item.startsAt, zone, locale),
        endTime: formatTime(item.endsAt, zone, locale),
        service: text(item.service),
        provider: text(item.provider),
        location: text(item.location),
        duration: formatDuration(minutesBetween(item.startsAt, item.endsAt)),
      })),
  };
}

function text(value: Text): string {
  return value ? plain(value).trim() : '';
}

function joinName(first: Text, last: Text): string {
  return [text(first), text(last)].filter(Boolean).join(' ');
}

function minutesBetween(startIso: Text, endIso: Text): number | undefined {
  if (!startIso || !endIso) return undefined;
  const minutes = DateTime.fromISO(endIso).diff(DateTime.fromISO(startIso), 'minutes').minutes;
  return Number.isFinite(minutes) && minutes > 0 ? minutes : undefined;
}

function shiftedStart(startIso: Text, delayMinutes: number | null | undefined): string | undefined {
  if (!startIso || !delayMinutes) return undefined;
  const start = DateTime.fromISO(startIso, { setZone: true });
  return start.isValid ? (start.plus({ minutes: delayMinutes }).toISO() ?? undefined) : undefined;
}

function formatPrice(price: number | string | null | undefined, locale: Locale, currency: string): string {
  if (price === null || price === undefined || price === '') return '';
  if (typeof price === 'string') return text(price);
  const digits = Number.isInteger(price) ? 0 : 2;
  const tag = locale === 'en' ? 'en-GB' : locale;
  try {
    return plain(new Intl.NumberFormat(tag, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(price));
  } catch {
    return plain(`${price} ${currency}`);
  }
}
