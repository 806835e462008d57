import type { Database, Statement } from 'better-sqlite3';
import type { FieldChange, ImportCounts, ImportPreview, ImportProblem, ImportUpdate } from '../../shared/importTypes';
import { normaliseCategories, validatePerson, type Person, type PersonFields, type PersonInput } from '../../shared/person';
import { findPerson } from '../people/peopleRepo';
import { mergeForUpdate } from '../people/peopleService';
import type { CollectedFile, StagedRow } from './collectRows';
import { fieldChanges } from './fieldChanges';
import { byRow, columnField, problemAt } from './problems';

/**
 * Stage two: each valid row against the database. Same ID number as a live person → an update (only the
 * fields the sheet fills; empty cells keep what is stored) or unchanged; otherwise a new person. Runs
 * inside the commit's transaction too, so a person added since the preview is matched, not duplicated.
 */

export interface PlannedCreate {
  row: number;
  fields: PersonFields;
}

export interface PlannedUpdate {
  row: number;
  person: Person;
  fields: PersonFields;
  changes: FieldChange[];
}

export interface DbPlan {
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  unchanged: number;
  rejected: ImportProblem[];
  rejectedRows: Set<number>;
  warnings: ImportProblem[];
}

interface Lookups {
  liveId: Statement<[string], { id: string }>;
  deletedName: Statement<[string], { name: string }>;
  liveByName: Statement<[string], { name: string; unit: string | null }>;
}

function lookups(db: Database): Lookups {
  return {
    liveId: db.prepare('SELECT id FROM people WHERE id_number = ? AND deleted_at IS NULL'),
    deletedName: db.prepare('SELECT name FROM people WHERE id_number = ? AND deleted_at IS NOT NULL ORDER BY deleted_at DESC LIMIT 1'),
    liveByName: db.prepare('SELECT name, unit FROM people WHERE name = ? AND deleted_at IS NULL LIMIT 3'),
  };
}

/**
 * An import adds categories rather than replacing them: a 两委 roster saying 两委成员 must not take away
 * the 致富带头人 the same person already holds.
 */
function updateInput(existing: Person, row: StagedRow): PersonInput {
  const input: PersonInput = { ...row.input };
  if (row.present.has('category')) {
    input.categories = [...new Set([...existing.categories, ...normaliseCategories(row.input)])];
    delete input.category;
  }
  return input;
}

export function planAgainstDb(db: Database, collected: CollectedFile, today: Date = new Date()): DbPlan {
  const q = lookups(db);
  const plan: DbPlan = { creates: [], updates: [], unchanged: 0, rejected: [], rejectedRows: new Set(), warnings: [] };
  const columns = collected.columns;
  for (const row of collected.staged) {
    const idNumber = row.fields.idNumber;
    const match = idNumber ? q.liveId.get(idNumber) : undefined;
    if (match) {
      const existing = findPerson(db, match.id)!;
      if (existing.name !== row.fields.name) {
        plan.rejected.push(
          problemAt(row.row, 'name', `身份证号已登记在“${existing.name}”名下，与本行姓名“${row.fields.name}”不一致，请核对身份证号；如确属改名，请先在花名册中修改姓名后再导入`, columns),
        );
        plan.rejectedRows.add(row.row);
        continue;
      }
      const checked = validatePerson(mergeForUpdate(existing, updateInput(existing, row)), today);
      if (!checked.ok) {
        for (const issue of checked.issues) plan.rejected.push(problemAt(row.row, columnField(issue.field), `${issue.message}（与已登记的信息合并后）`, columns));
        plan.rejectedRows.add(row.row);
        continue;
      }
      const changes = fieldChanges(existing, checked.value);
      if (changes.length === 0) plan.unchanged++;
      else plan.updates.push({ row: row.row, person: existing, fields: checked.value, changes });
      continue;
    }
    if (idNumber) {
      const deleted = q.deletedName.get(idNumber);
      if (deleted) {
        plan.warnings.push(problemAt(row.row, 'idNumber', `该身份证号属于已删除的“${deleted.name}”；将新增一条记录。如需恢复原记录，请在已删除人员中恢复，不要重复导入`, columns));
      }
    } else {
      const same = q.liveByName.all(row.fields.name);
      if (same.length > 0) {
        const who = same.map((p) => (p.unit ? `${p.name}（${p.unit}）` : p.name)).join('、');
        plan.warnings.push(problemAt(row.row, 'name', `与已登记的${who}同名，本行没有身份证号，可能是同一人；将新增一条记录，请核对`, columns));
      }
    }
    plan.creates.push({ row: row.row, fields: row.fields });
  }
  return plan;
}

export function countsOf(collected: CollectedFile, plan: DbPlan): ImportCounts {
  return {
    created: plan.creates.length,
    updated: plan.updates.length,
    unchanged: plan.unchanged,
    rejected: collected.rejectedRows.size + plan.rejectedRows.size,
    ignored: collected.ignored,
  };
}

export function previewOf(collected: CollectedFile, plan: DbPlan): ImportPreview {
  const updates: ImportUpdate[] = plan.updates.map((u) => ({ row: u.row, personId: u.person.id, name: u.person.name, changes: u.changes }));
  return {
    fileName: collected.header.fileName,
    sheets: collected.header.sheets,
    sheet: collected.header.sheet,
    headerRow: collected.header.headerRow,
    columns: collected.columns,
    counts: countsOf(collected, plan),
    rejected: [...collected.rejected, ...plan.rejected].sort(byRow),
    warnings: [...collected.warnings, ...plan.warnings].sort(byRow),
    updates,
  };
}

/**
 * Original cells of every rejected row: as read for rows the file alone rejected, rebuilt from the row's
 * values for rows the database rejected (the sheet's cells are not kept for every valid row).
 */
export function rejectedCellsOf(collected: CollectedFile, preview: ImportPreview): Map<number, string[]> {
  const cells = new Map(collected.rejectedCells);
  const rows = new Set(preview.rejected.map((p) => p.row));
  const width = collected.header.texts.length - 1;
  for (const row of collected.staged) {
    if (!rows.has(row.row) || cells.has(row.row)) continue;
    const values: string[] = Array.from({ length: width }, () => '');
    for (const column of collected.columns) {
      const value = column.field ? (row.input as Record<string, unknown>)[column.field] : undefined;
      if (typeof value === 'string' && column.index - 1 < width) values[column.index - 1] = value;
    }
    cells.set(row.row, values);
  }
  return cells;
}
