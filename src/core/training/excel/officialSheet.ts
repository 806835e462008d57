import ExcelJS, { type Alignment, type Borders, type Font, type PaperSize, type Worksheet } from 'exceljs';
import { fillDateLine, fillUnitLine, neutraliseFormula, SIGNATURE_LINE } from '../../spreadsheet/exportCells';

/**
 * The official table layout of the roster export (REFERENCE §6), for the small training workbooks: merged title,
 * 填报单位（盖章） left and 填报日期 right, bordered header row repeated on every printed page, 序号 first,
 * text cells in Excel's Text format (IDs and phones never become numbers), every text neutralised against formula
 * injection, A4 landscape one page wide, 第 x 页 共 y 页. Built in memory: a course or a ledger is small.
 */

export const HEADER_ROW = 3;

const SONG = '宋体';
const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const FONT_TITLE: Partial<Font> = { name: SONG, size: 18, bold: true };
const FONT_HEADER: Partial<Font> = { name: SONG, size: 11, bold: true };
const FONT_BODY: Partial<Font> = { name: SONG, size: 11 };
const CENTER: Partial<Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };
const TEXT = '@';
const STYLE_HEADER: Partial<ExcelJS.Style> = { font: FONT_HEADER, alignment: CENTER, border: BORDER, numFmt: TEXT };
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

export function officialSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: readonly SheetColumn[],
  options: { office: { name: string }; today: Date; orientation?: 'landscape' | 'portrait' },
): OfficialSheet {
  const width = columns.length;
  const ws = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
    properties: { defaultRowHeight: 20 },
    pageSetup: {
      paperSize: 9 as PaperSize,
      orientation: options.orientation ?? 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      margins: { left: 0.6, right: 0.6, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.4 },
    },
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  });
  ws.columns = columns.map((c) => ({ width: c.width, style: c.numeric ? {} : { numFmt: TEXT } }));

  const titleRow = ws.getRow(1);
  titleRow.height = 36;
  titleRow.getCell(1).value = textValue(title);
  titleRow.getCell(1).style = { font: FONT_TITLE, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
  ws.mergeCells(1, 1, 1, width);

  const lineRow = ws.getRow(2);
  lineRow.height = 24;
  const split = Math.max(1, Math.floor(width / 2));
  lineRow.getCell(1).value = textValue(fillUnitLine(options.office));
  lineRow.getCell(1).style = STYLE_LINE;
  lineRow.getCell(split + 1).value = textValue(fillDateLine(options.today));
  lineRow.getCell(split + 1).style = { font: FONT_BODY, alignment: { horizontal: 'right', vertical: 'middle' } };
  if (split > 1) ws.mergeCells(2, 1, 2, split);
  if (width > split + 1) ws.mergeCells(2, split + 1, 2, width);

  const header = ws.getRow(HEADER_ROW);
  header.height = 32;
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = textValue(c.label);
    cell.style = STYLE_HEADER;
  });

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
      row.getCell(1).value = textValue(text);
      row.getCell(1).style = STYLE_LINE;
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
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '乡镇党建台账';
  workbook.created = today;
  return workbook;
}
