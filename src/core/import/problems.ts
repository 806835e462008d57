import type { ImportColumn, ImportField, ImportProblem } from '../../shared/importTypes';

/** Issue fields validatePerson reports → the column field that holds them. */
const ISSUE_FIELD: Record<string, ImportField> = { categories: 'category', politicalStatusCode: 'politicalStatus', educationCode: 'education' };

export function columnField(issueField: string): string {
  return ISSUE_FIELD[issueField] ?? issueField;
}

/**
 * Problems name the sheet row as Excel shows it and, where a column holds the field, the column as the
 * clerk sees it (公民身份号码（D列）), so the cell can be found without knowing our field names.
 */
export function problemAt(row: number, field: string, message: string, columns: readonly ImportColumn[]): ImportProblem {
  const column = columns.find((c) => c.field === field);
  return { row, field, message: column ? `${column.header}（${column.letter}列）：${message}` : message };
}

export function byRow(a: ImportProblem, b: ImportProblem): number {
  return a.row - b.row;
}
