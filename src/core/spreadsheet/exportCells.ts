import type { Office } from '../../shared/office';
import type { Person } from '../../shared/person';
import { fillDate, rosterColumn, rosterTitle, type CellOptions, type RosterColumn, type RosterView } from '../../shared/rosterColumns';

/**
 * What the xlsx and CSV exports share: which columns a view prints, the title and date lines, and the
 * formula-injection guard. Kept apart so both writers (and their tests) agree cell for cell.
 */

/**
 * OWASP "CSV injection": a cell starting with = + - @ (or tab / CR, which some readers strip first) may be
 * run as a formula by Excel, WPS or LibreOffice. Full-width ＝＋－＠ are included because Chinese input
 * methods type them and some spreadsheet apps convert them on entry.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/**
 * Prefixes a dangerous value with an apostrophe, as OWASP recommends. The apostrophe stays visible, so a
 * re-import should drop one leading `'` before = + - @. Both writers use this, so what a clerk sees in
 * Excel is the same whichever format they chose.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text);
}

export const INDEX_LABEL = '序号';
/** The hidden last column: the record's UUID, so a re-import can match rows without guessing. */
export const RECORD_ID_LABEL = '记录编号';

export interface ExportCellOptions {
  /** Exports for the county usually need full ID numbers: default false (full), unlike the screen and print. */
  maskIdNumbers?: boolean;
  maskPhones?: boolean;
  /** Fixes 填报日期 and ages (tests). */
  today?: Date;
}

/** The view's columns in order; unknown keys (a column removed in a later version) are skipped. */
export function viewColumns(view: RosterView): RosterColumn[] {
  return view.columns.map((key) => rosterColumn(key)).filter((c): c is RosterColumn => c !== undefined);
}

export function cellOptions(options: ExportCellOptions): CellOptions {
  return { maskIdNumbers: options.maskIdNumbers ?? false, maskPhones: options.maskPhones ?? false, today: options.today };
}

/** One person's cells in the view's column order, neutralised and ready to write. */
export function personCells(person: Person, columns: readonly RosterColumn[], options: CellOptions): string[] {
  return columns.map((c) => neutraliseFormula(c.value(person, options)));
}

export { fillDate, rosterTitle };

export function fillUnitLine(office: Pick<Office, 'name'>): string {
  return `填报单位（盖章）：${office.name}`;
}

export function fillDateLine(today: Date): string {
  return `填报日期：${fillDate(today)}`;
}

/** Full-width spaces leave room to sign by hand, as on the printed form. */
export const SIGNATURE_LINE = '填报人：　　　　　　　　审核人：　　　　　　　　联系电话：';
