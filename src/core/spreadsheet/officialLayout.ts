import type ExcelJS from 'exceljs';
import type { AddWorksheetOptions, Alignment, Borders, Font, PaperSize, Row, Worksheet } from 'exceljs';
import type { Office } from '../../shared/office';
import { fillDateLine, fillUnitLine } from './exportCells';

/**
 * The official table layout (REFERENCE §6) shared by the roster export and the training workbooks: the styles,
 * the page setup (A4, one page wide, header row repeated, 第 x 页 共 y 页) and the two rows above the header
 * (merged title; 填报单位（盖章） left, 填报日期 right).
 */

const SONG = '宋体';
const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
export const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
export const FONT_TITLE: Partial<Font> = { name: SONG, size: 18, bold: true };
export const FONT_HEADER: Partial<Font> = { name: SONG, size: 11, bold: true };
export const FONT_BODY: Partial<Font> = { name: SONG, size: 11 };
export const CENTER: Partial<Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };
/** '@' is Excel's Text format: the value stays text even when a clerk edits the cell and presses Enter. */
export const TEXT = '@';
// Style objects are shared on purpose: ExcelJS caches a style's id by object identity, and building a new
// object per cell made style lookup most of the export time.
export const STYLE_HEADER: Partial<ExcelJS.Style> = { font: FONT_HEADER, alignment: CENTER, border: BORDER, numFmt: TEXT };

/**
 * Frozen panes under the header row and the print setup. Streaming writes these at the top of the sheet, so
 * they must be given to addWorksheet, not set later.
 */
export function officialSheetOptions(headerRow: number, orientation: 'landscape' | 'portrait' = 'landscape'): Partial<AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }],
    properties: { defaultRowHeight: 20 },
    pageSetup: {
      paperSize: 9 as PaperSize, // A4
      orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages tall as needed
      printTitlesRow: `${headerRow}:${headerRow}`,
      // Inches: about 1.5 cm sides, 2 cm top and bottom with room for the page-number footer.
      margins: { left: 0.6, right: 0.6, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.4 },
    },
    // No font in the code: style names are localised (常规 / Regular) and a wrong one is ignored anyway.
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  };
}

/** How a sheet puts text in a cell (each writer neutralises formulas its own way). */
export type PutText = (row: Row, col: number, text: string, style: Partial<ExcelJS.Style>) => void;

/**
 * Rows 1 and 2 across `width` columns: the merged title, then 填报单位（盖章） over the left half and 填报日期 over
 * the right. `wrap` lets a long title and unit line wrap inside their cells. Rows are committed (a no-op
 * outside the streaming writer).
 */
export function writeOfficialHeading(
  ws: Worksheet,
  width: number,
  heading: { title: string; office: Pick<Office, 'name'>; today: Date },
  put: PutText,
  wrap = false,
): void {
  const titleRow = ws.getRow(1);
  titleRow.height = 36;
  put(titleRow, 1, heading.title, { font: FONT_TITLE, alignment: { horizontal: 'center', vertical: 'middle', ...(wrap ? { wrapText: true } : {}) } });
  ws.mergeCells(1, 1, 1, width);
  titleRow.commit();

  const lineRow = ws.getRow(2);
  lineRow.height = 24;
  const split = Math.max(1, Math.floor(width / 2));
  put(lineRow, 1, fillUnitLine(heading.office), { font: FONT_BODY, alignment: { horizontal: 'left', vertical: 'middle', ...(wrap ? { wrapText: true } : {}) } });
  put(lineRow, split + 1, fillDateLine(heading.today), { font: FONT_BODY, alignment: { horizontal: 'right', vertical: 'middle' } });
  if (split > 1) ws.mergeCells(2, 1, 2, split);
  if (width > split + 1) ws.mergeCells(2, split + 1, 2, width);
  lineRow.commit();
}
