import type { Database, Statement } from 'better-sqlite3';
import { byClock, dependencies, fromWire, rowKey, wireOpSchema, type WireOp } from './ops';
import { INSERT_FIELD, PRESENT_FIELD, PURGE_FIELD, SYNC_TABLE_BY_NAME, isJunction, type SyncTable } from './syncTables';
import { recomputeRowConflict } from './rowConflicts';

export interface Blob {
  data: Buffer;
  thumbnail: Buffer | null;
}

export interface ApplyTally {
  created: Set<string>;
  updated: Set<string>;
  unchanged: Set<string>;
  /** Held changes by op id, with the reason, after this import (including ones held by earlier imports). */
  held: Map<string, { op: WireOp; reason: string }>;
  /** Rows this import wrote, as table + row id. */
  touched: Map<string, { table: string; rowId: string }>;
  applied: number;
  /** Changes held for the first time by this import. */
  newlyHeld: number;
}

interface HeldRow {
  op: string;
  blob_data: Buffer | null;
  blob_thumbnail: Buffer | null;
  import_id: string;
}

const HELD_MISSING_VERSION = '它修改的上一版本尚未收到';
const HELD_MISSING_ROW = '它修改的记录尚未收到';
const HELD_MISSING_REFERENCE = '它引用的记录（单位、人员、培训班等）尚未收到';

const isSqliteCode = (error: unknown, code: string): boolean => (error as { code?: string }).code === code;

/**
 * Applies other offices' changes. The caller holds a write transaction and has set sync_state.applying = 1, so
 * the capture triggers stay quiet. Each change is checked for what it depends on (the field version it replaced,
 * the row's insert, rows it refers to) and held back until those arrive; everything else is written field by
 * field, the winner of each field being the version with the largest clock among those no other replaced.
 */
export class ChangeApplier {
  private readonly statements = new Map<string, Statement>();
  private readonly snapshotted = new Set<string>();
  readonly tally: ApplyTally = { created: new Set(), updated: new Set(), unchanged: new Set(), held: new Map(), touched: new Map(), applied: 0, newlyHeld: 0 };

  constructor(
    private readonly db: Database,
    private readonly importId: string,
    private readonly blobs: ReadonlyMap<string, Blob>,
  ) {}

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private known(opId: string): boolean {
    return this.prepared('SELECT 1 FROM change_log WHERE op_id = ?').pluck().get(opId) !== undefined;
  }

  run(incoming: readonly WireOp[]): ApplyTally {
    // A write arrives as one change per field, applied one at a time: in between, and for good after a field-by-
    // field merge of two offices' edits, a row may break a rule that spans fields (请假 needs a reason). That must
    // not fail the import; every office applies the same versions, so all still agree.
    this.db.pragma('ignore_check_constraints = ON');
    try {
      return this.applyAll(incoming);
    } finally {
      this.db.pragma('ignore_check_constraints = OFF');
    }
  }

  private applyAll(incoming: readonly WireOp[]): ApplyTally {
    const pending: { op: WireOp; heldBefore: HeldRow | null }[] = [];
    const isHeld = this.prepared('SELECT 1 FROM sync_held WHERE op_id = ?').pluck();
    const seen = new Set<string>();
    for (const op of incoming) {
      if (seen.has(op.id)) continue;
      seen.add(op.id);
      if (this.known(op.id)) this.tally.unchanged.add(rowKey(op.t, op.r));
      else if (isHeld.get(op.id) === undefined) pending.push({ op, heldBefore: null });
    }
    for (const row of this.prepared('SELECT op, blob_data, blob_thumbnail, import_id FROM sync_held ORDER BY hlc').all() as HeldRow[]) {
      const op = wireOpSchema.parse(JSON.parse(row.op));
      pending.push({ op, heldBefore: row });
    }
    pending.sort((a, b) => byClock(a.op, b.op));

    let waiting = pending;
    for (;;) {
      const next: typeof pending = [];
      const reasons = new Map<string, string>();
      for (const item of waiting) {
        const reason = this.tryApply(item.op, item.heldBefore);
        if (reason === null) continue;
        reasons.set(item.op.id, reason);
        next.push(item);
      }
      const progressed = next.length < waiting.length;
      waiting = next;
      if (!progressed || waiting.length === 0) {
        for (const item of waiting) this.hold(item.op, reasons.get(item.op.id)!, item.heldBefore);
        break;
      }
    }
    for (const { table, rowId } of this.tally.touched.values()) {
      const spec = SYNC_TABLE_BY_NAME.get(table)!;
      if (spec.softDelete) recomputeRowConflict(this.db, spec, rowId);
    }
    return this.tally;
  }

  private hold(op: WireOp, reason: string, heldBefore: HeldRow | null): void {
    this.tally.held.set(op.id, { op, reason });
    if (heldBefore) return;
    this.tally.newlyHeld++;
    const blob = op.f === INSERT_FIELD ? this.blobs.get(op.r) : undefined;
    this.prepared(
      'INSERT INTO sync_held (op_id, office_id, seq, hlc, op, blob_data, blob_thumbnail, import_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(op.id, op.o, op.s, op.h, JSON.stringify(op), blob?.data ?? null, blob?.thumbnail ?? null, this.importId, reason);
  }

  /** Null when applied; otherwise why it must wait. */
  private tryApply(op: WireOp, heldBefore: HeldRow | null): string | null {
    const table = SYNC_TABLE_BY_NAME.get(op.t)!;
    for (const dependency of dependencies(op)) if (!this.known(dependency)) return HELD_MISSING_VERSION;
    let purged = false;
    if (!isJunction(table) && op.f !== INSERT_FIELD) {
      const life = this.prepared(
        `SELECT field FROM change_log WHERE tbl = ? AND row_id = ? AND field IN ('${INSERT_FIELD}', '${PURGE_FIELD}') ORDER BY hlc DESC LIMIT 1`,
      ).pluck().get(op.t, op.r) as string | undefined;
      if (life === undefined) return HELD_MISSING_ROW;
      purged = life === PURGE_FIELD && op.f !== PURGE_FIELD;
    }
    const blob = op.f === INSERT_FIELD ? (this.blobs.get(op.r) ?? (heldBefore?.blob_data ? { data: heldBefore.blob_data, thumbnail: heldBefore.blob_thumbnail } : undefined)) : undefined;
    if (op.f === INSERT_FIELD && table.blobs.length > 0 && !blob) return HELD_MISSING_ROW;

    const key = rowKey(op.t, op.r);
    const existed = this.rowExists(table, op.r);
    // Only a write that can miss a referenced row needs undoing on its own (to be held back); the savepoint costs
    // about a sixth of an import, and most changes are edits of plain fields.
    const guarded = purged ? false : isJunction(table) || op.f === INSERT_FIELD || op.f === PURGE_FIELD || this.references(table).has(op.f);
    if (guarded) this.db.exec('SAVEPOINT apply_op');
    try {
      this.snapshot(table, op.r, key);
      const row = fromWire(op);
      this.prepared(
        `INSERT INTO change_log (op_id, office_id, seq, hlc, tbl, row_id, field, old_value, new_value, base_op, row_base, resolves, seen, operator, at, import_id)
         VALUES (@op_id, @office_id, @seq, @hlc, @tbl, @row_id, @field, @old_value, @new_value, @base_op, @row_base, @resolves, @seen, @operator, @at, @import_id)`,
      ).run({ ...row, import_id: this.importId });
      if (!purged) this.materialize(table, op, blob);
      // An edit the removal did not see is kept in the log only: like the office that had it before the removal
      // arrived (whose versions the removal dropped), keep no version of a row that is gone.
      else this.prepared('DELETE FROM field_heads WHERE tbl = ? AND row_id = ?').run(op.t, op.r);
      if (heldBefore) {
        this.prepared('DELETE FROM sync_held WHERE op_id = ?').run(op.id);
        this.prepared('INSERT INTO sync_import_released (import_id, op_id, held) VALUES (?, ?, ?)').run(
          this.importId,
          op.id,
          JSON.stringify({ ...heldBefore, blob_data: heldBefore.blob_data?.toString('base64') ?? null, blob_thumbnail: heldBefore.blob_thumbnail?.toString('base64') ?? null }),
        );
      }
      if (guarded) this.db.exec('RELEASE apply_op');
    } catch (error) {
      // Unguarded, any failure aborts the whole import (the caller rolls the transaction back).
      if (!guarded) throw error;
      this.db.exec('ROLLBACK TO apply_op');
      this.db.exec('RELEASE apply_op');
      if (isSqliteCode(error, 'SQLITE_CONSTRAINT_FOREIGNKEY')) return HELD_MISSING_REFERENCE;
      throw error;
    }
    this.snapshotted.add(key);
    this.tally.applied++;
    this.tally.touched.set(key, { table: op.t, rowId: op.r });
    this.tally.unchanged.delete(key);
    if (!existed && this.rowExists(table, op.r)) this.tally.created.add(key);
    else if (!this.tally.created.has(key)) this.tally.updated.add(key);
    return null;
  }

  private readonly referenceColumns = new Map<string, Set<string>>();

  /** The table's columns that refer to another row (its foreign keys). */
  private references(table: SyncTable): Set<string> {
    let columns = this.referenceColumns.get(table.name);
    if (!columns) {
      columns = new Set((this.db.prepare(`SELECT "from" FROM pragma_foreign_key_list('${table.name}')`).pluck().all() as string[]));
      this.referenceColumns.set(table.name, columns);
    }
    return columns;
  }

  private rowExists(table: SyncTable, rowId: string): boolean {
    if (isJunction(table)) {
      const [a, b] = JSON.parse(rowId) as [string, string];
      return this.prepared(`SELECT 1 FROM ${table.name} WHERE ${table.key[0]} = ? AND ${table.key[1]} = ?`).pluck().get(a, b) !== undefined;
    }
    return this.prepared(`SELECT 1 FROM ${table.name} WHERE id = ?`).pluck().get(rowId) !== undefined;
  }

  /** The row and its field versions as they were before this import first touched them, for undo. */
  private snapshot(table: SyncTable, rowId: string, key: string): void {
    if (this.snapshotted.has(key)) return;
    let before: string | null;
    if (isJunction(table)) before = this.rowExists(table, rowId) ? '1' : null;
    else {
      const columns = ['id', ...table.columns, ...table.local];
      before = (this.prepared(`SELECT json_object(${columns.map((c) => `'${c}', ${c}`).join(', ')}) FROM ${table.name} WHERE id = ?`).pluck().get(rowId) as string | undefined) ?? null;
    }
    const heads = this.prepared(
      "SELECT json_group_array(json_object('field', field, 'op_id', op_id, 'hlc', hlc, 'office_id', office_id, 'value', value)) FROM field_heads WHERE tbl = ? AND row_id = ?",
    ).pluck().get(table.name, rowId) as string;
    const conflict = (this.prepared("SELECT json_object('delete_op', delete_op, 'edit_ops', edit_ops) FROM sync_row_conflicts WHERE tbl = ? AND row_id = ?").pluck().get(table.name, rowId) as string | undefined) ?? null;
    this.prepared('INSERT OR IGNORE INTO sync_import_rows (import_id, tbl, row_id, before, heads, row_conflict) VALUES (?, ?, ?, ?, ?, ?)').run(
      this.importId,
      table.name,
      rowId,
      before,
      heads,
      conflict,
    );
  }

  private materialize(table: SyncTable, op: WireOp, blob: Blob | undefined): void {
    if (op.f === INSERT_FIELD) return this.insertRow(table, op, blob);
    if (op.f === PURGE_FIELD) {
      this.prepared(`DELETE FROM ${table.name} WHERE id = ?`).run(op.r);
      return;
    }
    const winner = this.prepared('SELECT value FROM field_heads WHERE tbl = ? AND row_id = ? AND field = ? ORDER BY hlc DESC, office_id DESC LIMIT 1')
      .pluck()
      .get(op.t, op.r, op.f) as string;
    if (op.f === PRESENT_FIELD) {
      const [a, b] = JSON.parse(op.r) as [string, string];
      const sql = winner === '1' ? `INSERT OR IGNORE INTO ${table.name} (${table.key[0]}, ${table.key[1]}) VALUES (?, ?)` : `DELETE FROM ${table.name} WHERE ${table.key[0]} = ? AND ${table.key[1]} = ?`;
      this.prepared(sql).run(a, b);
      return;
    }
    const bump = table.local.includes('rev') ? ', rev = rev + 1' : '';
    this.withDuplicateMark(table, op, () => this.prepared(`UPDATE ${table.name} SET ${op.f} = json_extract(?, '$')${bump} WHERE id = ?`).run(winner, op.r));
  }

  private insertRow(table: SyncTable, op: WireOp, blob: Blob | undefined): void {
    const columns = ['id', ...table.columns];
    const values = columns.map((c) => `json_extract(@json, '$.${c}')`);
    const blobColumns = table.blobs.length > 0 ? ['data', 'thumbnail'] : [];
    // A re-insert of a row that is already here (its purge has not arrived) changes nothing.
    if (this.rowExists(table, op.r)) return;
    const sql = `INSERT INTO ${table.name} (${[...columns, ...blobColumns].join(', ')}) VALUES (${[...values, ...blobColumns.map((c) => `@${c}`)].join(', ')})`;
    const params = { json: op.nv, ...(blobColumns.length > 0 ? { data: blob!.data, thumbnail: blob!.thumbnail } : {}) };
    this.withDuplicateMark(table, op, () => this.prepared(sql).run(params));
  }

  /** A row that would break a uniqueness rule here is kept, marked as a duplicate to be merged by a person. */
  private withDuplicateMark(table: SyncTable, op: WireOp, write: () => void): void {
    try {
      write();
    } catch (error) {
      if (!isSqliteCode(error, 'SQLITE_CONSTRAINT_UNIQUE') || !table.local.includes('sync_dup')) throw error;
      if (op.f === INSERT_FIELD) {
        const columns = ['id', ...table.columns, 'sync_dup'];
        const values = [...columns.slice(0, -1).map((c) => `json_extract(@json, '$.${c}')`), '@dup'];
        this.prepared(`INSERT INTO ${table.name} (${columns.join(', ')}) VALUES (${values.join(', ')})`).run({ json: op.nv, dup: op.id });
      } else {
        this.prepared(`UPDATE ${table.name} SET sync_dup = ? WHERE id = ?`).run(op.id, op.r);
        write();
      }
    }
  }
}
