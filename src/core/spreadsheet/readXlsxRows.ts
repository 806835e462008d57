import { createReadStream } from 'node:fs';
import { excel } from './excel';
import { fromExcelValue, type SheetCell, type SheetRow } from './sheetCell';

/**
 * Streams an xlsx sheet by sheet, row by row, with ExcelJS's streaming reader: memory stays flat for a
 * 100k-row county roster, and the event loop gets a turn between chunks so progress polls are answered.
 */

/** The parts of ExcelJS's untyped stream classes this module uses. */
interface StreamCell {
  value: unknown;
  numFmt?: string;
}
interface StreamRow {
  number: number;
  eachCell(options: { includeEmpty: boolean }, callback: (cell: StreamCell, column: number) => void): void;
}
interface StreamWorksheet extends AsyncIterable<StreamRow> {
  name: string;
  partNumber?: number;
}
type Chunks = AsyncIterable<Buffer | string>;
type Entry = NodeJS.ReadableStream & { setEncoding(encoding: BufferEncoding): unknown };
type ParseEvent = { eventType: string; value: StreamWorksheet };
interface ReaderInternals {
  _parseSharedStrings(entry: Entry): AsyncGenerator<unknown>;
  _parseWorkbook(entry: Entry): Promise<void>;
  _parseWorksheet(iterator: Chunks, sheetNo: string): Generator<ParseEvent>;
}

/** Decodes UTF-8 across chunk boundaries, so a character split between two chunks stays whole. */
async function* utf8Text(chunks: Chunks): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

type ReaderClass = new (input: NodeJS.ReadableStream, options: object) => ReaderInternals & AsyncIterable<StreamWorksheet>;

/**
 * ExcelJS 4.4.0 decodes each compressed chunk to text on its own, so a Chinese character that straddles a
 * chunk boundary becomes U+FFFD (exceljs/exceljs#2063, #2084; about 1 cell in 1,000 of a Chinese roster).
 * This subclass hands its XML parser text decoded across boundaries instead. It overrides three internal
 * methods of the pinned version; tests/unit/import read a 5,000-row Chinese workbook to catch a regression.
 * It also records which sheetN.xml part each emitted sheet came from.
 */
function defineWholeCharacterReader(BaseReader: ReaderClass) {
  return class WholeCharacterReader extends BaseReader {
    override _parseSharedStrings(entry: Entry) {
      entry.setEncoding('utf8');
      return super._parseSharedStrings(entry);
    }

    override _parseWorkbook(entry: Entry) {
      entry.setEncoding('utf8');
      return super._parseWorkbook(entry);
    }

    override *_parseWorksheet(iterator: Chunks, sheetNo: string): Generator<ParseEvent> {
      // exceljs#3064: the single streaming pass may end before the zip's last entry, which in ExcelJS-written files
      // (our own exports) is xl/workbook.xml, and then reading the sheet's name throws "reading 'sheets'". Names
      // come from readWorkbookInfo (central directory) by part number, so an empty model is all that is needed.
      (this as { model?: { sheets?: unknown[] } }).model ??= { sheets: [] };
      // A sheet buffered to a temp file (workbook.xml after the sheets) is read from a stream ExcelJS opens lazily
      // and unlinks as soon as the next sheet is asked for. When the caller skips this sheet, the open can lose that
      // race and emit ENOENT with no listener: an uncaught exception. A reader that iterates still gets the error.
      if (typeof (iterator as Partial<NodeJS.ReadableStream>).on === 'function') (iterator as NodeJS.ReadableStream).on('error', () => undefined);
      for (const event of super._parseWorksheet(utf8Text(iterator), sheetNo)) {
        event.value.partNumber = Number(sheetNo);
        yield event;
      }
    }
  };
}

let wholeCharacterReader: ReaderClass | undefined;

/** Defined on first use, so ExcelJS loads only when a workbook is read. */
const WholeCharacterReaderClass = (): ReaderClass =>
  (wholeCharacterReader ??= defineWholeCharacterReader(excel().stream.xlsx.WorkbookReader as unknown as ReaderClass));

export interface XlsxSheet {
  /** The sheetN.xml part number, to look the sheet up in the workbook's own list. */
  partNumber: number | null;
  rows: AsyncIterable<SheetRow>;
}

async function* sheetRows(sheet: StreamWorksheet, date1904: boolean): AsyncGenerator<SheetRow> {
  for await (const row of sheet) {
    const cells: (SheetCell | undefined)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column] = fromExcelValue(cell.value, cell.numFmt, date1904);
    });
    yield { row: row.number, cells };
  }
}

/**
 * Yields the workbook's sheets in file order. A sheet the caller does not iterate is skipped unread.
 * Breaking out of the loop closes the file, so a cancelled import leaves no handle open (Windows could
 * not delete the staged file otherwise).
 */
export async function* streamXlsxSheets(path: string, date1904: boolean): AsyncGenerator<XlsxSheet> {
  const input = createReadStream(path);
  const reader = new (WholeCharacterReaderClass())(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
  try {
    for await (const sheet of reader) {
      yield { partNumber: sheet.partNumber ?? null, rows: sheetRows(sheet, date1904) };
    }
  } finally {
    input.destroy();
  }
}
