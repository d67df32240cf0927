import { z } from 'zod';
import { CSV_FIELDS, CSV_RESOURCES } from './csv-columns.ts';

const allFields = [...new Set(Object.values(CSV_FIELDS).flatMap((fields) => fields.map((field) => field.name)))] as [string, ...string[]];

/** A CSV import connector as stored per clinic: which export it reads and how its columns are named. No secrets. */
export const csvConfigSchema = z
  .object({
    /** What one file holds; an import may name another with `?resource=`. */
    resource: z.enum(CSV_RESOURCES).default('patients'),
    /** Header names to recognise: Spanish, English, or both ('auto'). */
    preset: z.enum(['auto', 'es', 'en']).default('auto'),
    /** Our field → the file's header, for columns the presets do not know ({"phone": "Tlf. contacto"}). */
    columns: z.partialRecord(z.enum(allFields), z.string().trim().min(1).max(100)).default({}),
    /** Auto-detected from the header line when left out. */
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    /** How to read 03/04/2026: day first (Spain, UK) or month first (US). ISO dates always work. */
    dateOrder: z.enum(['dmy', 'mdy']).default('dmy'),
  })
  .strict();

export type CsvConfig = z.infer<typeof csvConfigSchema>;
