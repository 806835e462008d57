import type ExcelJS from 'exceljs';
import type { Worksheet } from 'exceljs';
import { excel } from '../../spreadsheet/excel';
import { neutraliseFormula, SIGNATURE_LINE } from '../../spreadsheet/exportCells';
import { BORDER, CENTER, FONT_BODY, officialSheetOptions, STYLE_HEADER, TEXT, writeOfficialHeading, type PutText } from '../../spreadsheet/officialLayout';

/**
 * The official table layout of the roster export (REFERENCE §6), for the small training workbooks: merged title,
 * 填报单位（盖章） left and 填报日期 right, bordered header row repeated on every printed page, 序号 first,
 * text cells in Excel's Text format (IDs and phones never become numbers), every text neutralised against formula
 * injection, A4 landscape one page wide, 第 x 页 共 y 页. Built in memory: a course or a ledger is small.
 */

export const HEADER_ROW = 3;

const STYLE_TEXT: Partial<ExcelJS.Style> = { font: FONT_BODY, alignment: CENTER, border: BORDER, numFmt: TEXT };
const STYLE_NUMBER: Partial<ExcelJS.Style> = { font: FONT_BODY, alignment: CENTER, border: BORDER, numFmt: '0.##' };
const STYLE_LINE: Partial<ExcelJS.Style> = { font: FONT_BODY, alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } };

export interface SheetColumn {
  label: string;
  width: number;
  /** Numbers (学时) stay numbers so the clerk can sum them; everything else is text. */
  numeric?: boolean;
}

export type CellValue = string | number | null;

export interface OfficialSheet {
  ws: Worksheet;
  /** Appends a bordered data row (序号 is the caller's first value). */
  addRow(values: readonly CellValue[]): void;
  /** A line under the table (合计, signature), merged across. */
  addLine(text: string, gap?: number): void;
}

export function textValue(text: string | null | undefined): string {
  return neutraliseFormula((text ?? '').replace(/\r\n?/g, '\n'));
}

const putText: PutText = (row, col, text, style) => {
  const cell = row.getCell(col);
  cell.value = textValue(text);
  cell.style = style;
};

export function officialSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: readonly SheetColumn[],
  options: { office: { name: string }; today: Date; orientation?: 'landscape' | 'portrait' },
): OfficialSheet {
  const width = columns.length;
  const ws = workbook.addWorksheet(name, officialSheetOptions(HEADER_ROW, options.orientation));
  ws.columns = columns.map((c) => ({ width: c.width, style: c.numeric ? {} : { numFmt: TEXT } }));

  writeOfficialHeading(ws, width, { title, office: options.office, today: options.today }, putText, true);

  const header = ws.getRow(HEADER_ROW);
  header.height = 32;
  columns.forEach((c, i) => putText(header, i + 1, c.label, STYLE_HEADER));

  let next = HEADER_ROW + 1;
  return {
    ws,
    addRow(values) {
      const row = ws.getRow(next++);
      values.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        if (typeof v === 'number') {
          cell.value = v;
          cell.style = STYLE_NUMBER;
        } else {
          cell.value = textValue(v);
          cell.style = STYLE_TEXT;
        }
      });
    },
    addLine(text, gap = 0) {
      next += gap;
      const row = ws.getRow(next++);
      row.height = 28;
      putText(row, 1, text, STYLE_LINE);
      ws.mergeCells(row.number, 1, row.number, width);
    },
  };
}

export { SIGNATURE_LINE };

/** A file name Windows accepts, with the date it was made. */
export function exportFileName(base: string, today: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${today.getFullYear()}-${p(today.getMonth() + 1)}-${p(today.getDate())}`;
  return `${base}_${date}.xlsx`.replace(/[\\/:*?"<>|\r\n]/g, '_');
}

export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function newWorkbook(today: Date): ExcelJS.Workbook {
  const workbook = new (excel().Workbook)();
  workbook.creator = '乡镇党建台账';
  workbook.created = today;
  return workbook;
}
