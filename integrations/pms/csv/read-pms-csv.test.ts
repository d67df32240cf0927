import { describe, expect, it } from 'vitest';
import { csvConfigSchema } from './csv-config.ts';
import { readPmsCsv, type ReadCsvOptions } from './read-pms-csv.ts';

const defaults = csvConfigSchema.parse({});
const options = (resource: ReadCsvOptions['resource'], extra: Partial<ReadCsvOptions> = {}): ReadCsvOptions => ({ ...defaults, resource, timezone: 'Europe/Madrid', ...extra });

async function readAll(text: string, opts: ReadCsvOptions) {
  const pages = [];
  for await (const page of readPmsCsv(text, opts)) pages.push(page);
  return { records: pages.flatMap((p) => p.records), rejected: pages.flatMap((p) => p.rejected), pages: pages.length };
}

describe('CSV import reader', () => {
  it('when a Spanish export uses ; and accented headers, then patients are read with their phones', async () => {
    const text = '\uFEFFNº Historia;Nombre;Apellidos;Teléfono móvil;Correo electrónico\n1001;Lucía;García Pérez;612 34 56 78;lucia@example.es\n1002;Mario;López;;\n';
    const { records, rejected } = await readAll(text, options('patients'));
    expect(rejected).toEqual([]);
    expect(records).toEqual([
      { externalId: '1001', firstName: 'Lucía', lastName: 'García Pérez', phones: ['612 34 56 78'], email: 'lucia@example.es', country: null },
      { externalId: '1002', firstName: 'Mario', lastName: 'López', phones: [], email: null, country: null },
    ]);
  });

  it('when an export has a country column, then each patient carries the country as written', async () => {
    const { records } = await readAll('id,first name,mobile,country\n1,João,912 345 678,Portugal\n2,Ana,600 111 222,\n', options('patients', { preset: 'en' }));
    expect(records).toMatchObject([{ externalId: '1', country: 'Portugal' }, { externalId: '2', country: null }]);
  });

  it('when an English export has a date and a time, then the appointment starts at that local time in the clinic zone', async () => {
    const text = 'Appointment ID,Patient ID,Date,Time,Duration,Status\nA-1,1001,10/12/2026,10:00,45,Booked\nA-2,1002,2026-07-01,09:30,,cancelled\n';
    const { records } = await readAll(text, options('appointments', { preset: 'en' }));
    expect(records).toMatchObject([
      { externalId: 'A-1', patientExternalId: '1001', startsAt: '2026-12-10T09:00:00.000Z', endsAt: '2026-12-10T09:45:00.000Z', status: 'scheduled' },
      { externalId: 'A-2', startsAt: '2026-07-01T07:30:00.000Z', endsAt: null, status: 'cancelled' },
    ]);
  });

  it('when rows are bad, then each is rejected with its line and the others are read', async () => {
    const text = 'id cita;id paciente;fecha;hora;estado\nC1;1001;32/01/2026;10:00;programada\nC2;;01/02/2026;10:00;\nC3;1001;01/02/2026;11:00;quizás\nC4;1001;01/02/2026;12:00;confirmada\n';
    const { records, rejected } = await readAll(text, options('appointments'));
    expect(records).toMatchObject([{ externalId: 'C4', status: 'confirmed' }]);
    expect(rejected).toEqual([
      { externalId: 'C1', message: 'line 2: date: cannot read "32/01/2026 10:00"' },
      { externalId: 'C2', message: 'line 3: patientExternalId: empty' },
      { externalId: 'C3', message: 'line 4: status: "quizás" is not an appointment status' },
    ]);
  });

  it('when a required column is missing, then the file is refused naming it', async () => {
    await expect(readAll('nombre;apellidos\nAna;Sanz\n', options('patients'))).rejects.toThrow(/columns\.externalId/);
  });

  it('when columns are mapped by hand, then those headers are used', async () => {
    const text = 'Ref,Motivo revisión,Paciente,Vence\nR1,Limpieza,1001,2026-11-20\n';
    const { records } = await readAll(text, options('recalls', { columns: { externalId: 'Ref', reason: 'Motivo revisión', patientExternalId: 'Paciente', date: 'Vence' } }));
    expect(records).toEqual([{ externalId: 'R1', patientExternalId: '1001', serviceExternalId: null, reason: 'Limpieza', dueDate: '2026-11-20', status: 'active' }]);
  });

  it('when a file has more rows than a page, then it comes in several pages', async () => {
    const lines = Array.from({ length: 1201 }, (_, i) => `${i},Nombre ${i}`);
    const { records, pages } = await readAll(`id,nombre\n${lines.join('\n')}\n`, options('patients'));
    expect(records).toHaveLength(1201);
    expect(pages).toBe(3);
  });
});
