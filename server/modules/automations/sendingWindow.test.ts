import { describe, expect, it } from 'vitest';
import { nextOpening } from './sendingWindow.ts';

const window = { start: '09:00', end: '20:00', days: [1, 2, 3, 4, 5, 6] };

describe('nextOpening', () => {
  it('when the time is inside the window, then it stays as it is', () => {
    const at = new Date('2026-06-03T10:00:00Z'); // 12:00 in Madrid, a Wednesday
    expect(nextOpening(at, window, 'Europe/Madrid')).toEqual(at);
  });

  it('when it is after closing on a Saturday, then it moves to Monday 09:00 local (Sunday is closed)', () => {
    const at = new Date('2026-06-06T19:30:00Z'); // Saturday 21:30 Madrid
    expect(nextOpening(at, window, 'Europe/Madrid')?.toISOString()).toBe('2026-06-08T07:00:00.000Z');
  });

  it('when the night crosses the end of summer time in Madrid, then 09:00 the next morning is 08:00 UTC', () => {
    const at = new Date('2026-10-24T19:00:00Z'); // Saturday 21:00 CEST; Sunday 25 is the change and closed
    expect(nextOpening(at, window, 'Europe/Madrid')?.toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('when the next opening is after the limit (the appointment), then there is none', () => {
    const at = new Date('2026-06-03T04:00:00Z'); // 06:00 Madrid
    expect(nextOpening(at, window, 'Europe/Madrid', new Date('2026-06-03T06:30:00Z'))).toBeNull();
  });

  it('when the clinic is in another time zone, then its own local hours count', () => {
    const at = new Date('2026-06-03T12:00:00Z'); // 08:00 in New York
    expect(nextOpening(at, window, 'America/New_York')?.toISOString()).toBe('2026-06-03T13:00:00.000Z');
  });

  it('when the next opening falls on a clinic holiday, then it moves to the first working day after it', () => {
    const at = new Date('2026-12-24T19:30:00Z'); // Thursday 24 December, 20:30 Madrid: closed
    const holidays = [{ date: '2026-12-25' }, { date: '2026-12-26' }];
    // Friday 25 and Saturday 26 are holidays, Sunday is closed: Monday 28 at 09:00 CET.
    expect(nextOpening(at, window, 'Europe/Madrid', undefined, holidays)?.toISOString()).toBe('2026-12-28T08:00:00.000Z');
  });
});
