import type { ImportColumn, ImportField, ImportProblem } from '../../shared/importTypes';
import { validatePerson, type PersonFields, type PersonInput } from '../../shared/person';
import { checkIdNumber } from '../../shared/validate/idNumber';
import { readRoster, type RosterHeader } from '../spreadsheet/readRoster';
import { cellText, type SheetRow } from '../spreadsheet/sheetCell';
import { SpreadsheetError, throwIfCancelled } from '../spreadsheet/spreadsheetError';
import { applyMappings, mappingKey, type ColumnMapping } from './columnMapping';
import { columnField, problemAt } from './problems';
import { readPersonRow } from './readPersonRow';
import { classifyRow } from './rowKinds';

/**
 * Stage one of an import, before the database is consulted: read every row, turn it into a PersonInput,
 * validate it on its own (validatePerson, the one shared check), and reject duplicates inside the file.
 * What it returns depends only on the file, so preview and commit read the same thing.
 */

export interface StagedRow {
  row: number;
  input: PersonInput;
  /** validatePerson's result for the row alone (a create uses it as is). */
  fields: PersonFields;
  present: Set<ImportField>;
}

export interface CollectedFile {
  header: RosterHeader;
  columns: ImportColumn[];
  mappingKey: string;
  staged: StagedRow[];
  rejected: ImportProblem[];
  /** Rows rejected, for the counts (a row may have several problems). */
  rejectedRows: Set<number>;
  warnings: ImportProblem[];
  /** The original cells of rejected rows, for the error list saved as xlsx. */
  rejectedCells: Map<number, string[]>;
  /** Blank rows, footers and repeated headers between the header and the last row with anything in it. */
  ignored: number;
}

export interface CollectOptions {
  sheet?: string;
  headerRow?: number;
  /** Chosen for this import; wins over the remembered and detected mapping. */
  mapping?: ColumnMapping;
  /** The mapping remembered for a header layout, if any. */
  remembered?: (key: string) => ColumnMapping | undefined;
  signal?: AbortSignal;
  today?: Date;
  /** Called as rows are read: the row number reached, and the sheet's last row when known. */
  onProgress?: (rowReached: number, lastRow: number | null) => void;
}

const YIELD_EVERY = 500;

export async function collectRoster(path: string, fileName: string, options: CollectOptions = {}): Promise<CollectedFile> {
  const today = options.today ?? new Date();
  let collected: CollectedFile | undefined;
  let lastCounted = 0;
  let lastRead = 0;
  let afterFooter = false;
  const seenIds = new Map<string, number>();
  const namesWithoutId = new Map<string, number>();
  let sinceYield = 0;

  for await (const item of readRoster(path, fileName, { sheet: options.sheet, headerRow: options.headerRow, signal: options.signal })) {
    throwIfCancelled(options.signal);
    if (item.type === 'header') {
      collected = start(item.header, options);
      lastCounted = item.header.headerRow;
      lastRead = lastCounted;
      continue;
    }
    const c = collected!;
    const row = item.row;
    lastRead = row.row;
    options.onProgress?.(row.row, c.header.lastRow);
    if (++sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      // The xlsx stream yields between chunks already; a CSV is all in memory and needs the turn given.
      await new Promise<void>((resolve) => setImmediate(resolve));
      throwIfCancelled(options.signal);
    }
    if (row.row <= c.header.headerRow) continue;
    const kind = classifyRow(row, c.columns, afterFooter);
    if (kind === 'blank') continue;
    // Blank rows count once something follows them: trailing empty rows Excel keeps formatted are not rows.
    c.ignored += row.row - lastCounted - 1;
    lastCounted = row.row;
    if (kind !== 'data') {
      c.ignored++;
      if (kind === 'footer') afterFooter = true;
      continue;
    }
    stageRow(c, row, today, seenIds, namesWithoutId);
  }
  if (!collected) throw new SpreadsheetError(`在文件“${fileName}”中没有找到表头行`);
  options.onProgress?.(lastRead, collected.header.lastRow);
  return collected;
}

function start(header: RosterHeader, options: CollectOptions): CollectedFile {
  const key = mappingKey(header.texts);
  const columns = applyMappings(header.columns, options.remembered?.(key), options.mapping);
  const warnings: ImportProblem[] = [];
  if (!columns.some((c) => c.field === 'name')) {
    warnings.push({ row: header.headerRow, field: 'name', message: '表头中没有找到“姓名”列，各行都无法导入。请在列对应关系中指定姓名所在的列' });
  }
  return { header, columns, mappingKey: key, staged: [], rejected: [], rejectedRows: new Set(), warnings, rejectedCells: new Map(), ignored: 0 };
}

function reject(c: CollectedFile, row: SheetRow, problems: ImportProblem[]): void {
  c.rejected.push(...problems);
  c.rejectedRows.add(row.row);
  const width = Math.max(c.header.texts.length, row.cells.length);
  const cells: string[] = [];
  for (let i = 1; i < width; i++) cells.push(cellText(row.cells[i]));
  c.rejectedCells.set(row.row, cells);
}

function stageRow(c: CollectedFile, row: SheetRow, today: Date, seenIds: Map<string, number>, namesWithoutId: Map<string, number>): void {
  const reading = readPersonRow(row, c.columns, c.header.date1904);
  c.warnings.push(...reading.warnings);
  const checked = validatePerson(reading.input, today);
  const problems = [...reading.problems];
  const unreadable = new Set(reading.problems.map((p) => p.field));
  if (!checked.ok) {
    for (const issue of checked.issues) {
      const field = columnField(issue.field);
      // An unreadable ID leaves gender and birth date underived; say only what is really wrong.
      if (unreadable.has(field) || (unreadable.has('idNumber') && (field === 'gender' || field === 'birthDate'))) continue;
      problems.push(problemAt(row.row, field, issue.message, c.columns));
    }
  }

  // A valid ID counts as seen even on a rejected row, so a later copy of it is named as a duplicate.
  const idNumber = checked.ok ? checked.value.idNumber : validIdNumber(reading.input.idNumber, today);
  if (idNumber) {
    const earlier = seenIds.get(idNumber);
    if (earlier !== undefined) {
      problems.push(problemAt(row.row, 'idNumber', `与第${earlier}行的身份证号相同，同一人在一份名单中只能出现一次，本行未导入`, c.columns));
    } else seenIds.set(idNumber, row.row);
  }

  if (problems.length > 0 || !checked.ok) {
    reject(c, row, problems.length > 0 ? problems : [{ row: row.row, field: '', message: '本行内容不完整，未导入' }]);
    return;
  }
  if (!checked.value.idNumber) {
    const earlier = namesWithoutId.get(checked.value.name);
    if (earlier !== undefined) {
      c.warnings.push(problemAt(row.row, 'name', `与第${earlier}行姓名相同，且都没有身份证号，可能是同一人重复填写；两行都会新增，请核对`, c.columns));
    } else namesWithoutId.set(checked.value.name, row.row);
  }
  c.staged.push({ row: row.row, input: reading.input, fields: checked.value, present: reading.present });
}

function validIdNumber(raw: string | null | undefined, today: Date): string | null {
  if (!raw) return null;
  const id = checkIdNumber(raw, today);
  return id.ok ? id.value.idNumber : null;
}
