import type { ImportColumn, ImportField } from '../../shared/importTypes';
import { matchHeader } from '../../shared/headerSynonyms';
import { cellText, columnLetter, type SheetRow } from './sheetCell';

/**
 * Finds the header row under title rows ("红旗村“两委”成员花名册", merged across the sheet — only its first
 * cell holds text) and 填报单位/填报日期 lines, by scoring each of the first rows on how many of its cells
 * are column titles we know. Title and date lines score 0 or 1; a header scores several.
 */

/** How far down a header may sit. Real rosters put it within the first 10 rows. */
export const HEADER_SEARCH_ROWS = 30;
const MIN_SCORE = 2;

export function headerScore(row: SheetRow): { score: number; fields: Set<ImportField> } {
  const fields = new Set<ImportField>();
  let score = 0;
  for (const cell of row.cells) {
    if (cell?.kind !== 'text') continue;
    const match = matchHeader(cell.text);
    if (!match) continue;
    score++;
    if (match.field) fields.add(match.field);
  }
  return { score, fields };
}

/** The best-scoring row among the candidates, or undefined when none looks like a header. */
export function findHeaderRow(rows: readonly SheetRow[]): SheetRow | undefined {
  let best: SheetRow | undefined;
  let bestScore = 0;
  for (const row of rows) {
    const { score, fields } = headerScore(row);
    const anchored = fields.has('name') || fields.has('idNumber');
    if (anchored && score >= MIN_SCORE && score > bestScore) {
      best = row;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A second header row under the first, as two-level headers have (学历 over 全日制 | 在职, with 姓名
 * merged down beside them): no name or ID of its own, only short texts, and either titles we know or
 * texts standing under an empty (merged) header cell.
 */
export function isSubHeader(row: SheetRow, header: SheetRow): boolean {
  if (row.row !== header.row + 1) return false;
  const columns = detectColumns(header.cells.map((c) => cellText(c)));
  for (const column of columns) {
    if ((column.field === 'name' || column.field === 'idNumber') && cellText(row.cells[column.index]) !== '') return false;
  }
  let underEmpty = false;
  let any = false;
  for (const [index, cell] of row.cells.entries()) {
    if (!cell) continue;
    if (cell.kind !== 'text' || /\d/.test(cell.text) || cell.text.trim().length > 12) return false;
    any = true;
    if (cellText(header.cells[index]) === '') underEmpty = true;
  }
  return any && (underEmpty || headerScore(row).score > 0);
}

/**
 * Header texts by column. With a sub-header, a known title in either row wins; otherwise both are shown,
 * so 学历 over 全日制 reads 学历（全日制） and still maps to 学历.
 */
export function headerTexts(header: SheetRow, subHeader?: SheetRow): string[] {
  const texts: string[] = [];
  const width = Math.max(header.cells.length, subHeader?.cells.length ?? 0);
  // '姓  名' and '出生\n年月' read as 姓名 and 出生年月; spaces between Latin words stay single.
  const clean = (text: string) => text.replace(/(?<=[\u0080-\uffff])\s+(?=[\u0080-\uffff])/g, '').replace(/\s+/g, ' ').trim();
  for (let i = 1; i < width; i++) {
    const top = clean(cellText(header.cells[i]));
    const sub = subHeader ? clean(cellText(subHeader.cells[i])) : '';
    if (sub === '' || top === '') texts[i] = sub || top;
    else if (matchHeader(sub)) texts[i] = sub;
    else texts[i] = `${top}（${sub}）`;
  }
  return texts;
}

/**
 * One column per titled header cell, with the field its title maps to. When two columns map to the same
 * field (单位 and 工作单位), the first keeps it and the later one is left unmapped for the clerk to decide.
 */
export function detectColumns(texts: readonly (string | undefined)[]): ImportColumn[] {
  const taken = new Set<ImportField>();
  const columns: ImportColumn[] = [];
  texts.forEach((text, index) => {
    if (!text || index < 1) return;
    let field = matchHeader(text)?.field ?? null;
    if (field && taken.has(field)) field = null;
    if (field) taken.add(field);
    columns.push({ index, letter: columnLetter(index), header: text, field });
  });
  return columns;
}
