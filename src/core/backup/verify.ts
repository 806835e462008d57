import { statSync } from 'node:fs';
import { basename } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { BackupCounts, BackupInfo, BackupPreview } from '../../shared/backupContract';
import { parseBackupName } from './names';

/**
 * Reading a backup file without changing it: a read-only connection, `PRAGMA integrity_check`, the schema
 * version and a few counts. A file that fails any of it is reported as damaged with the reason.
 */

export function openReadOnly(file: string, nativeBinding?: string): Database {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('busy_timeout = 5000');
  return db;
}

function hasTable(db: Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function count(db: Database, table: string): number {
  return hasTable(db, table) ? (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE deleted_at IS NULL`).get() as { n: number }).n : 0;
}

function newest(db: Database, table: string): string | null {
  return hasTable(db, table) ? ((db.prepare(`SELECT MAX(updated_at) AS t FROM ${table}`).get() as { t: string | null }).t ?? null) : null;
}

export interface FileFacts {
  ok: boolean;
  problem: string | null;
  officeName: string | null;
  schemaVersion: number | null;
  counts: BackupCounts | null;
}

/** Integrity, schema version, office and counts of an open connection (a backup, or a staged restore). */
export function factsOf(db: Database): FileFacts {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const integrity = rows.map((r) => r.integrity_check).join('; ');
  if (integrity !== 'ok') return { ok: false, problem: `完整性检查未通过：${integrity.slice(0, 300)}`, officeName: null, schemaVersion: null, counts: null };
  if (!hasTable(db, 'schema_migrations') || !hasTable(db, 'people')) {
    return { ok: false, problem: '不是台账数据文件（缺少人员表或结构版本表）', officeName: null, schemaVersion: null, counts: null };
  }
  const schemaVersion = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const office = hasTable(db, 'office') ? (db.prepare('SELECT name FROM office WHERE is_self = 1').get() as { name: string } | undefined) : undefined;
  return {
    ok: true,
    problem: null,
    officeName: office?.name ?? null,
    schemaVersion,
    counts: { people: count(db, 'people'), courses: count(db, 'courses'), activities: count(db, 'activities') },
  };
}

function describe(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return '文件已损坏，或不是台账数据文件';
  return `无法读取：${error instanceof Error ? error.message : String(error)}`;
}

/** Facts of a file on disk; never throws for a bad file, says why instead. */
export function inspectFile(file: string, nativeBinding?: string): FileFacts {
  let db: Database | undefined;
  try {
    db = openReadOnly(file, nativeBinding);
    return factsOf(db);
  } catch (error) {
    return { ok: false, problem: describe(error), officeName: null, schemaVersion: null, counts: null };
  } finally {
    db?.close();
  }
}

// integrity_check reads every page: remember the answer per file version so opening the list stays quick.
const factsCache = new Map<string, FileFacts>();

export function backupInfo(file: string, nativeBinding?: string): BackupInfo {
  const stat = statSync(file);
  const key = `${file}\0${stat.size}\0${stat.mtimeMs}`;
  let facts = factsCache.get(key);
  if (!facts) {
    facts = inspectFile(file, nativeBinding);
    factsCache.set(key, facts);
    if (factsCache.size > 500) factsCache.delete(factsCache.keys().next().value!);
  }
  const id = basename(file);
  const parsed = parseBackupName(id);
  return {
    id,
    kind: parsed?.kind ?? 'manual',
    label: parsed ? parsed.label : id.replace(/\.sqlite$/, ''),
    takenAt: (parsed?.takenAt ?? stat.mtime).toISOString(),
    bytes: stat.size,
    ...facts,
  };
}

export function previewFile(file: string, nativeBinding?: string): BackupPreview {
  const info = backupInfo(file, nativeBinding);
  const empty = { newest: { people: null, courses: null, activities: null }, recentPeople: [] };
  if (!info.ok) return { ...info, ...empty };
  const db = openReadOnly(file, nativeBinding);
  try {
    const recentPeople = db
      .prepare('SELECT name, updated_at AS updatedAt FROM people WHERE deleted_at IS NULL ORDER BY updated_at DESC LIMIT 5')
      .all() as { name: string; updatedAt: string }[];
    return { ...info, newest: { people: newest(db, 'people'), courses: newest(db, 'courses'), activities: newest(db, 'activities') }, recentPeople };
  } finally {
    db.close();
  }
}
