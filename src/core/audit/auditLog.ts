import type { Database } from 'better-sqlite3';
import type { AuditEntry, AuditPage } from '../../shared/audit';
import type { ParsedInput } from '../../shared/contract';
import { tableLabel } from '../../shared/syncLabels';
import { AuditDisplay, QUIET_FIELDS, type RawEntry } from './auditDisplay';

/**
 * The audit trail is the change log itself: every write to a synced table, here or in another office, one entry
 * per field with who (operator), when (at) and old → new. The log is append-only (its triggers refuse edits), so
 * this module only reads it.
 */

interface Row extends RawEntry {
  op_id: string;
  at: string;
  operator: string | null;
  office_id: string;
  office_name: string | null;
  import_id: string | null;
}

export interface AuditFilters {
  from?: string;
  to?: string;
  operator?: string;
  table?: string;
  full?: boolean;
}

interface Where {
  sql: string;
  params: unknown[];
}

const NOT_QUIET = `c.field NOT IN (${QUIET_FIELDS.map((f) => `'${f}'`).join(', ')})`;

/** Rows owned by a record: a person's 人员类别 and 任职经历, a course's sessions, an activity's types and attachments. */
const OWNED: Readonly<Record<string, readonly { table: string; junction?: true; ids?: string }[]>> = {
  people: [{ table: 'person_categories', junction: true }, { table: 'posts', ids: 'SELECT id FROM posts WHERE person_id = ?' }],
  courses: [{ table: 'course_sessions', ids: 'SELECT id FROM course_sessions WHERE course_id = ?' }],
  activities: [{ table: 'activity_types', junction: true }, { table: 'attachments', ids: 'SELECT id FROM attachments WHERE activity_id = ?' }],
};

function recordWhere(table: string, rowId: string): Where {
  const parts = ['(c.tbl = ? AND c.row_id = ?)'];
  const params: unknown[] = [table, rowId];
  for (const owned of OWNED[table] ?? []) {
    if (owned.junction) {
      // Junction row ids are json_array(owner, member): a range over the index finds every member of the owner.
      const prefix = `${JSON.stringify([rowId]).slice(0, -1)},`;
      parts.push('(c.tbl = ? AND c.row_id >= ? AND c.row_id < ?)');
      params.push(owned.table, prefix, `${prefix}\uffff`);
    } else {
      parts.push(`(c.tbl = ? AND c.row_id IN (${owned.ids}))`);
      params.push(owned.table, rowId);
    }
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}

/** A local calendar day's start as the log's UTC ISO time. */
function dayStartIso(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

function filtersWhere(filters: AuditFilters): Where {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filters.from) {
    parts.push('c.at >= ?');
    params.push(dayStartIso(filters.from));
  }
  if (filters.to) {
    parts.push('c.at < ?');
    params.push(dayStartIso(filters.to, 1));
  }
  if (filters.operator) {
    parts.push('c.operator = ?');
    params.push(filters.operator);
  }
  if (filters.table) {
    parts.push('c.tbl = ?');
    params.push(filters.table);
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

function selfOffice(db: Database): string {
  return db.prepare('SELECT office_id FROM sync_state').pluck().get() as string;
}

function page(db: Database, where: Where, limit: number, offset: number, full: boolean): AuditPage {
  const condition = `${where.sql} AND ${NOT_QUIET}`;
  const total = db.prepare(`SELECT count(*) FROM change_log c WHERE ${condition}`).pluck().get(...where.params) as number;
  const rows = db
    .prepare(
      `SELECT c.op_id, c.at, c.operator, c.office_id, o.name AS office_name, c.import_id, c.tbl, c.row_id, c.field, c.old_value, c.new_value
       FROM change_log c LEFT JOIN office o ON o.id = c.office_id
       WHERE ${condition} ORDER BY c.hlc DESC, c.office_id DESC LIMIT ? OFFSET ?`,
    )
    .all(...where.params, limit, offset) as Row[];
  return { items: toEntries(db, rows, full), total };
}

function toEntries(db: Database, rows: Row[], full: boolean): AuditEntry[] {
  const self = selfOffice(db);
  const display = new AuditDisplay(db, full);
  return rows.map((r) => {
    const [oldValue, newValue] = display.values(r);
    return {
      opId: r.op_id,
      at: r.at,
      operator: r.operator,
      officeId: r.office_id,
      officeName: r.office_name ?? r.office_id.slice(0, 8),
      fromPackage: r.office_id !== self || r.import_id !== null,
      table: r.tbl,
      tableLabel: tableLabel(r.tbl),
      rowId: r.row_id,
      recordLabel: display.record(r.tbl, r.row_id),
      field: r.field,
      fieldLabel: display.field(r),
      oldValue,
      newValue,
    };
  });
}

export function recordHistory(db: Database, input: ParsedInput<'recordHistory'>): AuditPage {
  return page(db, recordWhere(input.table, input.rowId), input.limit, input.offset, input.full ?? false);
}

export function auditLog(db: Database, input: AuditFilters & { limit: number; offset: number }): AuditPage {
  return page(db, filtersWhere(input), input.limit, input.offset, input.full ?? false);
}
