import type { WriteStream } from 'node:fs';
import type { RosterView } from '../../shared/rosterColumns';
import { cellOptions, INDEX_LABEL, neutraliseFormula, personCells, RECORD_ID_LABEL, viewColumns, type ExportCellOptions } from './exportCells';
import { writeFileAtomically } from './exportFile';
import type { PeopleSource } from './exportRoster';

/**
 * The roster as CSV for other programs and for Excel/WPS: UTF-8 with a BOM (Chinese Excel reads BOM-less
 * UTF-8 as GBK), CRLF, RFC 4180 quoting. Only the header row and data — no title or 填报单位 lines, which
 * would break every machine reader. The record id is the last column, as in the xlsx (there hidden).
 *
 * Two guards, both chosen so a program reading the file gets the data back with at most a trim:
 * - formula injection: a value starting with = + - @ tab CR gets a leading apostrophe (OWASP);
 * - text that Excel would turn into a number or date (18-digit IDs lose their last 3 digits, 0-led codes
 *   lose the zero, 1980.10 becomes 1980.1) gets a leading TAB inside quotes. Excel and WPS then keep it as
 *   text; it is whitespace to everyone else. `="…"` is not used: that is a formula.
 */

export const CSV_BOM = '\uFEFF';
const CRLF = '\r\n';
/** Leading-zero codes, long digit runs (IDs, phones), and year.month / year-month-day dates. */
const NUMBER_LIKE = /^(?:0\d+|\d{7,}[Xx]?|\d{1,4}[.\-/:]\d{1,2}(?:[.\-/:]\d{1,2})?)$/;
const FLUSH_EVERY = 500;

/** Keeps Excel from reading the value as a number or date. */
export function keepAsText(value: string): string {
  return NUMBER_LIKE.test(value) ? `\t${value}` : value;
}

/** RFC 4180: quote when the field holds a quote, comma, CR, LF, or leading/trailing whitespace. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',') + CRLF;
}

export interface CsvExportSummary {
  file: string;
  rows: number;
}

export async function exportRosterCsv(file: string, view: RosterView, people: PeopleSource, options: ExportCellOptions = {}): Promise<CsvExportSummary> {
  const columns = viewColumns(view);
  const opts = cellOptions(options);
  return writeFileAtomically(file, async (stream) => {
    let chunk = CSV_BOM + csvLine([INDEX_LABEL, ...columns.map((c) => neutraliseFormula(c.label)), RECORD_ID_LABEL]);
    let rows = 0;
    for await (const person of people) {
      rows++;
      chunk += csvLine([String(rows), ...personCells(person, columns, opts).map(keepAsText), person.id]);
      if (rows % FLUSH_EVERY === 0) {
        await write(stream, chunk);
        chunk = '';
      }
    }
    await write(stream, chunk);
    // writeFileAtomically ends the stream, waits for it to close, fsyncs and renames.
    return { file, rows };
  });
}

/** Respects backpressure so a 100k-row export streams instead of piling up in memory. */
function write(stream: WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    stream.once('error', onError);
    const flushed = stream.write(text, 'utf8');
    const done = () => {
      stream.off('error', onError);
      resolve();
    };
    if (flushed) done();
    else stream.once('drain', done);
  });
}
