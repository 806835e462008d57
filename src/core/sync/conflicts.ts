import type { Database } from 'better-sqlite3';
import { fieldLabel, tableLabel } from '../../shared/syncLabels';
import type { ConflictItem, ConflictValue } from '../../shared/sync';
import { headMeaningSql } from './captureSql';
import { PRESENT_FIELD, SYNC_TABLE_BY_NAME, SYNC_TABLES, isJunction, type SyncTable } from './syncTables';

/** How a record is named in a conflict list: a person by name, a session by course and date. */
const RECORD_LABEL_SQL: Readonly<Record<string, string>> = {
  units: 'SELECT name FROM units WHERE id = ?',
  party_orgs: 'SELECT name FROM party_orgs WHERE id = ?',
  people: "SELECT name || ifnull('（' || unit || '）', '') FROM people WHERE id = ?",
  posts: "SELECT p.name || ' · ' || s.title FROM posts s JOIN people p ON p.id = s.person_id WHERE s.id = ?",
  courses: "SELECT '《' || name || '》' FROM courses WHERE id = ?",
  course_sessions: "SELECT '《' || c.name || '》' || s.date || ' ' || s.period FROM course_sessions s JOIN courses c ON c.id = s.course_id WHERE s.id = ?",
  enrolments: "SELECT p.name || ' · 《' || c.name || '》' FROM enrolments e JOIN people p ON p.id = e.person_id JOIN courses c ON c.id = e.course_id WHERE e.id = ?",
  attendance: "SELECT p.name || ' · ' || s.date || ' ' || s.period FROM attendance a JOIN people p ON p.id = a.person_id JOIN course_sessions s ON s.id = a.session_id WHERE a.id = ?",
  committee_seats: "SELECT p.name || ' · ' || c.role FROM committee_seats c JOIN people p ON p.id = c.person_id WHERE c.id = ?",
  activities: "SELECT date || ' ' || topic FROM activities WHERE id = ?",
  activity_attendance: "SELECT p.name || ' · ' || a.date || ' ' || a.topic FROM activity_attendance t JOIN people p ON p.id = t.person_id JOIN activities a ON a.id = t.activity_id WHERE t.id = ?",
  attachments: 'SELECT file_name FROM attachments WHERE id = ?',
};

export function recordLabel(db: Database, table: string, rowId: string): string {
  const sql = RECORD_LABEL_SQL[table];
  const label = sql ? (db.prepare(sql).pluck().get(rowId) as string | null | undefined) : undefined;
  return label ?? rowId.slice(0, 13);
}

/** Values as a clerk reads them: text as is, empty as （空）, a deletion as 已删除. */
export function displayValue(field: string, json: string | null): string {
  if (json === null || json === 'null') return field === 'deleted_at' ? '未删除' : '（空）';
  const value = JSON.parse(json) as unknown;
  if (field === 'deleted_at') return '已删除';
  if (field === '_present') return value === '1' || value === 1 ? '有' : '无';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

interface HeadRow {
  tbl: string;
  row_id: string;
  field: string;
  op_id: string;
  office_id: string;
  value: string;
  at: string;
  operator: string | null;
  office_name: string | null;
}

const quietFields = new Map(SYNC_TABLES.map((t) => [t.name, new Set(t.quiet)]));

/** Keys of every open conflict, for telling which ones an import brought. */
export function conflictKeys(db: Database): Set<string> {
  const keys = new Set<string>();
  for (const row of db
    .prepare(
      `SELECT tbl, row_id, field FROM field_heads h GROUP BY tbl, row_id, field
       HAVING count(*) > 1 AND count(DISTINCT CASE WHEN field = 'deleted_at' THEN ${headMeaningSql('deleted_at')} ELSE value END) > 1`,
    )
    .all() as { tbl: string; row_id: string; field: string }[]) {
    if (!quietFields.get(row.tbl)?.has(row.field)) keys.add(`${row.tbl}\u0000${row.row_id}\u0000${row.field}`);
  }
  for (const row of db.prepare('SELECT tbl, row_id FROM sync_row_conflicts').all() as { tbl: string; row_id: string }[]) keys.add(`${row.tbl}\u0000${row.row_id}\u0000`);
  return keys;
}

export function listConflicts(db: Database, only?: Set<string>): ConflictItem[] {
  const self = db.prepare('SELECT office_id FROM sync_state').pluck().get() as string;
  const keys = [...conflictKeys(db)].filter((k) => !only || only.has(k));
  const headsOf = db.prepare(
    `SELECT h.tbl, h.row_id, h.field, h.op_id, h.office_id, h.value, c.at, c.operator, o.name AS office_name
     FROM field_heads h JOIN change_log c ON c.op_id = h.op_id LEFT JOIN office o ON o.id = h.office_id
     WHERE h.tbl = ? AND h.row_id = ? AND h.field = ? ORDER BY h.hlc DESC, h.office_id DESC`,
  );
  const opInfo = db.prepare('SELECT c.op_id, c.office_id, c.field, c.new_value AS value, c.at, c.operator, o.name AS office_name FROM change_log c LEFT JOIN office o ON o.id = c.office_id WHERE c.op_id = ?');
  const toValue = (row: Omit<HeadRow, 'tbl' | 'row_id'>, field: string, winner: boolean): ConflictValue => ({
    opId: row.op_id,
    officeId: row.office_id,
    officeName: row.office_name ?? row.office_id.slice(0, 8),
    value: row.value ?? 'null',
    display: displayValue(field, row.value),
    at: row.at,
    operator: row.operator,
    mine: row.office_id === self,
    winner,
  });
  const items: ConflictItem[] = [];
  for (const key of keys) {
    const [table, rowId, field] = key.split('\u0000') as [string, string, string];
    if (field) {
      const heads = headsOf.all(table, rowId, field) as HeadRow[];
      items.push({
        kind: 'field',
        table,
        tableLabel: tableLabel(table),
        rowId,
        recordLabel: recordLabel(db, table, rowId),
        field,
        fieldLabel: fieldLabel(field),
        values: heads.map((h, i) => toValue(h, field, i === 0)),
      });
    } else {
      const conflict = db.prepare('SELECT delete_op, edit_ops FROM sync_row_conflicts WHERE tbl = ? AND row_id = ?').get(table, rowId) as { delete_op: string; edit_ops: string };
      const ops = [conflict.delete_op, ...(JSON.parse(conflict.edit_ops) as string[])].map((id) => opInfo.get(id) as HeadRow).filter(Boolean);
      items.push({
        kind: 'delete',
        table,
        tableLabel: tableLabel(table),
        rowId,
        recordLabel: recordLabel(db, table, rowId),
        field: null,
        fieldLabel: '删除与修改',
        values: ops.map((op, i) => ({ ...toValue(op, op.field, i === 0), display: i === 0 ? '已删除' : `${fieldLabel(op.field)}改为：${displayValue(op.field, op.value)}` })),
      });
    }
  }
  items.sort((a, b) => a.tableLabel.localeCompare(b.tableLabel, 'zh-CN') || a.recordLabel.localeCompare(b.recordLabel, 'zh-CN') || (a.field ?? '').localeCompare(b.field ?? ''));
  return items;
}

export class ResolveRefused extends Error {}

function setResolving(db: Database, fields: string[]): void {
  db.prepare('UPDATE sync_state SET resolving = ?').run(fields.length > 0 ? `,${fields.join(',')},` : '');
}

/**
 * Settles a field conflict with one of the versions or a new value. The result is an ordinary change of this
 * office that names every version it settles, so other offices holding the same conflict settle it too.
 */
export function resolveFieldConflict(db: Database, table: string, rowId: string, field: string, valueJson: string, derived: Record<string, unknown> = {}): void {
  const spec = SYNC_TABLE_BY_NAME.get(table);
  const junction = spec !== undefined && isJunction(spec) && field === PRESENT_FIELD;
  if (!spec || (!junction && (isJunction(spec) || !spec.columns.includes(field)))) throw new ResolveRefused('没有这个字段');
  const heads = db.prepare('SELECT count(*) FROM field_heads WHERE tbl = ? AND row_id = ? AND field = ?').pluck().get(table, rowId, field) as number;
  if (heads < 2) throw new ResolveRefused('这处冲突已经解决（可能已由其他单位解决），请刷新');
  if (junction) return resolveMembership(db, spec, rowId, valueJson);
  db.transaction(() => {
    const extra = Object.keys(derived).filter((c) => spec.columns.includes(c));
    setResolving(db, [field, ...extra]);
    const sets = [`${field} = json_extract(@value, '$')`, ...extra.map((c) => `${c} = @d_${c}`), "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"];
    if (spec.local.includes('rev')) sets.push('rev = rev + 1');
    const params: Record<string, unknown> = { value: valueJson, id: rowId };
    for (const c of extra) params[`d_${c}`] = derived[c];
    db.prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = @id`).run(params);
    setResolving(db, []);
  }).immediate();
}

/**
 * A membership (a person's category, an activity's type) added in one office and removed in the other: the chosen
 * state is written as a change that settles both versions. When it is already the state here, it is written as
 * a remove and an add (or the reverse), so the settling change exists.
 */
function resolveMembership(db: Database, spec: SyncTable, rowId: string, valueJson: string): void {
  const want = JSON.parse(valueJson) as unknown;
  const present = want === '1' || want === 1;
  const [a, b] = JSON.parse(rowId) as [string, string];
  const insert = db.prepare(`INSERT INTO ${spec.name} (${spec.key[0]}, ${spec.key[1]}) VALUES (?, ?)`);
  const remove = db.prepare(`DELETE FROM ${spec.name} WHERE ${spec.key[0]} = ? AND ${spec.key[1]} = ?`);
  db.transaction(() => {
    const exists = db.prepare(`SELECT 1 FROM ${spec.name} WHERE ${spec.key[0]} = ? AND ${spec.key[1]} = ?`).pluck().get(a, b) !== undefined;
    setResolving(db, [PRESENT_FIELD]);
    if (exists) remove.run(a, b);
    if (present) insert.run(a, b);
    else if (!exists) {
      insert.run(a, b);
      setResolving(db, []);
      remove.run(a, b);
    }
    setResolving(db, []);
  }).immediate();
}

/** Settles a delete-against-edit conflict: put the record back with the edits, or confirm the delete. */
export function resolveDeleteConflict(db: Database, table: string, rowId: string, choice: 'restore' | 'keepDeleted'): void {
  const spec = SYNC_TABLE_BY_NAME.get(table);
  if (!spec?.softDelete) throw new ResolveRefused('没有这条记录');
  const open = db.prepare('SELECT 1 FROM sync_row_conflicts WHERE tbl = ? AND row_id = ?').pluck().get(table, rowId);
  if (!open) throw new ResolveRefused('这处冲突已经解决（可能已由其他单位解决），请刷新');
  db.transaction(() => {
    if (choice === 'restore') {
      db.prepare(`UPDATE ${table} SET deleted_at = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(rowId);
    } else {
      setResolving(db, ['deleted_at']);
      db.prepare(`UPDATE ${table} SET deleted_at = deleted_at WHERE id = ?`).run(rowId);
      setResolving(db, []);
    }
  }).immediate();
}
