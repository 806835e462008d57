import { classifyRow } from '../../import/rowKinds';
import { readRoster, type RosterHeader } from '../../spreadsheet/readRoster';
import { cellText, type SheetRow } from '../../spreadsheet/sheetCell';
import { SpreadsheetError } from '../../spreadsheet/spreadsheetError';

/**
 * Stage one of a training import, before the database is consulted: the roster reader finds the sheet and its
 * header row (under titles, merged 填报单位 lines, two-level 日期/上午|下午 headers), then every data row is kept
 * and blank rows, footers (制表人：…) and repeated headers are counted and passed over. Depends only on the file,
 * so the preview and the commit read the same thing.
 */

export interface TrainingFile {
  header: RosterHeader;
  rows: SheetRow[];
  ignored: number;
}

/** A participant list is hundreds of rows; recordAttendance takes at most 5000 entries. */
export const MAX_TRAINING_ROWS = 5000;

export interface ReadTrainingOptions {
  sheet?: string;
  headerRow?: number;
}

export async function readTrainingFile(path: string, fileName: string, options: ReadTrainingOptions = {}): Promise<TrainingFile> {
  let file: TrainingFile | undefined;
  let afterFooter = false;
  let lastCounted = 0;
  for await (const item of readRoster(path, fileName, options)) {
    if (item.type === 'header') {
      file = { header: item.header, rows: [], ignored: 0 };
      lastCounted = item.header.headerRow;
      continue;
    }
    const f = file!;
    const row = item.row;
    if (row.row <= f.header.headerRow) continue;
    let kind = classifyRow(row, f.header.columns, afterFooter);
    // classifyRow looks at person columns only; a row holding just attendance marks is still a row to report.
    if (kind === 'blank' && hasOtherContent(row, f.header)) kind = 'data';
    if (kind === 'blank') continue;
    f.ignored += row.row - lastCounted - 1;
    lastCounted = row.row;
    if (kind !== 'data') {
      f.ignored++;
      if (kind === 'footer') afterFooter = true;
      continue;
    }
    if (f.rows.length >= MAX_TRAINING_ROWS) {
      throw new SpreadsheetError(`文件“${fileName}”超过${MAX_TRAINING_ROWS}行。一个培训班的名单一般只有几百人，请检查是否选错了文件，或拆分后再导入`);
    }
    f.rows.push(row);
  }
  if (!file) throw new SpreadsheetError(`在文件“${fileName}”中没有找到表头行（应有“姓名”“身份证号”等列名）`);
  return file;
}

/** Text in a titled column other than 序号 (a template's pre-numbered rows are blank). */
function hasOtherContent(row: SheetRow, header: RosterHeader): boolean {
  return header.columns.some((c) => !/^(序号|编号)$/.test(c.header) && cellText(row.cells[c.index]) !== '');
}
