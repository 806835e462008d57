import type { ImportColumn, ImportField, ImportProblem } from '../../shared/importTypes';
import type { PersonInput } from '../../shared/person';
import { checkIdNumber, normaliseIdNumber } from '../../shared/validate/idNumber';
import type { SheetRow } from '../spreadsheet/sheetCell';
import { educationName, politicalStatusName, statusName } from './aliases';
import { octoberOf, readDate, readIdNumber, readPhone, readText, type CellReading } from './cellValues';
import { problemAt } from './problems';

/**
 * One sheet row → the PersonInput validatePerson expects. An empty cell leaves its field undefined, so an
 * update keeps the stored value (mergeForUpdate): a blank cell in someone else's file never erases data.
 */

export interface RowReading {
  input: PersonInput;
  /** Fields that had a value in this row. */
  present: Set<ImportField>;
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

const DATE_FIELDS = new Set<ImportField>(['birthDate', 'partyJoinDate', 'partyFullDate', 'workStartDate', 'postStartDate']);

const DATE_LABELS: Partial<Record<ImportField, string>> = {
  birthDate: '出生年月',
  partyJoinDate: '入党时间',
  partyFullDate: '转正时间',
  workStartDate: '参加工作时间',
  postStartDate: '任现职时间',
};

function reading(field: ImportField, row: SheetRow, column: ImportColumn, date1904: boolean): CellReading {
  const cell = row.cells[column.index];
  if (DATE_FIELDS.has(field)) return readDate(cell, date1904);
  if (field === 'idNumber') return readIdNumber(cell);
  if (field === 'phone') return readPhone(cell);
  return readText(cell);
}

function valueFor(field: ImportField, text: string): string {
  switch (field) {
    case 'idNumber':
      return normaliseIdNumber(text);
    case 'politicalStatus':
      return politicalStatusName(text);
    case 'education':
      return educationName(text);
    case 'status':
      return statusName(text);
    case 'ethnicity':
    case 'gender':
      return text.normalize('NFKC').replace(/\s+/g, '');
    default:
      return text;
  }
}

export function readPersonRow(row: SheetRow, columns: readonly ImportColumn[], date1904: boolean): RowReading {
  const input: Record<string, string> = {};
  const present = new Set<ImportField>();
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const ambiguous: ImportField[] = [];
  for (const column of columns) {
    const field = column.field;
    if (!field) continue;
    const r = reading(field, row, column, date1904);
    if (r === null) continue;
    present.add(field);
    if (!r.ok) {
      problems.push(problemAt(row.row, field, r.message, columns));
      continue;
    }
    input[field] = valueFor(field, r.text);
    if (r.warning) warnings.push(problemAt(row.row, field, r.warning, columns));
    if (r.ambiguousOctober) ambiguous.push(field);
  }
  for (const field of ambiguous) resolveOctober(field, input, row.row, columns, warnings);
  return { input: input as PersonInput, present, problems, warnings };
}

/**
 * 1978.1 as a number: January as typed, or October with Excel's dropped zero. The ID number settles a
 * birth date; otherwise January is kept and the clerk is asked to check.
 */
function resolveOctober(field: ImportField, input: Record<string, string>, row: number, columns: readonly ImportColumn[], warnings: ImportProblem[]): void {
  const text = input[field]!;
  if (field === 'birthDate' && input.idNumber) {
    const id = checkIdNumber(input.idNumber);
    if (id.ok && id.value.birthDate.startsWith(`${text.slice(0, 4)}-10`)) {
      input[field] = octoberOf(text);
      return;
    }
    if (id.ok && id.value.birthDate.startsWith(`${text.slice(0, 4)}-01`)) return;
  }
  const label = DATE_LABELS[field] ?? field;
  warnings.push(problemAt(row, field, `${label}“${text}”以数字保存，可能是${text.slice(0, 4)}.10被 Excel 去掉了末尾的0；已按${text.slice(0, 4)}年1月导入，请核对`, columns));
}
