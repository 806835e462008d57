import type { Database } from 'better-sqlite3';
import type { SyncTable } from './syncTables';
import { fieldOf, headsOf, knewOf } from './versions';

/**
 * A row deleted by one office while another edited it, neither having seen the other's change, is a conflict
 * (the edit is kept on the deleted row, restorable), never a silent loss. Worked out from the log alone, so every
 * office holding the same changes lists the same conflicts.
 */
export function recomputeRowConflict(db: Database, table: SyncTable, rowId: string): void {
  const clear = (): void => void db.prepare('DELETE FROM sync_row_conflicts WHERE tbl = ? AND row_id = ?').run(table.name, rowId);
  const deleted = db.prepare(`SELECT deleted_at FROM ${table.name} WHERE id = ?`).pluck().get(rowId) as string | null | undefined;
  if (deleted === undefined || deleted === null) return clear();
  const [deletion] = headsOf(db, table.name, rowId, 'deleted_at');
  if (!deletion) return clear();
  const seenJson = db.prepare('SELECT seen FROM change_log WHERE op_id = ?').pluck().get(deletion.op_id) as string | null;
  const seen = seenJson ? (JSON.parse(seenJson) as string[]) : [];
  const quiet = new Set([...table.quiet, 'deleted_at']);
  const edits = (db.prepare("SELECT op_id, field, row_base FROM change_log WHERE tbl = ? AND row_id = ? AND field NOT IN ('*', '!')").all(table.name, rowId) as {
    op_id: string;
    field: string;
    row_base: string | null;
  }[]).filter((e) => !quiet.has(e.field));
  const unseen = edits.filter(
    (edit) => !knewOf(db, deletion.op_id, edit.row_base) && !seen.some((s) => fieldOf(db, s) === edit.field && knewOf(db, edit.op_id, s)),
  );
  if (unseen.length === 0) return clear();
  db.prepare('INSERT OR REPLACE INTO sync_row_conflicts (tbl, row_id, delete_op, edit_ops) VALUES (?, ?, ?, ?)').run(
    table.name,
    rowId,
    deletion.op_id,
    JSON.stringify(unseen.map((e) => e.op_id)),
  );
}
