import { describe, expect, it } from 'vitest';
import { buildMergeContext, type MergeInput } from './context.ts';
import { APPOINTMENT_ITEM_FIELDS, MERGE_FIELDS } from './fields.ts';
import { renderTemplate } from './render.ts';
import { sampleMergeInput } from './sample.ts';

function at(startsAt: string, timezone: string, locale: MergeInput['locale'], endsAt?: string): MergeInput {
  return { clinic: { name: 'Clínica Sonrisa', timezone }, locale, appointment: { startsAt, endsAt } };
}

describe('buildMergeContext', () => {
  it('when the clocks go back in Madrid (2026-10-25), then times before and after the change use CEST and CET', () => {
    const saturday = buildMergeContext(at('2026-10-24T09:30:00Z', 'Europe/Madrid', 'es'));
    const sunday = buildMergeContext(at('2026-10-25T09:30:00Z', 'Europe/Madrid', 'es'));
    expect(saturday.appointment.dateTime).toBe('sábado 24 de octubre a las 11:30');
    expect(sunday.appointment.dateTime).toBe('domingo 25 de octubre a las 10:30');
  });

  it('when an appointment spans the repeated hour in Madrid, then both instants read 2:30 and it lasts 1 h', () => {
    const context = buildMergeContext(at('2026-10-25T00:30:00Z', 'Europe/Madrid', 'es', '2026-10-25T01:30:00Z'));
    expect(context.appointment.startTime).toBe('2:30');
    expect(context.appointment.endTime).toBe('2:30');
    expect(context.appointment.duration).toBe('1 h');
  });

  it('when the clocks go forward in Madrid (2026-03-29), then 01:30Z is 3:30 local', () => {
    expect(buildMergeContext(at('2026-03-29T01:30:00Z', 'Europe/Madrid', 'es')).appointment.startTime).toBe('3:30');
    expect(buildMergeContext(at('2026-03-28T01:30:00Z', 'Europe/Madrid', 'es')).appointment.startTime).toBe('2:30');
  });

  it('when New York leaves daylight time (2026-11-01), then 14:00Z is 10:00 AM on Saturday and 9:00 AM on Sunday', () => {
    const saturday = buildMergeContext(at('2026-10-31T14:00:00Z', 'America/New_York', 'en'));
    const sunday = buildMergeContext(at('2026-11-01T14:00:00Z', 'America/New_York', 'en'));
    expect(saturday.appointment.dateTime).toBe('Saturday, October 31 at 10:00 AM');
    expect(sunday.appointment.dateTime).toBe('Sunday, November 1 at 9:00 AM');
    expect(sunday.appointment.date).toBe('Nov 1, 2026');
  });

  it('when the same instant is shown in four languages, then each writes date and time its own way', () => {
    const startsAt = '2026-06-03T07:30:00Z';
    expect(buildMergeContext(at(startsAt, 'Europe/Madrid', 'es')).appointment).toMatchObject({
      longDate: 'miércoles 3 de junio', weekday: 'miércoles', month: 'junio', day: '3', date: '03/06/2026', shortDate: '03/06', startTime: '9:30',
    });
    expect(buildMergeContext(at(startsAt, 'Europe/Madrid', 'en')).appointment.dateTime).toBe('Wednesday, June 3 at 9:30 AM');
    expect(buildMergeContext(at(startsAt, 'Europe/Rome', 'it')).appointment.dateTime).toBe('mercoledì 3 giugno alle ore 09:30');
    expect(buildMergeContext(at(startsAt, 'Europe/Paris', 'fr')).appointment.dateTime).toBe('mercredi 3 juin à 9 h 30');
    expect(buildMergeContext(at(startsAt, 'Asia/Tokyo', 'en')).appointment.startTime).toBe('4:30 PM');
  });

  it('when the appointment is at one in the morning, then Spanish says "a la 1:00"', () => {
    expect(buildMergeContext(at('2026-06-03T23:00:00Z', 'Europe/Madrid', 'es')).appointment.dateTime).toBe('jueves 4 de junio a la 1:00');
  });

  it('when no locale is forced, then the patient language wins over the clinic language', () => {
    const context = buildMergeContext({ clinic: { timezone: 'Europe/Madrid', locale: 'es' }, patient: { locale: 'fr-FR' }, appointment: { startsAt: '2026-06-03T07:30:00Z' } });
    expect(context.locale).toBe('fr');
    expect(context.appointment.weekday).toBe('mercredi');
    expect(buildMergeContext({ clinic: { timezone: 'Europe/Madrid', locale: 'it' } }).locale).toBe('it');
    expect(buildMergeContext({ clinic: { timezone: 'Europe/Madrid', locale: 'de' } }).locale).toBe('es');
  });

  it('when almost nothing is known, then every field renders empty and never "undefined" or "null"', () => {
    const context = buildMergeContext({ clinic: { timezone: 'Europe/Madrid' }, patient: { firstName: null } });
    const all = MERGE_FIELDS.filter((f) => f.group !== 'appointments' && f.group !== 'instructions' && f.name !== 'clinic.timezone')
      .map((f) => `[{{${f.name}}}]`).join('');
    const rendered = renderTemplate(all, context, { channel: 'sms', locale: 'es' }).text;
    expect(rendered).toBe('[]'.repeat(MERGE_FIELDS.length - 4));
  });

  it('when prices and delays are given, then they are formatted for the language without no-break spaces', () => {
    const input = sampleMergeInput('es');
    const context = buildMergeContext({ ...input, service: { name: 'Limpieza', price: 45.5 } });
    expect(context.appointment.price).toBe('45,50 €');
    expect(buildMergeContext({ ...input, locale: 'en' }).appointment.price).toBe('€45');
    expect(context.delay).toEqual({ minutes: '20', newTime: '9:50' });
    expect(JSON.stringify(buildMergeContext({ ...input, locale: 'en' }))).not.toMatch(/[\u00A0\u202F]/);
  });

  it('when the channel changes, then the confirm and cancel instructions follow it', () => {
    const input = sampleMergeInput('es');
    expect(buildMergeContext({ ...input, channel: 'sms' }).instructions).toEqual({ confirm: 'Responda SÍ para confirmar', cancel: 'NO para cancelar' });
    expect(buildMergeContext({ ...input, channel: 'voice' }).instructions.confirm).toBe('pulse 1 para confirmar');
  });

  it('when the time zone is not an IANA zone, then building the context fails loudly', () => {
    expect(() => buildMergeContext({ clinic: { timezone: 'Mars/Olympus' } })).toThrow(/Mars\/Olympus/);
  });

  it('when the sample is built, then every catalogue field shows its documented example, so catalogue and context agree', () => {
    const input = sampleMergeInput('es', 'sms');
    const appointment = { ...input.appointment, startsAt: '2026-06-03T07:30:00.000Z', telehealthUrl: 'https://video.example.com/s/abc123', telehealthCode: '482913' };
    const context = buildMergeContext({ ...input, appointment });
    const lookup = (path: string): unknown => path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? Reflect.get(value, key) : undefined), context);
    for (const field of MERGE_FIELDS.filter((f) => f.name !== 'appointments')) expect(lookup(field.name), field.name).toBe(field.example);
    expect(context.appointments).toHaveLength(2);
    const [item] = context.appointments;
    for (const field of APPOINTMENT_ITEM_FIELDS) expect(item && Reflect.get(item, field.name.slice('appointments.'.length)), field.name).toBe(field.example);
  });
});
