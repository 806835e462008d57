import type { ImportColumn } from '../../shared/importTypes';
import { cellText, type SheetRow } from '../spreadsheet/sheetCell';

/**
 * Which rows below the header are people. Blank rows, the signature lines under a printed roster
 * (制表人：张三 审核人：李四, 合计, 备注：…), a repeated header and a row of column numbers are not.
 */

export type RowKind = 'data' | 'blank' | 'footer' | 'header';

const FOOTER_START = /^(制表人|制表|审核人|审核|填表人|填报人|填表|经办人|负责人|单位负责人|主要负责人|分管领导|联系人|联系电话|填报日期|填表日期|制表日期|日期|合计|总计|小计|共计|备注|说明|填表说明|注)[:：]/;
const FOOTER_WHOLE = /^(合计|总计|小计|共计)(\d+人?)?$|^(共|合计)\d+人$/;
const SIGNATURE_ANYWHERE = /(制表人|审核人|填表人|填报人|负责人)\s*[:：]/;

const squeeze = (text: string) => text.replace(/\s+/g, '');

function firstText(row: SheetRow): string | undefined {
  for (const cell of row.cells) {
    const t = squeeze(cellText(cell));
    if (t !== '') return t;
  }
  return undefined;
}

/** A person's row starts with 序号 or 姓名, never with 制表人：; a signature further right needs a row without a person. */
export function isFooterRow(row: SheetRow, columns: readonly ImportColumn[]): boolean {
  const first = firstText(row);
  if (first === undefined) return false;
  if (FOOTER_START.test(first) || FOOTER_WHOLE.test(first)) return true;
  return row.cells.some((c) => c?.kind === 'text' && SIGNATURE_ANYWHERE.test(c.text)) && !looksLikePerson(row, columns);
}

/** No value in any imported column: template rows pre-numbered in 序号 only count as blank too. */
export function isBlankRow(row: SheetRow, columns: readonly ImportColumn[]): boolean {
  return columns.every((c) => c.field === null || cellText(row.cells[c.index]) === '');
}

/**
 * The header printed again (a roster pasted from several pages), or the 1 2 3 4 … row under a header.
 * Compared as written (spaces aside): a repeated header is a copy of the first.
 */
export function isHeaderLikeRow(row: SheetRow, columns: readonly ImportColumn[]): boolean {
  const titled = columns.filter((c) => c.header !== '');
  let same = 0;
  for (const c of titled) {
    const cell = row.cells[c.index];
    if (cell?.kind === 'text' && squeeze(cell.text) === squeeze(c.header)) same++;
  }
  if (titled.length > 0 && same * 2 >= titled.length) return true;
  if (firstText(row) !== '1') return false;
  const values = row.cells.map((c) => squeeze(cellText(c))).filter((t) => t !== '');
  return values.length >= 3 && values.every((v, i) => v === String(i + 1));
}

/** After a footer line, only a row that clearly holds a person is read again. */
export function looksLikePerson(row: SheetRow, columns: readonly ImportColumn[]): boolean {
  const name = columns.find((c) => c.field === 'name');
  const id = columns.find((c) => c.field === 'idNumber');
  const nameText = name ? cellText(row.cells[name.index]) : '';
  const idText = id ? cellText(row.cells[id.index]) : '';
  return /^[\p{Script=Han}·]{2,}$/u.test(nameText) && (idText !== '' || columns.filter((c) => c.field && cellText(row.cells[c.index]) !== '').length >= 3);
}

export function classifyRow(row: SheetRow, columns: readonly ImportColumn[], afterFooter: boolean): RowKind {
  if (isFooterRow(row, columns)) return 'footer';
  if (isBlankRow(row, columns)) return 'blank';
  if (isHeaderLikeRow(row, columns)) return 'header';
  if (afterFooter && !looksLikePerson(row, columns)) return 'footer';
  return 'data';
}
