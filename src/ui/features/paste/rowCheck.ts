import { validatePerson, type PersonInput } from '../../../shared/person';
import type { FieldIssue } from '../../../shared/result';
import { normaliseIdNumber } from '../../../shared/validate/idNumber';
import type { ColumnField } from './pasteColumns';

export type RowStatus = 'new' | 'saving' | 'saved' | 'failed';

export interface PasteRow {
  key: number;
  cells: string[];
  status: RowStatus;
  /** What the core said when it refused this row (e.g. DUPLICATE): shown until the row is edited. */
  serverIssues: FieldIssue[];
  serverMessage: string | null;
}

export interface RowCheck {
  /** One message per column, null when the cell is fine. */
  cellErrors: (string | null)[];
  /** Every message for the row, including those no column can show (a field with no column). */
  messages: string[];
  valid: boolean;
}

/** Issue fields that belong to a column under another name (the code of a code-table field). */
const ISSUE_FIELD_TO_COLUMN: Record<string, string> = {
  politicalStatusCode: 'politicalStatus',
  educationCode: 'education',
  categories: 'category',
};

export function toPersonInput(cells: readonly string[], columns: readonly ColumnField[]): PersonInput {
  const input: Record<string, string> = {};
  columns.forEach((field, i) => {
    const value = (cells[i] ?? '').trim();
    if (field && value !== '') input[field] = value;
  });
  return input as PersonInput;
}

export function normalisedIdAt(cells: readonly string[], columns: readonly ColumnField[]): string | null {
  const i = columns.indexOf('idNumber');
  const raw = i < 0 ? '' : (cells[i] ?? '').trim();
  return raw === '' ? null : normaliseIdNumber(raw);
}

/**
 * Checks one row with the same validatePerson the core runs, plus what only the grid can see: an ID number
 * already used by an earlier row of the paste. `duplicateOf` is that earlier row's 1-based number.
 */
export function checkRow(row: PasteRow, columns: readonly ColumnField[], duplicateOf: number | null, today: Date): RowCheck {
  const issues: FieldIssue[] = [];
  const checked = validatePerson(toPersonInput(row.cells, columns), today);
  if (!checked.ok) issues.push(...checked.issues);
  if (duplicateOf !== null) issues.push({ field: 'idNumber', message: `与第${duplicateOf}行的身份证号相同` });

  const cellErrors: (string | null)[] = columns.map(() => null);
  const messages: string[] = [];
  const mark = (issue: FieldIssue) => {
    const field = ISSUE_FIELD_TO_COLUMN[issue.field] ?? issue.field;
    const column = columns.indexOf(field as ColumnField);
    if (column >= 0) cellErrors[column] = cellErrors[column] ? `${cellErrors[column]}；${issue.message}` : issue.message;
  };
  for (const issue of issues) {
    mark(issue);
    if (!messages.includes(issue.message)) messages.push(issue.message);
  }
  // The core's sentence names the person who already holds the ID number; its field issues only mark cells.
  row.serverIssues.forEach(mark);
  if (row.serverMessage) messages.push(row.serverMessage);
  return { cellErrors, messages, valid: checked.ok && duplicateOf === null && row.serverIssues.length === 0 && row.serverMessage === null };
}
