// The clinic's sending window (e.g. 09:00–20:00, Monday to Saturday) in its own time zone: a send that falls
// outside moves to the next opening, and never past the appointment itself. The clinic's holidays
// (settings.businessHours) are closed days.
import { DateTime } from 'luxon';
import type { Holiday } from '../businessHours/businessHours.schema.ts';
import { isHoliday } from '../businessHours/openingState.ts';
import type { AutomationSettings } from './automationSettings.ts';

type Window = AutomationSettings['sendingWindow'];

/** The first instant at or after `at` inside the window, or null when the window never opens before `limit`. */
export function nextOpening(at: Date, window: Window, timezone: string, limit?: Date, holidays: readonly Pick<Holiday, 'date'>[] = []): Date | null {
  let local: DateTime = DateTime.fromJSDate(at, { zone: timezone });
  // A week plus as many days as there are holidays: a run of holidays cannot hide the next opening.
  for (let day = 0; day < 8 + holidays.length; day++) {
    const opens = atClock(local, window.start);
    const closes = atClock(local, window.end);
    if (window.days.includes(local.weekday) && !isHoliday(holidays, local)) {
      if (local < opens) local = opens;
      if (local < closes) {
        const result = local.toJSDate();
        return limit && result >= limit ? null : result;
      }
    }
    local = local.plus({ days: 1 }).startOf('day');
  }
  return null;
}

/** Is `at` inside the window? */
export function isInsideWindow(at: Date, window: Window, timezone: string, holidays: readonly Pick<Holiday, 'date'>[] = []): boolean {
  return nextOpening(at, window, timezone, undefined, holidays)?.getTime() === at.getTime();
}

// Luxon resolves a wall-clock time that falls in a DST gap forward, so 02:30 on a spring-forward night exists.
function atClock(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 });
}
