// A CSV export → pages of PMS records, streamed through csv-parse so a large file is never held as records all
// at once. The header line is matched against the presets (or the configured columns); a missing required
// column fails the whole file (PmsConnectorError naming it), a bad row is a rejected row naming its line.
import { parse } from 'csv-parse';
import type { PmsPage } from '../pms-connector.ts';
import { PmsConnectorError } from '../pms-connector-error.ts';
import { CSV_FIELDS, normaliseHeader, type CsvPreset, type CsvResource } from './csv-columns.ts';
import type { CsvConfig } from './csv-config.ts';
import { readCsvRow, type CsvRow } from './csv-rows.ts';

const PAGE_SIZE = 500;

export type ReadCsvOptions = Pick<CsvConfig, 'preset' | 'columns' | 'delimiter' | 'dateOrder'> & { resource: CsvResource; timezone: string };

export async function* readPmsCsv<R extends CsvResource>(text: string, options: ReadCsvOptions & { resource: R }): AsyncGenerator<PmsPage<R>> {
  const parser = parse(text, { bom: true, delimiter: options.delimiter ?? guessDelimiter(text), skip_empty_lines: true, relax_column_count: true, trim: true, relax_quotes: true });
  let columns: Array<{ field: string; index: number }> | null = null;
  let page: PmsPage<R> = { records: [], rejected: [], recordLines: [], cursor: null };
  let line = 1;
  for await (const cells of parser) {
    if (!Array.isArray(cells)) continue;
    const values = cells.map((cell) => String(cell));
    if (!columns) {
      columns = matchColumns(values, options);
      continue;
    }
    line += 1;
    const row: CsvRow = {};
    for (const { field, index } of columns) row[field] = values[index] ?? '';
    const missing = CSV_FIELDS[options.resource].find((field) => field.required && !row[field.name]);
    const result = missing ? { error: `${missing.name}: empty` } : readCsvRow(options.resource, row, options);
    if ('record' in result) {
      page.records.push(result.record);
      page.recordLines!.push(line);
    } else page.rejected.push({ externalId: row.externalId || null, message: `line ${line}: ${result.error}` });
    if (page.records.length + page.rejected.length >= PAGE_SIZE) {
      yield page;
      page = { records: [], rejected: [], recordLines: [], cursor: null };
    }
  }
  if (!columns) throw new PmsConnectorError('The file has no header line');
  if (page.records.length || page.rejected.length) yield page;
}

function matchColumns(headers: string[], options: ReadCsvOptions): Array<{ field: string; index: number }> {
  const normalised = headers.map(normaliseHeader);
  const taken = new Set<number>();
  const matched: Array<{ field: string; index: number }> = [];
  for (const field of CSV_FIELDS[options.resource]) {
    const configured = options.columns[field.name];
    const names = configured ? [normaliseHeader(configured)] : aliases(field, options.preset);
    const index = names.map((name) => normalised.findIndex((header, i) => header === name && !taken.has(i))).find((i) => i >= 0);
    if (index === undefined) {
      if (field.required) throw new PmsConnectorError(`columns.${field.name}: no column found (looked for ${names.map((n) => `"${n}"`).join(', ')})`);
      continue;
    }
    taken.add(index);
    matched.push({ field: field.name, index });
  }
  return matched;
}

function aliases(field: { es: string[]; en: string[] }, preset: CsvPreset): string[] {
  if (preset === 'es') return field.es;
  if (preset === 'en') return field.en;
  return [...new Set([...field.es, ...field.en])];
}

/** The separator the header line uses most: Spanish spreadsheets export with ';'. */
function guessDelimiter(text: string): string {
  const header = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const counts = [',', ';', '\t', '|'].map((delimiter) => ({ delimiter, count: header.split(delimiter).length }));
  return counts.sort((a, b) => b.count - a.count)[0]!.delimiter;
}
