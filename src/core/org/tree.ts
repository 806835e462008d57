import type { Database } from 'better-sqlite3';
import { fail, type Result } from '../../shared/result';
import { nowIso } from '../ids';

/**
 * What units and party organisations share: a tree of soft-deletable nodes, names unique among live
 * siblings, no cycles, and no deleting a node that still has live children or people.
 */
export interface TreeTable {
  table: 'units' | 'party_orgs';
  /** The people column pointing at this table. */
  peopleColumn: 'unit_id' | 'party_org_id';
  /** 单位 / 党组织, for messages. */
  noun: string;
}

/** The columns units and party organisations share, as read with peopleCountSql. */
export interface NodeRow {
  id: string;
  parent_id: string | null;
  name: string;
  sort_order: number;
  people_count: number;
  origin_office: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export function nodeFields(r: NodeRow) {
  return {
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    sortOrder: r.sort_order,
    peopleCount: r.people_count,
    originOffice: r.origin_office,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
  };
}

export function peopleCountSql(tree: TreeTable, alias: string): string {
  return `(SELECT COUNT(*) FROM people pp WHERE pp.${tree.peopleColumn} = ${alias}.id AND pp.deleted_at IS NULL)`;
}

/** Refuses a parent that is missing, deleted, the node itself, or one of its descendants. */
export function checkParent(db: Database, tree: TreeTable, id: string | undefined, parentId: string | null): Result<null> {
  if (parentId === null) return { ok: true, data: null };
  const parent = db.prepare(`SELECT id FROM ${tree.table} WHERE id = ? AND deleted_at IS NULL`).get(parentId);
  if (!parent) return fail('VALIDATION', `上级${tree.noun}不存在或已删除`, [{ field: 'parentId', message: `上级${tree.noun}不存在或已删除` }]);
  if (id === undefined) return { ok: true, data: null };
  const descendants = db
    .prepare(`WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT t.id FROM ${tree.table} t JOIN sub ON t.parent_id = sub.id) SELECT id FROM sub`)
    .all(id) as { id: string }[];
  if (descendants.some((d) => d.id === parentId)) {
    return fail('VALIDATION', `不能把${tree.noun}放到它自己或它的下级之下`, [{ field: 'parentId', message: `不能选择自己或下级作为上级${tree.noun}` }]);
  }
  return { ok: true, data: null };
}

export function checkSiblingName(db: Database, tree: TreeTable, name: string, parentId: string | null, exceptId: string | undefined): Result<null> {
  const taken = db
    .prepare(`SELECT 1 FROM ${tree.table} WHERE name = ? AND parent_id IS ? AND deleted_at IS NULL AND id IS NOT ?`)
    .get(name, parentId, exceptId ?? null);
  if (taken) return fail('DUPLICATE', `同一上级下已有名为“${name}”的${tree.noun}`, [{ field: 'name', message: `已有同名${tree.noun}` }]);
  return { ok: true, data: null };
}

/** A node still holding live children or people cannot be deleted: say what to move first. */
export function checkDeletable(db: Database, tree: TreeTable, id: string, name: string): Result<null> {
  const children = (db.prepare(`SELECT COUNT(*) AS n FROM ${tree.table} WHERE parent_id = ? AND deleted_at IS NULL`).get(id) as { n: number }).n;
  const people = (db.prepare(`SELECT COUNT(*) AS n FROM people WHERE ${tree.peopleColumn} = ? AND deleted_at IS NULL`).get(id) as { n: number }).n;
  if (children === 0 && people === 0) return { ok: true, data: null };
  const parts = [children > 0 ? `${children}个下级${tree.noun}` : '', people > 0 ? `${people}名人员` : ''].filter(Boolean).join('和');
  return fail('CONFLICT', `“${name}”下还有${parts}，请先移走或删除后再删除`);
}

export function setNodeDeleted(db: Database, tree: TreeTable, id: string, deletedAt: string | null, now: string): void {
  db.prepare(`UPDATE ${tree.table} SET deleted_at = ?, updated_at = ? WHERE id = ?`).run(deletedAt, now, id);
}

/** Restoring under a deleted parent would hide the node: the parent must be live, and the name free. */
export function checkRestorable(db: Database, tree: TreeTable, node: { id: string; name: string; parentId: string | null }): Result<null> {
  if (node.parentId && !db.prepare(`SELECT 1 FROM ${tree.table} WHERE id = ? AND deleted_at IS NULL`).get(node.parentId)) {
    return fail('CONFLICT', `无法恢复“${node.name}”：它的上级${tree.noun}已删除，请先恢复上级`);
  }
  return checkSiblingName(db, tree, node.name, node.parentId, node.id);
}

interface TreeNode {
  id: string;
  name: string;
  parentId: string | null;
  deletedAt: string | null;
}

/**
 * Soft-deletes a node in one transaction, after the shared checks and any of the table's own. Deleting a
 * deleted node is a no-op, so a double click does no harm.
 */
export function deleteNode<T extends TreeNode>(
  db: Database,
  tree: TreeTable,
  id: string,
  find: (db: Database, id: string) => T | undefined,
  extraCheck: (node: T) => Result<null> = () => ({ ok: true, data: null }),
): Result<T> {
  return db.transaction((): Result<T> => {
    const node = find(db, id);
    if (!node) return fail('NOT_FOUND', `找不到该${tree.noun}`);
    if (node.deletedAt) return { ok: true, data: node };
    for (const check of [checkDeletable(db, tree, id, node.name), extraCheck(node)]) if (!check.ok) return check;
    const now = nowIso();
    setNodeDeleted(db, tree, id, now, now);
    return { ok: true, data: find(db, id)! };
  }).immediate();
}

/** Restores a node whose parent is live and whose name is free; `afterRestore` mends the table's own links. */
export function restoreNode<T extends TreeNode>(
  db: Database,
  tree: TreeTable,
  id: string,
  find: (db: Database, id: string) => T | undefined,
  afterRestore: (id: string) => void = () => {},
): Result<T> {
  return db.transaction((): Result<T> => {
    const node = find(db, id);
    if (!node) return fail('NOT_FOUND', `找不到该${tree.noun}`);
    if (!node.deletedAt) return { ok: true, data: node };
    const restorable = checkRestorable(db, tree, node);
    if (!restorable.ok) return restorable;
    setNodeDeleted(db, tree, id, null, nowIso());
    afterRestore(id);
    return { ok: true, data: find(db, id)! };
  }).immediate();
}
