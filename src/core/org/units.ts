import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import type { Unit, UnitKind } from '../../shared/org';
import { fail, ok, type Result } from '../../shared/result';
import { nowIso, uuidv7 } from '../ids';
import { ensureSelfOffice } from '../office/officeRepo';
import { checkParent, checkSiblingName, deleteNode, nodeFields, peopleCountSql, restoreNode, type NodeRow, type TreeTable } from './tree';

const UNITS: TreeTable = { table: 'units', peopleColumn: 'unit_id', noun: '单位' };

interface UnitRow extends NodeRow {
  kind: UnitKind;
  division_code: string | null;
}

const SELECT_UNIT = `SELECT u.*, ${peopleCountSql(UNITS, 'u')} AS people_count FROM units u`;

const toUnit = (r: UnitRow): Unit => ({ ...nodeFields(r), kind: r.kind, divisionCode: r.division_code });

export function findUnit(db: Database, id: string): Unit | undefined {
  const row = db.prepare(`${SELECT_UNIT} WHERE u.id = ?`).get(id) as UnitRow | undefined;
  return row ? toUnit(row) : undefined;
}

export function listUnits(db: Database, includeDeleted = false): Unit[] {
  const rows = db.prepare(`${SELECT_UNIT} ${includeDeleted ? '' : 'WHERE u.deleted_at IS NULL'} ORDER BY u.sort_order, u.name`).all() as UnitRow[];
  return rows.map(toUnit);
}

export function saveUnit(db: Database, input: ParsedInput<'saveUnit'>): Result<Unit> {
  return db.transaction((): Result<Unit> => {
    const parentId = input.parentId ?? null;
    const existing = input.id ? findUnit(db, input.id) : undefined;
    if (input.id && !existing) return fail('NOT_FOUND', '找不到该单位');
    if (existing?.deletedAt) return fail('CONFLICT', `“${existing.name}”已删除，请先恢复`);
    for (const check of [checkParent(db, UNITS, input.id, parentId), checkSiblingName(db, UNITS, input.name, parentId, input.id)]) {
      if (!check.ok) return check;
    }
    const now = nowIso();
    const id = input.id ?? uuidv7();
    const values = { id, parent_id: parentId, name: input.name, kind: input.kind, division_code: input.divisionCode || null, sort_order: input.sortOrder ?? existing?.sortOrder ?? 0, now };
    if (existing) {
      db.prepare('UPDATE units SET parent_id = @parent_id, name = @name, kind = @kind, division_code = @division_code, sort_order = @sort_order, updated_at = @now WHERE id = @id').run(values);
      // People keep the unit's current name on their rosters.
      if (existing.name !== input.name) db.prepare('UPDATE people SET unit = ?, updated_at = ?, rev = rev + 1 WHERE unit_id = ?').run(input.name, now, id);
    } else {
      db.prepare(
        'INSERT INTO units (id, origin_office, parent_id, name, kind, division_code, sort_order, created_at, updated_at) VALUES (@id, @origin, @parent_id, @name, @kind, @division_code, @sort_order, @now, @now)',
      ).run({ ...values, origin: ensureSelfOffice(db).id });
    }
    return ok(findUnit(db, id)!);
  }).immediate();
}

export function deleteUnit(db: Database, id: string): Result<Unit> {
  return deleteNode(db, UNITS, id, findUnit, (unit) => {
    // A live party organisation of this unit could no longer be saved (its unit must be live).
    const orgs = (db.prepare('SELECT COUNT(*) AS n FROM party_orgs WHERE unit_id = ? AND deleted_at IS NULL').get(unit.id) as { n: number }).n;
    return orgs > 0 ? fail('CONFLICT', `“${unit.name}”下还有${orgs}个党组织，请先改设所属单位或删除后再删除`) : { ok: true, data: null };
  });
}

export function restoreUnit(db: Database, id: string): Result<Unit> {
  return restoreNode(db, UNITS, id, findUnit);
}
