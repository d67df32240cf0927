import { describe, expect, it } from 'vitest';
import { holidaysFor, resolveBusinessHours } from './businessHours.schema.ts';
import { openingState } from './openingState.ts';

const MADRID = 'Europe/Madrid';
const weekdays = { mon: [{ open: '09:00', close: '14:00' }, { open: '16:00', close: '20:00' }], tue: [{ open: '09:00', close: '14:00' }], fri: [{ open: '09:00', close: '14:00' }] };

describe('openingState', () => {
  it('when it is inside an interval in the clinic time zone, then it is open until the interval ends', () => {
    // Monday 1 June 2026, 10:00 in Madrid (CEST, UTC+2).
    const state = openingState({ weekly: weekdays, holidays: [] }, new Date('2026-06-01T08:00:00Z'), MADRID);
    expect(state).toMatchObject({ open: true, holiday: null, nextOpening: null });
    expect(state.closesAt?.toISOString()).toBe('2026-06-01T12:00:00.000Z');
  });

  it('when it is the lunch break, then it is closed and opens again at 16:00 the same day', () => {
    const state = openingState({ weekly: weekdays, holidays: [] }, new Date('2026-06-01T12:30:00Z'), MADRID);
    expect(state.open).toBe(false);
    expect(state.nextOpening?.toISOString()).toBe('2026-06-01T14:00:00.000Z');
  });

  it('when today is a holiday, then it is closed, names the holiday, and the next opening skips holidays too', () => {
    const holidays = [{ date: '2026-06-01', name: 'Fiesta local' }, { date: '2026-06-02', name: null }];
    const state = openingState({ weekly: weekdays, holidays }, new Date('2026-06-01T08:00:00Z'), MADRID);
    expect(state).toMatchObject({ open: false, holiday: { date: '2026-06-01', name: 'Fiesta local' } });
    // Tuesday is a holiday as well; Friday 5 June opens at 09:00 local.
    expect(state.nextOpening?.toISOString()).toBe('2026-06-05T07:00:00.000Z');
  });

  it('when the clock crosses the end of summer time, then the next opening is in local winter time', () => {
    // Saturday 24 October 2026 12:00 UTC; Monday 26 October 09:00 CET is 08:00 UTC.
    const state = openingState({ weekly: weekdays, holidays: [] }, new Date('2026-10-24T12:00:00Z'), MADRID);
    expect(state.nextOpening?.toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('when the hours never open, then there is no next opening', () => {
    expect(openingState({ weekly: {}, holidays: [] }, new Date('2026-06-01T08:00:00Z'), MADRID)).toMatchObject({ open: false, nextOpening: null });
  });
});

describe('resolveBusinessHours', () => {
  it('when only the older openingHours is set, then it reads as business hours without holidays', () => {
    expect(resolveBusinessHours({ openingHours: { mon: [{ open: '09:00', close: '18:00' }] } })).toEqual({ hours: { weekly: { mon: [{ open: '09:00', close: '18:00' }] }, holidays: [] }, source: 'legacy_opening_hours' });
  });

  it('when a location sets its own week, then it replaces the clinic week and adds its holidays to the clinic ones', () => {
    const settings = { businessHours: { weekly: weekdays, holidays: ['2026-12-25'] } };
    const resolved = resolveBusinessHours(settings, { weekly: { sat: [{ open: '10:00', close: '13:00' }] }, holidays: [{ date: '2026-09-08', name: 'Patrona' }] });
    expect(resolved).toEqual({
      source: 'location',
      hours: { weekly: { sat: [{ open: '10:00', close: '13:00' }] }, holidays: [{ date: '2026-12-25', name: null }, { date: '2026-09-08', name: 'Patrona' }] },
    });
  });

  it('when nothing is set, then there are no hours', () => {
    expect(resolveBusinessHours({})).toEqual({ hours: null, source: 'none' });
  });
});

describe('holidaysFor', () => {
  it("when the clinic and the appointment's location both have holidays, then both close the day, even without weekly hours", () => {
    expect(holidaysFor({ businessHours: { holidays: ['2026-12-25'] } }, { holidays: [{ date: '2026-09-08', name: 'Patrona' }] })).toEqual([
      { date: '2026-12-25', name: null },
      { date: '2026-09-08', name: 'Patrona' },
    ]);
    expect(holidaysFor({}, null)).toEqual([]);
  });
});
