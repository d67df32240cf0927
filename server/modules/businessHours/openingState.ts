// Open now, or when next? Business hours read in the clinic's time zone; a holiday is a closed day.
// Pure: the caller passes the clock.
import { DateTime } from 'luxon';
import { WEEKDAYS, type BusinessHours, type Holiday } from './businessHours.schema.ts';

export type OpeningState = {
  open: boolean;
  /** Today's holiday, when that is why it is closed. */
  holiday: Holiday | null;
  /** While open: when the current interval ends. */
  closesAt: Date | null;
  /** While closed: the next time it opens (null: not within the next 60 days). */
  nextOpening: Date | null;
};

const LOOKAHEAD_DAYS = 60;

export function openingState(hours: BusinessHours, at: Date, timezone: string): OpeningState {
  const now = DateTime.fromJSDate(at, { zone: timezone });
  const holiday = holidayOn(hours, now);
  const current = holiday ? undefined : intervalsOf(hours, now).find((interval) => interval.opens <= now && now < interval.closes);
  if (current) return { open: true, holiday: null, closesAt: current.closes.toJSDate(), nextOpening: null };
  for (let day = 0; day <= LOOKAHEAD_DAYS; day++) {
    const date = now.plus({ days: day }).startOf('day');
    if (holidayOn(hours, date)) continue;
    const next = intervalsOf(hours, date).find((interval) => interval.opens > now);
    if (next) return { open: false, holiday, closesAt: null, nextOpening: next.opens.toJSDate() };
  }
  return { open: false, holiday, closesAt: null, nextOpening: null };
}

/** Is this local date a holiday? (ISO dates, e.g. "2026-12-25".) */
export function isHoliday(holidays: readonly Pick<Holiday, 'date'>[], day: DateTime): boolean {
  const date = day.toISODate();
  return holidays.some((holiday) => holiday.date === date);
}

function holidayOn(hours: BusinessHours, day: DateTime): Holiday | null {
  const date = day.toISODate();
  return hours.holidays.find((holiday) => holiday.date === date) ?? null;
}

function intervalsOf(hours: BusinessHours, day: DateTime): Array<{ opens: DateTime; closes: DateTime }> {
  const weekday = WEEKDAYS[day.weekday - 1];
  const intervals = weekday ? (hours.weekly[weekday] ?? []) : [];
  return intervals
    .map((interval) => ({ opens: atClock(day, interval.open), closes: atClock(day, interval.close) }))
    .sort((a, b) => a.opens.toMillis() - b.opens.toMillis());
}

// "24:00" is the next midnight; luxon moves a wall time inside a DST gap forward.
function atClock(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  const start = day.startOf('day');
  return hour === 24 ? start.plus({ days: 1 }) : start.set({ hour: hour ?? 0, minute: minute ?? 0 });
}
