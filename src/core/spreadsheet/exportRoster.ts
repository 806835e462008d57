import type { WriteStream } from 'node:fs';
import ExcelJS, { type Alignment, type Borders, type Font, type PaperSize, type Row, type Worksheet } from 'exceljs';
import type { Office } from '../../shared/office';
import type { Person } from '../../shared/person';
import type { RosterView } from '../../shared/rosterColumns';
import {
  cellOptions,
  fillDateLine,
  fillUnitLine,
  INDEX_LABEL,
  neutraliseFormula,
  personCells,
  RECORD_ID_LABEL,
  rosterTitle,
  SIGNATURE_LINE,
  viewColumns,
  type ExportCellOptions,
} from './exportCells';
import { writeFileAtomically } from './exportFile';

/**
 * The roster as an xlsx in the official layout (REFERENCE §6): merged title, 填报单位 / 填报日期, header row,
 * bordered data, 填报人 / 审核人 line; A4 landscape, one page wide, header row repeated, 第 x 页 共 y 页.
 * Written with ExcelJS's streaming writer, row by row, so 100k people never sit in memory as a workbook.
 */

export type PeopleSource = Iterable<Person> | AsyncIterable<Person>;

export interface RosterSheet {
  view: RosterView;
  people: PeopleSource;
}

export interface RosterExportOptions extends ExportCellOptions {
  office: Pick<Office, 'name' | 'code'>;
  appVersion?: string;
}

export interface RosterExportSummary {
  file: string;
  sheets: { name: string; title: string; rows: number }[];
  rows: number;
}

const HEADER_ROW = 3;
const FIRST_DATA_ROW = HEADER_ROW + 1;
const INDEX_WIDTH = 6;
/** Let the zip stream drain now and then; a synchronous loop would buffer the whole file in memory. */
const YIELD_EVERY = 500;

const SONG = '宋体';
const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const FONT_TITLE: Partial<Font> = { name: SONG, size: 18, bold: true };
const FONT_HEADER: Partial<Font> = { name: SONG, size: 11, bold: true };
const FONT_BODY: Partial<Font> = { name: SONG, size: 11 };
const CENTER: Partial<Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };
/** '@' is Excel's Text format: the value stays text even when a clerk edits the cell and presses Enter. */
const TEXT = '@';
// Style objects are shared on purpose: ExcelJS caches a style's id by object identity, and building a new
// object per cell made style lookup most of the export time.
const STYLE_HEADER: Partial<ExcelJS.Style> = { font: FONT_HEADER, alignment: CENTER, border: BORDER, numFmt: TEXT };
const STYLE_INDEX: Partial<ExcelJS.Style> = { font: FONT_BODY, alignment: CENTER, border: BORDER };
const STYLE_DATA: Partial<ExcelJS.Style> = { font: FONT_BODY, alignment: CENTER, border: BORDER, numFmt: TEXT };
const STYLE_RECORD_ID: Partial<ExcelJS.Style> = { font: FONT_BODY, numFmt: TEXT };

export async function exportRoster(file: string, view: RosterView, people: PeopleSource, options: RosterExportOptions): Promise<RosterExportSummary> {
  return exportRosterViews(file, [{ view, people }], options);
}

/** One sheet per view, then the 导出信息 sheet. Writes a temp file and renames it into place. */
export async function exportRosterViews(file: string, sheets: readonly RosterSheet[], options: RosterExportOptions): Promise<RosterExportSummary> {
  if (sheets.length === 0) throw new Error('没有要导出的花名册');
  return writeFileAtomically(file, (stream) => writeWorkbook(stream, file, sheets, options));
}

async function writeWorkbook(stream: WriteStream, file: string, sheets: readonly RosterSheet[], options: RosterExportOptions): Promise<RosterExportSummary> {
  const today = options.today ?? new Date();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = '乡镇党建台账';
  workbook.created = today;
  const names = new Set<string>();
  const written: RosterExportSummary['sheets'] = [];
  for (const sheet of sheets) {
    const name = uniqueSheetName(sheet.view.name, names);
    const title = rosterTitle(options.office, sheet.view);
    const rows = await writeRosterSheet(workbook, name, title, sheet, { ...options, today });
    written.push({ name, title, rows });
  }
  writeInfoSheet(workbook, written, { ...options, today });
  await workbook.commit();
  return { file, sheets: written, rows: written.reduce((n, s) => n + s.rows, 0) };
}

async function writeRosterSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, title: string, sheet: RosterSheet, options: RosterExportOptions & { today: Date }): Promise<number> {
  const columns = viewColumns(sheet.view);
  const visible = columns.length + 1;
  const idColumn = visible + 1;
  const ws = workbook.addWorksheet(name, {
    // Streaming writes these at the top of the sheet, so they must be given here, not set later.
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${FIRST_DATA_ROW}`, activeCell: `A${FIRST_DATA_ROW}` }],
    properties: { defaultRowHeight: 20 },
    pageSetup: {
      paperSize: 9 as PaperSize, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages tall as needed
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      // Inches: about 1.5 cm sides, 2 cm top and bottom with room for the page-number footer.
      margins: { left: 0.6, right: 0.6, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.4 },
    },
    // No font in the code: style names are localised (常规 / Regular) and a wrong one is ignored anyway.
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  });
  ws.columns = [
    { key: 'index', width: INDEX_WIDTH },
    ...columns.map((c) => ({ key: c.key, width: c.width, style: { numFmt: TEXT } })),
    { key: 'recordId', width: 38, hidden: true },
  ];

  const titleRow = ws.getRow(1);
  titleRow.height = 36;
  setCell(titleRow, 1, title, { font: FONT_TITLE, alignment: { horizontal: 'center', vertical: 'middle' } });
  ws.mergeCells(1, 1, 1, visible);
  titleRow.commit();

  const lineRow = ws.getRow(2);
  lineRow.height = 24;
  const split = Math.max(1, Math.floor(visible / 2));
  setCell(lineRow, 1, fillUnitLine(options.office), { font: FONT_BODY, alignment: { horizontal: 'left', vertical: 'middle' } });
  setCell(lineRow, split + 1, fillDateLine(options.today), { font: FONT_BODY, alignment: { horizontal: 'right', vertical: 'middle' } });
  if (split > 1) ws.mergeCells(2, 1, 2, split);
  if (visible > split + 1) ws.mergeCells(2, split + 1, 2, visible);
  lineRow.commit();

  const header = ws.getRow(HEADER_ROW);
  header.height = 30;
  [INDEX_LABEL, ...columns.map((c) => c.label), RECORD_ID_LABEL].forEach((label, i) => {
    setCell(header, i + 1, label, STYLE_HEADER);
  });
  header.commit();

  const cellOpts = cellOptions(options);
  let count = 0;
  for await (const person of sheet.people) {
    count++;
    const row = ws.getRow(HEADER_ROW + count);
    const index = row.getCell(1);
    index.value = count;
    index.style = STYLE_INDEX;
    personCells(person, columns, cellOpts).forEach((text, i) => {
      setCell(row, i + 2, text, STYLE_DATA);
    });
    setCell(row, idColumn, person.id, STYLE_RECORD_ID);
    row.commit();
    if (count % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }

  // One blank row, then the signature line the clerk fills in by hand after printing.
  const signRow = ws.getRow(HEADER_ROW + count + 2);
  signRow.height = 28;
  setCell(signRow, 1, SIGNATURE_LINE, { font: FONT_BODY, alignment: { horizontal: 'left', vertical: 'middle' } });
  ws.mergeCells(signRow.number, 1, signRow.number, visible);
  signRow.commit();
  ws.commit();
  return count;
}

/** Metadata for whoever merges files from several offices (REFERENCE §8). */
function writeInfoSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheets: RosterExportSummary['sheets'], options: RosterExportOptions & { today: Date }): void {
  const ws: Worksheet = workbook.addWorksheet('导出信息');
  ws.columns = [{ width: 18 }, { width: 48 }, { width: 12 }];
  const lines: (string | number)[][] = [
    ['项目', '内容'],
    ['导出时间', localTimestamp(options.today)],
    ['单位名称', options.office.name],
    ['单位代码', options.office.code ?? ''],
    ['程序版本', options.appVersion ?? ''],
    ['身份证号', options.maskIdNumbers ? '已部分隐藏' : '完整'],
    ['总人数', sheets.reduce((n, s) => n + s.rows, 0)],
    ['说明', `各花名册最后一列“${RECORD_ID_LABEL}”已隐藏，为系统内部编号，重新导入时用于匹配，请勿修改。`],
    [],
    ['工作表', '标题', '人数'],
    ...sheets.map((s) => [s.name, s.title, s.rows]),
  ];
  lines.forEach((values, i) => {
    const row = ws.getRow(i + 1);
    values.forEach((v, j) => {
      const cell = row.getCell(j + 1);
      cell.value = typeof v === 'string' ? neutraliseFormula(v) : v;
      cell.style = { font: i === 0 || values[0] === '工作表' ? FONT_HEADER : FONT_BODY, alignment: { vertical: 'middle', wrapText: true }, numFmt: typeof v === 'string' ? TEXT : 'General' };
    });
    row.commit();
  });
  ws.commit();
}

function setCell(row: Row, col: number, text: string, style: Partial<ExcelJS.Style>): void {
  const cell = row.getCell(col);
  // Always a string value: ExcelJS writes a formula only for {formula} objects, never for text. Titles and
  // lines come from clerk-edited names too, so everything is neutralised (idempotent for data cells).
  // Excel breaks lines in a cell with LF; XML would turn a bare CR into LF anyway.
  cell.value = neutraliseFormula(text).replace(/\r\n?/g, '\n');
  cell.style = style;
}

/** Excel forbids []:*?/\ in sheet names, and limits them to 31 characters; names must be unique. */
export function uniqueSheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31) || '花名册';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()) || name === '导出信息'; i++) name = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}

function localTimestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
