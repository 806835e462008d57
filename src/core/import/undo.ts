import type { Database } from 'better-sqlite3';
import type { ImportCounts, ImportRecord, UndoResult } from '../../shared/importTypes';
import { fail, ok, type LedgerError, type Result } from '../../shared/result';
import { maskIdNumber } from '../../shared/validate/idNumber';
import { nowIso } from '../ids';
import { hardDeletePerson, restorePersonSnapshot, type PersonSnapshot } from '../people/peopleRepo';
import { ROSTER_IMPORT_KIND } from './commit';

/**
 * Undo of the last roster import: people it created are removed, people it updated get their exact
 * earlier rows back. Refused, with nothing changed, when anyone it touched was edited since (their rev
 * moved on) or something else now refers to a person it created — undo must never lose later work.
 */

interface BatchRow {
  id: string;
  file_name: string;
  sheet: string;
  summary: string;
  created_at: string;
  undone_at: string | null;
}

interface ChangeRow {
  row_id: string;
  action: 'insert' | 'update';
  before: string | null;
  rev_after: number | null;
}

interface PersonState {
  name: string;
  id_number: string | null;
  rev: number;
}

export function listImports(db: Database): ImportRecord[] {
  const rows = db
    .prepare('SELECT id, file_name, sheet, summary, created_at, undone_at FROM import_batches WHERE kind = ? ORDER BY created_at DESC, id DESC LIMIT 200')
    .all(ROSTER_IMPORT_KIND) as BatchRow[];
  return rows.map((r) => ({
    importId: r.id,
    fileName: r.file_name,
    sheet: r.sheet,
    createdAt: r.created_at,
    counts: (JSON.parse(r.summary) as { counts: ImportCounts }).counts,
    undoneAt: r.undone_at,
  }));
}

/** Tables other than the person's own (categories, posts) whose rows point at people. */
function referencingTables(db: Database): { table: string; column: string }[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  const refs: { table: string; column: string }[] = [];
  for (const { name } of tables) {
    if (name === 'person_categories' || name === 'posts' || name === 'people') continue;
    const keys = db.prepare('SELECT "table" AS target, "from" AS source FROM pragma_foreign_key_list(?)').all(name) as { target: string; source: string }[];
    for (const key of keys) if (key.target === 'people') refs.push({ table: name, column: key.source });
  }
  return refs;
}

function who(p: PersonState): string {
  return p.id_number ? `${p.name}（${maskIdNumber(p.id_number)}）` : p.name;
}

/** Why each change cannot be undone; empty when all can. */
function blockers(db: Database, batch: BatchRow, changes: ChangeRow[]): string[] {
  const person = db.prepare('SELECT name, id_number, rev FROM people WHERE id = ?');
  const laterPosts = db.prepare('SELECT COUNT(*) AS n FROM posts WHERE person_id = ? AND updated_at > ?');
  const sameIdElsewhere = db.prepare('SELECT COUNT(*) AS n FROM people WHERE id_number = ? AND id <> ? AND created_at > ?');
  const refs = referencingTables(db);
  const reasons: string[] = [];
  for (const change of changes) {
    const p = person.get(change.row_id) as PersonState | undefined;
    if (!p) {
      reasons.push('导入的一名人员已被彻底删除');
      continue;
    }
    if (p.rev !== change.rev_after) {
      reasons.push(`${who(p)}在导入后又被修改或删除过`);
      continue;
    }
    if (change.action !== 'insert') continue;
    if ((laterPosts.get(change.row_id, batch.created_at) as { n: number }).n > 0) reasons.push(`${who(p)}在导入后添加或修改了任职经历`);
    else if (p.id_number && (sameIdElsewhere.get(p.id_number, change.row_id, batch.created_at) as { n: number }).n > 0) reasons.push(`${who(p)}的身份证号在导入后又登记给了其他记录`);
    else if (refs.some((r) => db.prepare(`SELECT 1 FROM "${r.table}" WHERE "${r.column}" = ? LIMIT 1`).get(change.row_id))) {
      reasons.push(`${who(p)}在导入后已有培训、活动等记录`);
    }
  }
  return reasons;
}

/** The CONFLICT of an undo that would lose later work: the first three reasons and how many there are. */
export function undoRefused(fileName: string, reasons: readonly string[]): { ok: false; error: LedgerError } {
  const shown = reasons.slice(0, 3).join('；') + (reasons.length > 3 ? `等${reasons.length}处` : '');
  return fail('CONFLICT', `无法撤销“${fileName}”的导入：${shown}。撤销会丢失这些后来的修改，数据没有改动。`);
}

export function undoLastImport(db: Database): Result<UndoResult> {
  return db.transaction((): Result<UndoResult> => {
    // Batches that changed nothing (a file imported twice) are history only; the last import that did is undone.
    const batch = db
      .prepare(
        `SELECT b.id, b.file_name, b.sheet, b.summary, b.created_at, b.undone_at FROM import_batches b
         WHERE b.kind = ? AND b.undone_at IS NULL AND EXISTS (SELECT 1 FROM import_changes c WHERE c.batch_id = b.id)
         ORDER BY b.created_at DESC, b.id DESC LIMIT 1`,
      )
      .get(ROSTER_IMPORT_KIND) as BatchRow | undefined;
    if (!batch) return fail('NOT_FOUND', '没有可以撤销的导入');
    const changes = db.prepare('SELECT row_id, action, before, rev_after FROM import_changes WHERE batch_id = ? ORDER BY seq DESC').all(batch.id) as ChangeRow[];
    const reasons = blockers(db, batch, changes);
    if (reasons.length > 0) return undoRefused(batch.file_name, reasons);
    let removed = 0;
    let reverted = 0;
    for (const change of changes) {
      if (change.action === 'insert') {
        hardDeletePerson(db, change.row_id);
        removed++;
      } else {
        restorePersonSnapshot(db, JSON.parse(change.before!) as PersonSnapshot);
        reverted++;
      }
    }
    db.prepare('UPDATE import_batches SET undone_at = ? WHERE id = ?').run(nowIso(), batch.id);
    return ok({ importId: batch.id, removed, reverted });
  }).immediate();
}
