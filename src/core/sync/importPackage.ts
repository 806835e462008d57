import type { Database } from 'better-sqlite3';
import type { ImportHistoryItem, PackageSummary, TableCounts } from '../../shared/sync';
import { tableLabel } from '../../shared/syncLabels';
import { nowIso, uuidv7 } from '../ids';
import { ChangeApplier } from './applyOps';
import { checkAttachmentBlobs } from './blobCheck';
import { conflictKeys, listConflicts } from './conflicts';
import { listDuplicates } from './duplicates';
import { newerAcknowledgement, type Vector } from './exchangeState';
import { knownOffice, OfficeKeyMismatch, registerOffice, selfKeys } from './officeKeys';
import { PackageError, openPackage, type Manifest, type PackageContents } from './packageFormat';
import { SYNC_TABLE_BY_NAME, SYNC_TABLES, isJunction } from './syncTables';

export interface ImportRequest {
  bytes: Buffer;
  fileName: string;
  passphrase: string | null;
  /** Preview: everything is worked out in a transaction that is then rolled back. */
  dryRun: boolean;
  /** Runs once the package has opened and checked, right before its transaction (the 导入前 backup). */
  beforeApply?: () => void;
}

const emptyCounts = (): TableCounts => ({ created: 0, updated: 0, unchanged: 0, held: 0 });

/**
 * Opens and checks a package, then applies it in one transaction: offices it introduces, the sender's
 * acknowledgements, and every change not already here. A preview does exactly the same and rolls back, so what it
 * shows is what an import will do.
 */
export function importPackage(db: Database, request: ImportRequest): PackageSummary {
  const self = selfKeys(db);
  const opened = openPackage(request.bytes, {
    self,
    passphrase: request.passphrase,
    registeredSignKey: (id) => knownOffice(db, id)?.signKey ?? null,
  });
  const { manifest, contents } = opened;
  checkAttachmentBlobs(db, contents.ops, contents.blobs);
  const previous = db.prepare('SELECT created_at FROM sync_imports WHERE package_id = ? AND undone_at IS NULL').pluck().get(manifest.packageId) as string | undefined;
  // A package seen before is first tried and rolled back: usually nothing in it is new, and a 导入前 backup for every
  // repeat of the same stick would push real ones out of the rotation. A preview takes no backup and needs no trial.
  if (previous !== undefined && !request.dryRun) {
    const again = applyInTransaction(db, manifest, contents, request.fileName, previous, false);
    if (again.alreadyImported) return again;
  }
  request.beforeApply?.();
  return applyInTransaction(db, manifest, contents, request.fileName, previous, !request.dryRun);
}

/** One transaction: committed when `commit`, else rolled back; a package imported before that brings nothing new is always rolled back. */
function applyInTransaction(db: Database, manifest: Manifest, contents: PackageContents, fileName: string, previous: string | undefined, commit: boolean): PackageSummary {
  db.exec('BEGIN IMMEDIATE');
  let committed = false;
  try {
    const { summary, nothingNew } = applyPackage(db, manifest, contents, fileName);
    if (previous !== undefined && nothingNew) {
      db.exec('ROLLBACK');
      committed = true;
      return { ...summary, importId: null, alreadyImported: true, message: `此数据包已于 ${previous.slice(0, 16).replace('T', ' ')} 导入过，没有新的变更，数据库未作改动。` };
    }
    db.exec(commit ? 'COMMIT' : 'ROLLBACK');
    committed = true;
    return commit ? summary : { ...summary, importId: null };
  } catch (error) {
    // A signed package whose changes this schema cannot hold (a sender's bug, or a crafted package): nothing is kept.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
      throw new PackageError('DAMAGED', `数据包中的变更无法写入本机数据（${code}），已全部撤回。数据库未作任何改动。`);
    }
    throw error;
  } finally {
    if (!committed && db.inTransaction) db.exec('ROLLBACK');
  }
}

function applyPackage(db: Database, manifest: Manifest, contents: PackageContents, fileName: string): { summary: PackageSummary; nothingNew: boolean } {
  const importId = uuidv7();
  const before = conflictKeys(db);
  try {
    registerOffice(db, manifest.sender);
    for (const card of contents.offices) registerOffice(db, card);
  } catch (error) {
    if (error instanceof OfficeKeyMismatch) throw new PackageError('KEY_MISMATCH', `${error.message}。数据库未作任何改动。`);
    throw error;
  }
  const sender = knownOffice(db, manifest.sender.id)!;
  db.prepare('UPDATE office SET acked = ?, last_package_at = ? WHERE id = ?').run(
    JSON.stringify(newerAcknowledgement(sender.acked, manifest.vector as Vector, manifest.sender.id)),
    nowIso(),
    sender.id,
  );
  const topClock = contents.ops.reduce((top, op) => Math.max(top, op.h), 0);
  db.prepare('UPDATE sync_state SET applying = 1, hlc = max(hlc, ?)').run(topClock);
  const applier = new ChangeApplier(db, importId, contents.blobs);
  const tally = applier.run(contents.ops);
  db.prepare('UPDATE sync_state SET applying = 0').run();

  const byTable: Record<string, TableCounts> = {};
  const count = (keys: Iterable<string>, kind: keyof TableCounts): void => {
    for (const key of keys) {
      const table = key.slice(0, key.indexOf('\u0000'));
      (byTable[table] ??= emptyCounts())[kind]++;
    }
  };
  const heldRows = new Map<string, { table: string; rowId: string; reason: string }>();
  for (const { op, reason } of tally.held.values()) heldRows.set(`${op.t}\u0000${op.r}`, { table: op.t, rowId: op.r, reason });
  const updated = [...tally.updated].filter((k) => !tally.created.has(k));
  const held = [...heldRows.keys()].filter((k) => !tally.created.has(k) && !tally.updated.has(k));
  const unchanged = [...tally.unchanged].filter((k) => !heldRows.has(k));
  count(tally.created, 'created');
  count(updated, 'updated');
  count(held, 'held');
  count(unchanged, 'unchanged');

  const after = conflictKeys(db);
  const fresh = new Set([...after].filter((k) => !before.has(k)));
  const touchedPeople = new Set([...tally.touched.values()].filter((t) => t.table === 'people').map((t) => t.rowId));
  const summary: PackageSummary = {
    importId,
    packageId: manifest.packageId,
    fileName,
    sender: { id: manifest.sender.id, name: manifest.sender.name, code: manifest.sender.code },
    createdAt: manifest.createdAt,
    alreadyImported: false,
    created: tally.created.size,
    updated: updated.length,
    unchanged: unchanged.length,
    held: held.length,
    byTable,
    heldReasons: [...heldRows.values()].slice(0, 200).map((h) => ({ ...h, tableLabel: tableLabel(h.table) })),
    conflicts: listConflicts(db, fresh),
    duplicates: touchedPeople.size > 0 ? listDuplicates(db, touchedPeople) : [],
    message: '',
  };
  summary.message = describe(summary);
  db.prepare(
    'INSERT INTO sync_imports (id, package_id, sender_office, sender_name, file_name, summary, acked_before, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(importId, manifest.packageId, sender.id, sender.name, fileName, JSON.stringify(summary), JSON.stringify(sender.acked), nowIso());
  return { summary, nothingNew: tally.applied === 0 && tally.newlyHeld === 0 };
}

function describe(s: PackageSummary): string {
  const parts = [`新增 ${s.created} 条`, `更新 ${s.updated} 条`, `无变化 ${s.unchanged} 条`];
  if (s.held > 0) parts.push(`暂缓 ${s.held} 条（所依赖的记录尚未收到，收到后自动补上）`);
  if (s.conflicts.length > 0) parts.push(`冲突 ${s.conflicts.length} 处待处理`);
  if (s.duplicates.length > 0) parts.push(`疑似重复人员 ${s.duplicates.length} 组`);
  return `来自「${s.sender.name}」的数据包：${parts.join('，')}。`;
}

export function importHistory(db: Database): ImportHistoryItem[] {
  const rows = db.prepare('SELECT id, package_id, file_name, sender_name, summary, created_at, undone_at FROM sync_imports ORDER BY created_at DESC LIMIT 200').all() as {
    id: string;
    package_id: string;
    file_name: string;
    sender_name: string;
    summary: string;
    created_at: string;
    undone_at: string | null;
  }[];
  return rows.map((r) => {
    const s = JSON.parse(r.summary) as PackageSummary;
    return {
      id: r.id,
      packageId: r.package_id,
      fileName: r.file_name,
      senderName: r.sender_name,
      createdAt: r.created_at,
      undoneAt: r.undone_at,
      summary: { created: s.created, updated: s.updated, unchanged: s.unchanged, held: s.held, conflicts: s.conflicts.length, duplicates: s.duplicates.length },
    };
  });
}

export class UndoRefused extends Error {}

interface SnapshotRow {
  tbl: string;
  row_id: string;
  before: string | null;
  heads: string;
  row_conflict: string | null;
}

/**
 * Puts everything back as it was before the last import: rows, field versions, conflicts, held changes and the
 * sender's acknowledgements; its changes leave the log, so importing the stick again applies them again. Refused
 * once records it touched were edited here, or a package has been exported since (its changes may have travelled).
 */
export function undoLastImport(db: Database): { importId: string; fileName: string; rows: number } {
  const last = db.prepare('SELECT id, file_name, sender_office, acked_before, created_at FROM sync_imports WHERE undone_at IS NULL ORDER BY created_at DESC LIMIT 1').get() as
    | { id: string; file_name: string; sender_office: string; acked_before: string | null; created_at: string }
    | undefined;
  if (!last) throw new UndoRefused('没有可以撤销的数据包导入');
  const exported = db.prepare('SELECT file_name FROM sync_exports WHERE created_at > ? ORDER BY created_at LIMIT 1').pluck().get(last.created_at) as string | undefined;
  if (exported) throw new UndoRefused(`导入「${last.file_name}」之后已导出过数据包（${exported}），其中可能已带走这些变更，不能撤销`);
  const edited = db
    .prepare(
      `SELECT count(*) FROM change_log c JOIN sync_import_rows r ON r.tbl = c.tbl AND r.row_id = c.row_id
       WHERE r.import_id = ? AND c.import_id IS NULL AND c.at > ?`,
    )
    .pluck()
    .get(last.id, last.created_at) as number;
  if (edited > 0) throw new UndoRefused(`导入「${last.file_name}」之后，其中的 ${edited} 处记录已在本机修改过，不能撤销`);
  const snapshots = db.prepare('SELECT tbl, row_id, before, heads, row_conflict FROM sync_import_rows WHERE import_id = ?').all(last.id) as SnapshotRow[];
  const order = new Map(SYNC_TABLES.map((t, i) => [t.name, i]));
  try {
    db.transaction(() => {
      // Rows of one table may refer to each other (a 党支部 under its 党委), in no order the snapshots keep: foreign
      // keys are checked at commit, so only a row of this office still referring to an imported one refuses the undo.
      db.pragma('defer_foreign_keys = ON');
      db.prepare('UPDATE sync_state SET applying = 2').run();
      // Rows the import created go first, children before parents; then the others are put back, parents first.
      const created = snapshots.filter((s) => s.before === null).sort((a, b) => order.get(b.tbl)! - order.get(a.tbl)!);
      const changed = snapshots.filter((s) => s.before !== null).sort((a, b) => order.get(a.tbl)! - order.get(b.tbl)!);
      for (const s of created) removeRow(db, s);
      for (const s of changed) restoreRow(db, s);
      for (const s of snapshots) {
        db.prepare('DELETE FROM field_heads WHERE tbl = ? AND row_id = ?').run(s.tbl, s.row_id);
        const insertHead = db.prepare('INSERT INTO field_heads (tbl, row_id, field, op_id, hlc, office_id, value) VALUES (?, ?, ?, ?, ?, ?, ?)');
        for (const h of JSON.parse(s.heads) as { field: string; op_id: string; hlc: number; office_id: string; value: string }[]) {
          insertHead.run(s.tbl, s.row_id, h.field, h.op_id, h.hlc, h.office_id, h.value);
        }
        db.prepare('DELETE FROM sync_row_conflicts WHERE tbl = ? AND row_id = ?').run(s.tbl, s.row_id);
        if (s.row_conflict) {
          const c = JSON.parse(s.row_conflict) as { delete_op: string; edit_ops: string };
          db.prepare('INSERT INTO sync_row_conflicts (tbl, row_id, delete_op, edit_ops) VALUES (?, ?, ?, ?)').run(s.tbl, s.row_id, c.delete_op, c.edit_ops);
        }
      }
      db.prepare('DELETE FROM change_log WHERE import_id = ?').run(last.id);
      db.prepare('DELETE FROM sync_held WHERE import_id = ?').run(last.id);
      for (const { held } of db.prepare('SELECT held FROM sync_import_released WHERE import_id = ?').all(last.id) as { held: string }[]) {
        const h = JSON.parse(held) as { op: string; blob_data: string | null; blob_thumbnail: string | null; import_id: string };
        const op = JSON.parse(h.op) as { id: string; o: string; s: number; h: number };
        db.prepare('INSERT INTO sync_held (op_id, office_id, seq, hlc, op, blob_data, blob_thumbnail, import_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
          op.id,
          op.o,
          op.s,
          op.h,
          h.op,
          h.blob_data === null ? null : Buffer.from(h.blob_data, 'base64'),
          h.blob_thumbnail === null ? null : Buffer.from(h.blob_thumbnail, 'base64'),
          h.import_id,
          '它修改的上一版本尚未收到',
        );
      }
      if (last.acked_before !== null) db.prepare('UPDATE office SET acked = ? WHERE id = ?').run(last.acked_before, last.sender_office);
      db.prepare('UPDATE sync_imports SET undone_at = ? WHERE id = ?').run(nowIso(), last.id);
      db.prepare('UPDATE sync_state SET applying = 0').run();
    }).immediate();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      throw new UndoRefused(`导入「${last.file_name}」之后，本机已有记录引用了它带来的数据（如新登记的参训或出勤），不能撤销`);
    }
    throw error;
  }
  return { importId: last.id, fileName: last.file_name, rows: snapshots.length };
}

function removeRow(db: Database, s: SnapshotRow): void {
  const spec = SYNC_TABLE_BY_NAME.get(s.tbl)!;
  if (isJunction(spec)) {
    const [a, b] = JSON.parse(s.row_id) as [string, string];
    db.prepare(`DELETE FROM ${spec.name} WHERE ${spec.key[0]} = ? AND ${spec.key[1]} = ?`).run(a, b);
  } else {
    db.prepare(`DELETE FROM ${spec.name} WHERE id = ?`).run(s.row_id);
  }
}

function restoreRow(db: Database, s: SnapshotRow): void {
  const spec = SYNC_TABLE_BY_NAME.get(s.tbl)!;
  if (isJunction(spec)) {
    const [a, b] = JSON.parse(s.row_id) as [string, string];
    db.prepare(`INSERT OR IGNORE INTO ${spec.name} (${spec.key[0]}, ${spec.key[1]}) VALUES (?, ?)`).run(a, b);
    return;
  }
  const columns = [...spec.columns, ...spec.local];
  const exists = db.prepare(`SELECT 1 FROM ${spec.name} WHERE id = ?`).pluck().get(s.row_id) !== undefined;
  if (exists) {
    db.prepare(`UPDATE ${spec.name} SET ${columns.map((c) => `${c} = json_extract(@json, '$.${c}')`).join(', ')} WHERE id = @id`).run({ json: s.before, id: s.row_id });
  } else {
    // The import purged it; attachments keep their bytes only while the row exists, so purges of them are not undone.
    if (spec.blobs.length > 0) return;
    const all = ['id', ...columns];
    db.prepare(`INSERT INTO ${spec.name} (${all.join(', ')}) VALUES (${all.map((c) => `json_extract(@json, '$.${c}')`).join(', ')})`).run({ json: s.before });
  }
}
