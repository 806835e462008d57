import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { BackupInfo, BackupKind } from '../../shared/backupContract';
import { backupConfig, type BackupConfig, type BackupOptions } from './config';
import { backupFileName, isBackupFileName, localDate, parseBackupName, TEMP_PREFIX } from './names';
import { backupInfo, inspectFile, type FileFacts } from './verify';

/**
 * Backups are made with `VACUUM INTO` on the app's own connection: SQLite writes a consistent snapshot of the
 * last commit (WAL included, other connections' open transactions excluded), compacted, in rollback-journal
 * mode, so one file is the whole backup. Never a copy of the open file. It is synchronous, so "right before
 * the committing transaction" of an import really is right before it. Each copy is written under a temp name,
 * fsynced, opened read-only and checked (integrity_check, schema version), and only then renamed into place.
 */

export type BackupErrorCode = 'DISK_FULL' | 'BACKUP_FAILED' | 'BACKUP_DAMAGED' | 'NOT_FOUND' | 'CONFLICT' | 'NEWER_SCHEMA' | 'NO_FILE';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const MB = 1024 * 1024;
const mb = (bytes: number) => `${Math.max(1, Math.round(bytes / MB))} MB`;

/** The size a VACUUM INTO copy will have, about: the used pages. */
function estimatedBytes(db: Database): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * pageSize;
}

/** Refuses, in words a clerk can act on, rather than filling the disk the ledger itself needs. */
export function checkFreeSpace(db: Database, folder: string, config: BackupConfig): void {
  let free: number;
  try {
    free = config.freeBytes(folder);
  } catch {
    return; // The OS cannot say: try, and let the write itself fail if it must.
  }
  const needed = estimatedBytes(db);
  if (free < needed + config.reserveBytes) {
    throw new BackupError(
      'DISK_FULL',
      `磁盘剩余空间不足，未做备份：备份约需 ${mb(needed)}，另需为台账本身保留 ${mb(config.reserveBytes)}，而“${folder}”所在磁盘只剩 ${mb(free)}。请清理磁盘或删除较早的备份后重试。`,
    );
  }
}

function fsyncPath(path: string, directory = false): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch (error) {
    // Windows cannot open a folder to fsync it; the file itself was synced.
    if (!directory) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes a verified copy of `db` to `target`: temp name in the same folder, VACUUM INTO, fsync, read-only
 * integrity check, rename. Without `replace`, an existing target is refused. The facts of the copy are returned.
 */
export function writeVerifiedCopy(db: Database, target: string, config: BackupConfig, replace = false): FileFacts {
  if (db.memory) throw new BackupError('NO_FILE', '该台账不在磁盘文件中，无法备份');
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new BackupError('NOT_FOUND', `找不到保存位置：${folder}（U盘是否已拔出？）`);
  if (!replace && existsSync(target)) throw new BackupError('CONFLICT', `目标位置已有同名文件：${target}。为避免覆盖，未做备份。`);
  checkFreeSpace(db, folder, config);
  const temp = join(folder, `${TEMP_PREFIX}${randomUUID()}.sqlite`);
  try {
    try {
      db.prepare('VACUUM INTO ?').run(temp);
      fsyncPath(temp);
    } catch (error) {
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
      const reason = code === 'SQLITE_FULL' ? '磁盘已满' : error instanceof Error ? error.message : String(error);
      throw new BackupError('BACKUP_FAILED', `备份未完成（${reason}），请检查保存位置是否可写、空间是否足够。`);
    }
    const facts = inspectFile(temp, config.nativeBinding);
    if (!facts.ok) throw new BackupError('BACKUP_DAMAGED', `备份写入后校验未通过（${facts.problem ?? '未知原因'}），已丢弃该备份。请检查磁盘或U盘是否正常。`);
    renameSync(temp, target);
    fsyncPath(folder, true);
    return facts;
  } finally {
    rmSync(temp, { force: true });
  }
}

function uniqueName(dir: string, kind: BackupKind, at: Date, label?: string): string {
  for (let seq = 1; ; seq++) {
    const name = backupFileName(kind, at, label, seq);
    if (!existsSync(join(dir, name))) return name;
  }
}

export interface CreateBackupInput {
  kind: BackupKind;
  label?: string;
}

/** A verified backup in the backup folder, then rotation of that kind. Throws BackupError when refused. */
export function createBackup(db: Database, input: CreateBackupInput, options: BackupOptions = {}): BackupInfo {
  const config = backupConfig(db, options);
  mkdirSync(config.dir, { recursive: true });
  const target = join(config.dir, uniqueName(config.dir, input.kind, config.now(), input.label));
  writeVerifiedCopy(db, target, config);
  rotate(config.dir, input.kind, config.keep[input.kind], basename(target));
  return backupInfo(target, config.nativeBinding);
}

/** Our backups of one kind, newest first (by the time in the name, then the same-second sequence). */
function backupsOfKind(dir: string, kind: BackupKind): { name: string; at: number; seq: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, parsed: parseBackupName(name) }))
    .filter((e) => e.parsed?.kind === kind)
    .map((e) => ({ name: e.name, at: e.parsed!.takenAt.getTime(), seq: e.parsed!.seq }))
    .sort((a, b) => b.at - a.at || b.seq - a.seq);
}

/**
 * Keeps the newest `keep` backups of a kind and deletes older ones. Only files whose names we made are
 * touched; `protect` (the one just written) survives even with a clock that went backwards.
 */
export function rotate(dir: string, kind: BackupKind, keep: number, protect?: string): string[] {
  const all = backupsOfKind(dir, kind);
  const kept = all.slice(0, Math.max(1, keep)).map((e) => e.name);
  const removed: string[] = [];
  for (const entry of all.slice(Math.max(1, keep))) {
    if (entry.name === protect || kept.includes(entry.name)) continue;
    rmSync(join(dir, entry.name), { force: true });
    removed.push(entry.name);
  }
  return removed;
}

/** Every .sqlite file in the backup folder, newest first; damaged ones are listed with the reason. */
export function listBackups(dir: string, nativeBinding?: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(isBackupFileName)
    .map((name) => backupInfo(join(dir, name), nativeBinding))
    .sort((a, b) => b.takenAt.localeCompare(a.takenAt) || b.id.localeCompare(a.id));
}

/** The path of a listed backup; refuses names that would leave the folder. */
export function backupPath(dir: string, id: string): string {
  if (basename(id) !== id || !isBackupFileName(id)) throw new BackupError('NOT_FOUND', `备份文件名不正确：${id}`);
  const file = join(dir, id);
  if (!existsSync(file)) throw new BackupError('NOT_FOUND', `找不到该备份：${id}，可能已被删除。请刷新列表。`);
  return file;
}

/** At most one daily backup per calendar day (local time); returns it, or null when today has one. */
export function ensureDailyBackup(db: Database, options: BackupOptions = {}): BackupInfo | null {
  const config = backupConfig(db, options);
  const today = localDate(config.now());
  const done = backupsOfKind(config.dir, 'daily').some((e) => localDate(new Date(e.at)) === today);
  return done ? null : createBackup(db, { kind: 'daily' }, options);
}

/** Removes temp files a crash or power cut left behind (an hour old: never one being written now). */
export function removeStaleTemps(dir: string, now: Date): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const file = join(dir, name);
    try {
      if (now.getTime() - statSync(file).mtimeMs > 3600_000) rmSync(file, { force: true });
    } catch {
      // Gone already, or locked by a virus scanner: next start tries again.
    }
  }
}

/**
 * Once per app start: a 启动时 backup, and the 每日 one if today has none. Never stops the app: a refusal
 * (full disk) is logged and returned as warnings.
 */
export function runStartupBackups(db: Database, options: BackupOptions = {}): string[] {
  if (db.memory) return [];
  const config = backupConfig(db, options);
  const warnings: string[] = [];
  try {
    mkdirSync(config.dir, { recursive: true });
    removeStaleTemps(config.dir, config.now());
  } catch (error) {
    config.log('backup folder', error);
  }
  for (const work of [() => createBackup(db, { kind: 'start' }, options), () => ensureDailyBackup(db, options)]) {
    try {
      work();
    } catch (error) {
      config.log('automatic backup failed', error);
      warnings.push(error instanceof Error ? error.message : String(error));
    }
  }
  return warnings;
}

/** Checks once an hour that today has its daily backup, for an app left running overnight. */
export function scheduleDailyBackups(db: Database, options: BackupOptions = {}): () => void {
  const timer = setInterval(() => {
    if (!db.open) return;
    try {
      ensureDailyBackup(db, options);
    } catch (error) {
      backupConfig(db, options).log('daily backup failed', error);
    }
  }, 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The 导入前 backup, called right before an import's committing transaction. A failed backup never blocks
 * the import (the clerk is mid-task, and the import itself is one transaction that can be undone): it is
 * logged, and the message comes back to be shown as a warning beside the import's result.
 */
export function backupBeforeImport(db: Database, fileName: string): string | null {
  if (db.memory) return null;
  try {
    createBackup(db, { kind: 'before-import', label: fileName });
    return null;
  } catch (error) {
    backupConfig(db).log('backup before import failed', error);
    return `导入前未能自动备份：${error instanceof Error ? error.message : String(error)} 导入照常进行；可在“备份与恢复”中手动备份。`;
  }
}
