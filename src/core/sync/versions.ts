import type { Database } from 'better-sqlite3';

/**
 * Questions about versions that need the log: which version of a field wins, and whether one version was
 * known to the author of another. Ancestors always have a smaller clock, so walks stop early.
 */

interface VersionRow {
  hlc: number;
  field: string;
  base_op: string | null;
  resolves: string | null;
}

const cache = new WeakMap<Database, (id: string) => VersionRow | undefined>();

function versionOf(db: Database): (id: string) => VersionRow | undefined {
  let get = cache.get(db);
  if (!get) {
    const statement = db.prepare('SELECT hlc, field, base_op, resolves FROM change_log WHERE op_id = ?');
    get = (id) => statement.get(id) as VersionRow | undefined;
    cache.set(db, get);
  }
  return get;
}

/** True when `ancestor` is `descendant` or a version it replaced or resolved (so its author had seen it). */
export function knewOf(db: Database, ancestor: string, descendant: string | null): boolean {
  if (descendant === null) return false;
  const get = versionOf(db);
  const target = get(ancestor);
  if (!target) return false;
  const stack = [descendant];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === ancestor) return true;
    if (visited.has(id)) continue;
    visited.add(id);
    const row = get(id);
    if (!row || row.hlc < target.hlc) continue;
    if (row.base_op) stack.push(row.base_op);
    if (row.resolves) for (const r of JSON.parse(row.resolves) as string[]) stack.push(r);
  }
  return false;
}

export interface Head {
  op_id: string;
  hlc: number;
  office_id: string;
  value: string;
}

/** The versions of a field no other version replaced, the winner (largest clock, then office id) first. */
export function headsOf(db: Database, table: string, rowId: string, field: string): Head[] {
  return db
    .prepare('SELECT op_id, hlc, office_id, value FROM field_heads WHERE tbl = ? AND row_id = ? AND field = ? ORDER BY hlc DESC, office_id DESC')
    .all(table, rowId, field) as Head[];
}

export function fieldOf(db: Database, opId: string): string | undefined {
  return versionOf(db)(opId)?.field;
}
