// One CSV row (our field → its cell) → a PMS record, or the reason it cannot be read. Dates follow the configured
// order (dd/mm/yyyy by default) or ISO; local times are read in the clinic's time zone.
import { DateTime } from 'luxon';
import type { PmsAppointmentStatus, PmsRecords } from '../pms-connector.ts';
import type { CsvResource } from './csv-columns.ts';

export type CsvRow = Record<string, string>;
export type CsvReadOptions = { dateOrder: 'dmy' | 'mdy'; timezone: string };
export type CsvRowResult<T> = { record: T } | { error: string };

type Readers = { [R in CsvResource]: (row: CsvRow, options: CsvReadOptions) => CsvRowResult<PmsRecords[R]> };

const readers: Readers = {
  patients: (row) => ({
    record: {
      externalId: row.externalId!,
      firstName: row.firstName ?? '',
      lastName: row.lastName ?? '',
      phones: [row.phone, row.phone2].filter((phone): phone is string => Boolean(phone)),
      email: row.email || null,
      country: row.country || null,
    },
  }),
  appointments: (row, options) => {
    const startsAt = localInstant(row.date!, row.time, options);
    if (!startsAt) return { error: `date: cannot read "${row.date}${row.time ? ` ${row.time}` : ''}"` };
    const minutes = row.durationMinutes ? Number(row.durationMinutes.replace(',', '.')) : null;
    if (minutes !== null && !(minutes > 0 && minutes <= 24 * 60)) return { error: 'durationMinutes: not a number of minutes' };
    const status = appointmentStatus(row.status);
    if (!status) return { error: `status: "${row.status}" is not an appointment status` };
    return {
      record: {
        externalId: row.externalId!,
        patientExternalId: row.patientExternalId!,
        providerExternalId: row.providerExternalId || null,
        locationExternalId: row.locationExternalId || null,
        serviceExternalId: row.serviceExternalId || null,
        startsAt,
        endsAt: minutes ? new Date(Date.parse(startsAt) + minutes * 60_000).toISOString() : null,
        status,
        notes: row.notes || null,
      },
    };
  },
  treatments: (row, options) => {
    const performedOn = calendarDate(row.date!, options);
    if (!performedOn) return { error: `date: cannot read "${row.date}"` };
    return { record: { externalId: row.externalId!, patientExternalId: row.patientExternalId!, serviceExternalId: null, appointmentExternalId: null, name: row.name!, performedOn } };
  },
  recalls: (row, options) => {
    const dueDate = calendarDate(row.date!, options);
    if (!dueDate) return { error: `date: cannot read "${row.date}"` };
    const closed = row.status ? CLOSED_RECALL.has(normaliseWord(row.status)) : false;
    return { record: { externalId: row.externalId!, patientExternalId: row.patientExternalId!, serviceExternalId: null, reason: row.reason!, dueDate, status: closed ? 'closed' : 'active' } };
  },
};

export function readCsvRow<R extends CsvResource>(resource: R, row: CsvRow, options: CsvReadOptions): CsvRowResult<PmsRecords[R]> {
  return readers[resource](row, options);
}

const APPOINTMENT_STATUS_WORDS: Record<string, PmsAppointmentStatus> = {
  '': 'scheduled',
  scheduled: 'scheduled',
  booked: 'scheduled',
  pending: 'scheduled',
  programada: 'scheduled',
  pendiente: 'scheduled',
  citada: 'scheduled',
  confirmed: 'confirmed',
  confirmada: 'confirmed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  cancelada: 'cancelled',
  anulada: 'cancelled',
  attended: 'attended',
  completed: 'attended',
  done: 'attended',
  atendida: 'attended',
  realizada: 'attended',
  finalizada: 'attended',
  'no show': 'no_show',
  noshow: 'no_show',
  'no asistio': 'no_show',
  'no acudio': 'no_show',
  falta: 'no_show',
};
const CLOSED_RECALL = new Set(['closed', 'done', 'completed', 'cancelled', 'canceled', 'cerrado', 'cerrada', 'hecho', 'realizado', 'cancelado', 'anulado']);

function appointmentStatus(value: string | undefined): PmsAppointmentStatus | null {
  return APPOINTMENT_STATUS_WORDS[normaliseWord(value ?? '')] ?? null;
}

function normaliseWord(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** 'YYYY-MM-DD' from ISO, d/m/y or m/d/y (with /, - or .), or null. */
function calendarDate(value: string, options: Pick<CsvReadOptions, 'dateOrder'>): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(value);
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(value.trim().split(/[\sT]/)[0] ?? '');
  let year: number, month: number, day: number;
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (local) {
    const [a, b] = [Number(local[1]), Number(local[2])];
    [day, month] = options.dateOrder === 'dmy' ? [a, b] : [b, a];
    year = local[3]!.length === 2 ? 2000 + Number(local[3]) : Number(local[3]);
  } else return null;
  const date = DateTime.fromObject({ year, month, day });
  return date.isValid ? date.toISODate() : null;
}

/** A date and an optional HH:mm (or a date with its time in one cell) in the clinic's zone → ISO UTC instant. */
function localInstant(date: string, time: string | undefined, options: CsvReadOptions): string | null {
  const isoInstant = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(date) ? DateTime.fromISO(date) : null;
  if (isoInstant) return isoInstant.isValid ? isoInstant.toUTC().toISO() : null;
  const day = calendarDate(date, options);
  const clock = /(\d{1,2})[:.h](\d{2})/.exec(time || date.replace(/^[^\sT]+/, ''));
  if (!day || !clock) return null;
  const [year, month, dayOfMonth] = day.split('-').map(Number);
  const at = DateTime.fromObject({ year, month, day: dayOfMonth, hour: Number(clock[1]), minute: Number(clock[2]) }, { zone: options.timezone });
  return at.isValid ? at.toUTC().toISO() : null;
}
