import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import { PARTY_ORG_KINDS, type PartyOrg, type PartyOrgKind } from '../../shared/org';
import { fail, ok, type Result } from '../../shared/result';
import { nowIso, uuidv7 } from '../ids';
import { ensureSelfOffice } from '../office/officeRepo';
import { checkParent, checkSiblingName, deleteNode, nodeFields, peopleCountSql, restoreNode, type NodeRow, type TreeTable } from './tree';

const ORGS: TreeTable = { table: 'party_orgs', peopleColumn: 'party_org_id', noun: '党组织' };

interface PartyOrgRow extends NodeRow {
  kind: PartyOrgKind;
  unit_id: string | null;
}

const SELECT_ORG = `SELECT o.*, ${peopleCountSql(ORGS, 'o')} AS people_count FROM party_orgs o`;

const toOrg = (r: PartyOrgRow): PartyOrg => ({ ...nodeFields(r), kind: r.kind, unitId: r.unit_id });

export function findPartyOrg(db: Database, id: string): PartyOrg | undefined {
  const row = db.prepare(`${SELECT_ORG} WHERE o.id = ?`).get(id) as PartyOrgRow | undefined;
  return row ? toOrg(row) : undefined;
}

export function listPartyOrgs(db: Database, includeDeleted = false): PartyOrg[] {
  const rows = db.prepare(`${SELECT_ORG} ${includeDeleted ? '' : 'WHERE o.deleted_at IS NULL'} ORDER BY o.sort_order, o.name`).all() as PartyOrgRow[];
  return rows.map(toOrg);
}

/** A child sits below its parent; only a 党委 may sit under another 党委 (县委 → 镇党委). */
export function mayNest(child: PartyOrgKind, parent: PartyOrgKind): boolean {
  return PARTY_ORG_KINDS.indexOf(child) > PARTY_ORG_KINDS.indexOf(parent) || (child === '党委' && parent === '党委');
}

function checkKindUnderParent(kind: PartyOrgKind, parent: PartyOrg | undefined): Result<null> {
  if (!parent) return { ok: true, data: null };
  if (!mayNest(kind, parent.kind)) {
    return fail('VALIDATION', `${kind}不能设在${parent.kind}“${parent.name}”之下`, [{ field: 'kind', message: `${kind}应设在更高一级的党组织之下` }]);
  }
  return { ok: true, data: null };
}

/** Changing an organisation's kind must leave its live children still strictly below it. */
function checkKindAboveChildren(db: Database, id: string | undefined, kind: PartyOrgKind): Result<null> {
  if (!id) return { ok: true, data: null };
  const children = db.prepare('SELECT name, kind FROM party_orgs WHERE parent_id = ? AND deleted_at IS NULL').all(id) as { name: string; kind: PartyOrgKind }[];
  const above = children.find((c) => !mayNest(c.kind, kind));
  if (above) {
    return fail('VALIDATION', `下级${above.kind}“${above.name}”不能设在${kind}之下，请先调整下级党组织`, [{ field: 'kind', message: `${kind}不能高于或等于其下级党组织` }]);
  }
  return { ok: true, data: null };
}

export function savePartyOrg(db: Database, input: ParsedInput<'savePartyOrg'>): Result<PartyOrg> {
  return db.transaction((): Result<PartyOrg> => {
    const parentId = input.parentId ?? null;
    const unitId = input.unitId ?? null;
    const existing = input.id ? findPartyOrg(db, input.id) : undefined;
    if (input.id && !existing) return fail('NOT_FOUND', '找不到该党组织');
    if (existing?.deletedAt) return fail('CONFLICT', `“${existing.name}”已删除，请先恢复`);
    if (unitId && !db.prepare('SELECT 1 FROM units WHERE id = ? AND deleted_at IS NULL').get(unitId)) {
      return fail('VALIDATION', '所属单位不存在或已删除', [{ field: 'unitId', message: '所属单位不存在或已删除' }]);
    }
    const parent = parentId ? findPartyOrg(db, parentId) : undefined;
    for (const check of [
      checkParent(db, ORGS, input.id, parentId),
      checkKindUnderParent(input.kind, parent),
      checkKindAboveChildren(db, input.id, input.kind),
      checkSiblingName(db, ORGS, input.name, parentId, input.id),
    ]) {
      if (!check.ok) return check;
    }
    const now = nowIso();
    const id = input.id ?? uuidv7();
    const values = { id, parent_id: parentId, name: input.name, kind: input.kind, unit_id: unitId, sort_order: input.sortOrder ?? existing?.sortOrder ?? 0, now };
    if (existing) {
      db.prepare('UPDATE party_orgs SET parent_id = @parent_id, name = @name, kind = @kind, unit_id = @unit_id, sort_order = @sort_order, updated_at = @now WHERE id = @id').run(values);
    } else {
      db.prepare(
        'INSERT INTO party_orgs (id, origin_office, parent_id, name, kind, unit_id, sort_order, created_at, updated_at) VALUES (@id, @origin, @parent_id, @name, @kind, @unit_id, @sort_order, @now, @now)',
      ).run({ ...values, origin: ensureSelfOffice(db).id });
    }
    return ok(findPartyOrg(db, id)!);
  }).immediate();
}

export function deletePartyOrg(db: Database, id: string): Result<PartyOrg> {
  return deleteNode(db, ORGS, id, findPartyOrg);
}

export function restorePartyOrg(db: Database, id: string): Result<PartyOrg> {
  // Its unit may have been deleted meanwhile; a live organisation must not point at a deleted unit.
  return restoreNode(db, ORGS, id, findPartyOrg, (orgId) =>
    db.prepare('UPDATE party_orgs SET unit_id = NULL WHERE id = ? AND unit_id IN (SELECT id FROM units WHERE deleted_at IS NOT NULL)').run(orgId),
  );
}
