import type { WriteStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import type { Row, Worksheet } from 'exceljs';
import { excel } from './excel';
import type { Office } from '../../shared/office';
import type { Person } from '../../shared/person';
import type { RosterView } from '../../shared/rosterColumns';
import {
  cellOptions,
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
import { BORDER, CENTER, FONT_BODY, FONT_HEADER, officialSheetOptions, STYLE_HEADER, TEXT, writeOfficialHeading } from './officialLayout';

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
const INDEX_WIDTH = 6;
/** Let the zip stream drain now and then; a synchronous loop would buffer the whole file in memory. */
const YIELD_EVERY = 500;

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
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({ stream, useStyles: true, useSharedStrings: false });
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
  const ws = workbook.addWorksheet(name, officialSheetOptions(HEADER_ROW));
  ws.columns = [
    { key: 'index', width: INDEX_WIDTH },
    ...columns.map((c) => ({ key: c.key, width: c.width, style: { numFmt: TEXT } })),
    { key: 'recordId', width: 38, hidden: true },
  ];

  writeOfficialHeading(ws, visible, { title, office: options.office, today: options.today }, setCell);

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
