import type { ImportColumn } from '../../shared/importTypes';
import { detectColumns, findHeaderRow, HEADER_SEARCH_ROWS, headerTexts, isSubHeader } from './detectHeader';
import { sniffFileKind } from './fileKind';
import { readCsvRows } from './readCsvRows';
import { streamXlsxSheets } from './readXlsxRows';
import type { SheetRow } from './sheetCell';
import { SpreadsheetError, throwIfCancelled } from './spreadsheetError';
import { readWorkbookInfo, type SheetInfo } from './workbookInfo';
import { readZipDirectory, verifyInflatedSizes } from './zipDirectory';

/**
 * Reads a roster file (xlsx, or CSV) as: the header found, then every row below it. Which sheet: the one
 * named, else the first visible sheet that has a header row (a 填表说明 sheet in front is passed over).
 */

export interface RosterHeader {
  fileName: string;
  sheets: string[];
  sheet: string;
  /** The header row as Excel numbers it; with a two-level header, the lower of the two. */
  headerRow: number;
  /** Header text by column number, as shown to the clerk. */
  texts: string[];
  /** Columns with the fields their titles suggest (before remembered or chosen mappings). */
  columns: ImportColumn[];
  /** The sheet's last row as the file declares it, for progress; null when unknown. */
  lastRow: number | null;
  date1904: boolean;
}

export type RosterItem = { type: 'header'; header: RosterHeader } | { type: 'row'; row: SheetRow };

export interface ReadRosterOptions {
  sheet?: string;
  headerRow?: number;
  signal?: AbortSignal;
}

interface Candidate {
  name: string;
  lastRow: number | null;
  rows: AsyncIterable<SheetRow>;
}

export async function* readRoster(path: string, fileName: string, options: ReadRosterOptions = {}): AsyncGenerator<RosterItem> {
  const kind = await sniffFileKind(path, fileName);
  if (kind === 'csv') {
    const rows = await readCsvRows(path, fileName);
    const sheet = fileName.replace(/\.[^.]+$/, '') || 'CSV';
    if (options.sheet !== undefined && options.sheet !== sheet) throw noSuchSheet(fileName, options.sheet, [sheet]);
    yield* fromSheet(fileName, [sheet], { name: sheet, lastRow: rows.at(-1)?.row ?? null, rows: arrayRows(rows) }, options, false, true);
    return;
  }

  const entries = await readZipDirectory(path, fileName);
  await verifyInflatedSizes(path, fileName, entries);
  const info = await readWorkbookInfo(path, fileName, entries);
  const names = info.sheets.map((s) => s.name);
  if (options.sheet !== undefined && !names.includes(options.sheet)) throw noSuchSheet(fileName, options.sheet, names);
  const wanted = (s: SheetInfo) => (options.sheet !== undefined ? s.name === options.sheet : !s.hidden);

  let found = false;
  try {
    for await (const sheet of streamXlsxSheets(path, info.date1904)) {
      throwIfCancelled(options.signal);
      const meta = info.sheets.find((s) => s.partNumber !== null && s.partNumber === sheet.partNumber);
      if (!meta || !wanted(meta)) continue;
      const candidate = { name: meta.name, lastRow: meta.lastRow, rows: sheet.rows };
      for await (const item of fromSheet(fileName, names, candidate, options, info.date1904, options.sheet !== undefined)) {
        found = true;
        yield item;
      }
      if (found) return;
    }
  } catch (error) {
    throw asReadError(error, fileName);
  }
  if (!found) {
    if (options.sheet !== undefined) throw new SpreadsheetError(`文件“${fileName}”的工作表“${options.sheet}”无法读取`);
    throw new SpreadsheetError(`在文件“${fileName}”的各个工作表中都没有找到表头行（应有“姓名”“身份证号”等列名）。请检查文件，或指定表头所在的行`);
  }
}

async function* arrayRows(rows: SheetRow[]): AsyncGenerator<SheetRow> {
  yield* rows;
}

/**
 * Buffers the first rows of one sheet to find the header, then yields the header and every later row.
 * Yields nothing when the sheet has no header and `required` is false, so the caller tries the next sheet.
 */
async function* fromSheet(
  fileName: string,
  sheets: string[],
  sheet: Candidate,
  options: ReadRosterOptions,
  date1904: boolean,
  required: boolean,
): AsyncGenerator<RosterItem> {
  const buffered: SheetRow[] = [];
  const iterator = sheet.rows[Symbol.asyncIterator]();
  const limit = options.headerRow ?? HEADER_SEARCH_ROWS;
  // One row past the header, to see whether a second header row follows.
  let done = false;
  while (!done) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    if (next.value.row > limit + 1) break;
  }
  const header = options.headerRow !== undefined ? buffered.find((r) => r.row === options.headerRow) : findHeaderRow(buffered.filter((r) => r.row <= limit));
  if (!header) {
    if (options.headerRow !== undefined) throw new SpreadsheetError(`文件“${fileName}”工作表“${sheet.name}”的第${options.headerRow}行是空的，不能作为表头`);
    if (required) throw new SpreadsheetError(`在文件“${fileName}”工作表“${sheet.name}”的前${HEADER_SEARCH_ROWS}行中没有找到表头行（应有“姓名”“身份证号”等列名）。请检查文件，或指定表头所在的行`);
    return;
  }
  const after = buffered.filter((r) => r.row > header.row);
  const sub = after[0] && options.headerRow === undefined && isSubHeader(after[0], header) ? after.shift() : undefined;
  const texts = headerTexts(header, sub);
  yield {
    type: 'header',
    header: {
      fileName,
      sheets,
      sheet: sheet.name,
      headerRow: sub?.row ?? header.row,
      texts,
      columns: detectColumns(texts),
      lastRow: sheet.lastRow,
      date1904,
    },
  };
  for (const row of after) yield { type: 'row', row };
  if (done) return;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    yield { type: 'row', row: next.value };
  }
}

function noSuchSheet(fileName: string, sheet: string, names: string[]): SpreadsheetError {
  return new SpreadsheetError(`文件“${fileName}”中没有名为“${sheet}”的工作表。现有工作表：${names.join('、') || '（无）'}`, 'NOT_FOUND');
}

/** ExcelJS and the XML parser throw English errors; the clerk gets a sentence naming the file. */
function asReadError(error: unknown, fileName: string): unknown {
  if (error instanceof SpreadsheetError || (error instanceof Error && error.name === 'ImportCancelled')) return error;
  const detail = error instanceof Error ? error.message.slice(0, 120) : String(error);
  return new SpreadsheetError(`文件“${fileName}”已损坏，无法读取（${detail}）。请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再导入`);
}
