import { matchHeader } from '../../../shared/headerSynonyms';
import { IMPORT_FIELDS, type ImportField } from '../../../shared/importTypes';
import { PERSON_FIELD_LABELS } from '../../../shared/person';

/** A pasted column is one person field, or null when the clerk chose 不导入. */
export type ColumnField = ImportField | null;

/** The order most township rosters use; a block pasted without a header row is read this way. */
export const DEFAULT_COLUMNS: readonly ImportField[] = ['name', 'idNumber', 'gender', 'ethnicity', 'politicalStatus', 'education', 'phone', 'unit', 'post'];

export const FIELD_OPTIONS = IMPORT_FIELDS.map((field) => ({ field, label: PERSON_FIELD_LABELS[field] ?? field }));

/** The field a header cell names (the same synonyms as the Excel import), or null for none or 不导入. */
export function fieldForHeader(text: string): ImportField | null {
  return matchHeader(text)?.field ?? null;
}

/**
 * Reads the first pasted row as a header when at least two of its cells are known header words (src/shared
 * headerSynonyms, the Excel import's table; 序号, 年龄 … count as known but are not imported). Returns the
 * field of every column, or null when the row is data.
 */
export function detectHeader(row: readonly string[]): ColumnField[] | null {
  let known = 0;
  const used = new Set<ImportField>();
  const fields = row.map((cell) => {
    const match = matchHeader(cell);
    if (!match || (match.field !== null && used.has(match.field))) return null;
    known++;
    if (match.field !== null) used.add(match.field);
    return match.field;
  });
  return known >= 2 ? fields : null;
}

/**
 * Columns for a block without a header: the default order, shifted by one when the first column is only
 * serial numbers (序号), which clerks often copy along with the rows.
 */
export function defaultColumns(rows: readonly (readonly string[])[], width: number): ColumnField[] {
  const firstColumn = rows.map((r) => (r[0] ?? '').trim()).filter((v) => v !== '');
  const serial = width > 1 && firstColumn.length > 0 && firstColumn.every((v) => /^\d{1,5}$/.test(v));
  const order: ColumnField[] = serial ? [null, ...DEFAULT_COLUMNS] : [...DEFAULT_COLUMNS];
  return Array.from({ length: width }, (_, i) => order[i] ?? null);
}

/** A column name as a spreadsheet shows it: A … Z, AA … */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
