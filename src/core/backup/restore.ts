import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { BackupInfo, RestoreReport } from '../../shared/backupContract';
import { migrate, schemaVersion, UnknownSchemaError } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';
import { BackupError, createBackup } from './backup';
import { backupConfig, type BackupOptions } from './config';
import { TEMP_PREFIX } from './names';
import { backupInfo, factsOf, inspectFile, openReadOnly } from './verify';

/**
 * Restore, in the order that keeps the live data safe until the last step:
 * 1. the backup must pass integrity_check (a damaged one is refused, nothing changed);
 * 2. it is copied (VACUUM INTO from a read-only connection) to a temp file, and that copy is migrated with the
 *    app's own migration runner: a backup from a newer program is refused there (unknown history), an older
 *    one is brought up to date — all before the live file is touched;
 * 3. a 恢复前 backup of the current data is made; if that fails, the restore is refused;
 * 4. SQLite's backup API copies the staged file into the live file, page by page, as one write transaction
 *    on a second connection. The app's own connection stays open and sees the restored data on its next
 *    statement (WAL keeps working; SQLite re-prepares statements after the schema change), so the app keeps
 *    running without a restart; the window reloads its screens.
 */

function describeNewer(error: UnknownSchemaError): string {
  return `该备份由更新版本的程序创建（${error.message.replace(/^数据文件的/, '')}），本程序不能恢复它。当前数据没有改动。`;
}

/** Staged copy, migrated to this program's schema; throws BackupError when it cannot be. */
function stage(file: string, dir: string, pageSize: number, nativeBinding?: string): { path: string; fromVersion: number; toVersion: number } {
  const staged = join(dir, `${TEMP_PREFIX}restore-${randomUUID()}.sqlite`);
  const source = openReadOnly(file, nativeBinding);
  try {
    source.prepare('VACUUM INTO ?').run(staged);
  } finally {
    source.close();
  }
  const db = new BetterSqlite3(staged, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma('foreign_keys = ON');
    const fromVersion = schemaVersion(db);
    try {
      migrate(db);
    } catch (error) {
      if (error instanceof UnknownSchemaError) throw new BackupError('NEWER_SCHEMA', describeNewer(error));
      throw new BackupError('BACKUP_FAILED', `该备份无法升级到本程序的数据结构（${error instanceof Error ? error.message : String(error)}）。当前数据没有改动。`);
    }
    // The backup API into a WAL database needs equal page sizes; our files all use the default, but be sure.
    if ((db.pragma('page_size', { simple: true }) as number) !== pageSize) {
      db.pragma(`page_size = ${pageSize}`);
      db.exec('VACUUM');
    }
    const facts = factsOf(db);
    if (!facts.ok) throw new BackupError('BACKUP_DAMAGED', `该备份升级后校验未通过（${facts.problem ?? ''}）。当前数据没有改动。`);
    return { path: staged, fromVersion, toVersion: facts.schemaVersion ?? 0 };
  } catch (error) {
    db.close();
    rmSync(staged, { force: true });
    throw error;
  } finally {
    if (db.open) db.close();
  }
}

/** The first migration in a file's history that this program does not have (a newer program's), if any. */
function unknownMigration(file: string, nativeBinding?: string): { version: number; name: string } | null {
  const db = openReadOnly(file, nativeBinding);
  try {
    const known = new Map(MIGRATIONS.map((m) => [m.version, m.name]));
    const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
    return applied.find((row) => known.get(row.version) !== row.name) ?? null;
  } finally {
    db.close();
  }
}

/**
 * A backup file the clerk chose outside the backup folder (a USB stick), checked before it is previewed or
 * restored: an intact SQLite file (integrity_check), a ledger (its tables), and a schema this program knows.
 * Refusals name the file as the clerk knows it (`fileName`) and say that nothing changed.
 */
export function checkChosenFile(file: string, fileName: string, nativeBinding?: string): void {
  const facts = inspectFile(file, nativeBinding);
  if (!facts.ok) throw new BackupError('BACKUP_DAMAGED', `“${fileName}”不能用于恢复：${facts.problem ?? '无法读取'}。当前数据没有改动。`);
  const newer = unknownMigration(file, nativeBinding);
  if (newer) {
    throw new BackupError('NEWER_SCHEMA', `“${fileName}”由更新版本的程序创建（数据结构版本 ${newer.version}），本程序不能恢复它，请先升级程序。当前数据没有改动。`);
  }
}

/** Replaces the live data of `db` with the backup file `file` (any path: the backup folder, a USB stick). */
export async function restoreFromFile(db: Database, file: string, options: BackupOptions = {}): Promise<RestoreReport> {
  if (db.memory) throw new BackupError('NO_FILE', '该台账不在磁盘文件中，无法恢复');
  const config = backupConfig(db, options);
  if (!existsSync(file)) throw new BackupError('NOT_FOUND', `找不到备份文件：${file}`);
  const restored: BackupInfo = backupInfo(file, config.nativeBinding);
  if (!restored.ok) throw new BackupError('BACKUP_DAMAGED', `该备份文件已损坏，不能用于恢复（${restored.problem ?? ''}）。当前数据没有改动。`);
  mkdirSync(config.dir, { recursive: true });
  const staged = stage(file, config.dir, db.pragma('page_size', { simple: true }) as number, config.nativeBinding);
  try {
    // What the live data is at the 恢复前 backup: a write that lands before the backup API locks the live file
    // (the first step runs on a later turn of the event loop) would be in neither the backup nor the restore.
    // data_version (other connections) is read only in WAL mode: in rollback mode the locked file cannot be read.
    const wal = db.pragma('journal_mode', { simple: true }) === 'wal';
    const stamp = () => `${wal ? String(db.pragma('data_version', { simple: true })) : ''}:${String(db.prepare('SELECT total_changes()').pluck().get())}`;
    const atSafetyBackup = stamp();
    const safetyBackup = createBackup(db, { kind: 'before-restore' }, options);
    const changedMeanwhile = () =>
      new BackupError('CONFLICT', `恢复前的备份做好后，台账又有了新的改动，为免丢失这些改动，未做恢复。当前数据没有改动，请重试。`);
    const source = new BetterSqlite3(staged.path, { readonly: true, ...(config.nativeBinding ? { nativeBinding: config.nativeBinding } : {}) });
    let locked = false;
    try {
      // One step after the first: the live file is written in a single transaction, with no gap for other writes.
      // The first step (no pages) takes the live file's write lock; from then on nothing else can write it.
      const done = await source.backup(config.dbPath, {
        progress: () => {
          if (!locked && stamp() !== atSafetyBackup) throw changedMeanwhile();
          locked = true;
          return 0x7fffffff;
        },
      });
      // A first step that found the live file busy (another program writing) copies nothing and reports 0 pages.
      if (!locked || done.remainingPages !== 0) {
        throw new BackupError('CONFLICT', `台账正被其他程序写入，未做恢复。当前数据没有改动，请关闭其他使用该台账的程序后重试。`);
      }
    } catch (error) {
      if (error instanceof BackupError) throw error;
      throw new BackupError('BACKUP_FAILED', `恢复未完成（${error instanceof Error ? error.message : String(error)}），当前数据没有改动；恢复前的备份为“${safetyBackup.id}”。`);
    } finally {
      source.close();
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    // Already migrated while staged; this is a no-op unless the program changed meanwhile.
    migrate(db);
    return { restored, safetyBackup, fromVersion: staged.fromVersion, toVersion: schemaVersion(db) };
  } finally {
    rmSync(staged.path, { force: true });
  }
}
