import { renameSync, rmSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import { excel } from '../spreadsheet/excel';
import type { ImportPreview } from '../../shared/importTypes';
import { PERSON_FIELD_LABELS } from '../../shared/person';
import { neutraliseFormula } from '../spreadsheet/exportCells';

/**
 * The list of rows an import turned away, as an xlsx the clerk can send back to the village: 行号, 字段,
 * 问题, then the row's own cells under the original headers, so each line can be corrected and re-sent.
 * Cells are text (ID numbers keep all 18 digits) and formula-like values are neutralised.
 */

export interface ErrorReportInput {
  preview: Pick<ImportPreview, 'fileName' | 'sheet' | 'rejected'>;
  headerTexts: readonly (string | undefined)[];
  rejectedCells: ReadonlyMap<number, readonly string[]>;
}

function errorWorkbook(input: ErrorReportInput): ExcelJS.Workbook {
  const workbook = new (excel().Workbook)();
  const sheet = workbook.addWorksheet('未导入的行');
  const originals = input.headerTexts.slice(1).map((t) => t ?? '');
  sheet.addRow([`“${input.preview.fileName}”（工作表“${input.preview.sheet}”）中未导入的行，共${new Set(input.preview.rejected.map((p) => p.row)).size}行`]);
  const header = sheet.addRow(['行号', '字段', '问题', ...originals]);
  header.font = { bold: true };
  for (const problem of input.preview.rejected) {
    const cells = input.rejectedCells.get(problem.row) ?? [];
    const row = sheet.addRow([problem.row, PERSON_FIELD_LABELS[problem.field] ?? problem.field, problem.message, ...cells.map((c) => neutraliseFormula(c))]);
    // Text format, so an 18-digit ID typed over stays text when the clerk edits the cell.
    for (let i = 4; i <= 3 + cells.length; i++) row.getCell(i).numFmt = '@';
  }
  sheet.getColumn(1).width = 6;
  sheet.getColumn(2).width = 10;
  sheet.getColumn(3).width = 60;
  originals.forEach((_, i) => (sheet.getColumn(4 + i).width = 14));
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return workbook;
}

/** For the window: the bytes, which the shell saves where the clerk chooses. */
export async function errorReportBytes(input: ErrorReportInput): Promise<Buffer> {
  return Buffer.from(await errorWorkbook(input).xlsx.writeBuffer());
}

/** 红旗村两委花名册.xlsx → 红旗村两委花名册-未导入的行.xlsx */
export function errorReportName(fileName: string): string {
  return `${fileName.replace(/\.[^.]+$/, '')}-未导入的行.xlsx`;
}

export async function writeErrorReport(path: string, input: ErrorReportInput): Promise<void> {
  const workbook = errorWorkbook(input);
  // Written beside the target and renamed, so a crash never leaves half a file under the chosen name.
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await workbook.xlsx.writeFile(temp);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
