import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { backupContract } from '../../shared/backupContract';
import type { LedgerHandlers } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import { BackupError, backupPath, createBackup, listBackups, writeVerifiedCopy } from './backup';
import { backupConfig, configureBackups, type BackupOptions } from './config';
import { localDate, localTime, safeLabel } from './names';
import { checkChosenFile, restoreFromFile } from './restore';
import { previewFile } from './verify';

type BackupHandlers = Pick<LedgerHandlers, keyof typeof backupContract>;

/** A BackupError as the contract's failure; anything else is a bug and is thrown on. */
function failure(error: unknown): Result<never> {
  if (error instanceof BackupError) return fail(error.code === 'NEWER_SCHEMA' || error.code === 'BACKUP_DAMAGED' ? 'VALIDATION' : error.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT', error.message);
  throw error;
}

function asResult<T>(work: () => T): Result<T> {
  try {
    return ok(work());
  } catch (error) {
    return failure(error);
  }
}

/** `台账备份_红旗镇_2026-11-22_103015.sqlite`: what a full copy on a USB stick is called by default. */
export function fullBackupName(db: Database, at: Date): string {
  const office = (db.prepare('SELECT name FROM office WHERE is_self = 1 AND configured = 1').get() as { name: string } | undefined)?.name;
  const label = safeLabel(office);
  return `台账备份_${label ? `${label}_` : ''}${localDate(at)}_${localTime(at)}.sqlite`;
}

/**
 * A chosen backup file's bytes (an upload, or what Electron's open dialog read), written under the clerk's file name
 * into a private temp folder and checked (checkChosenFile); `dispose` removes the folder. The name keeps what the
 * clerk sees: `手动_2026-11-22_103000.sqlite` copied out of the backup folder keeps its kind and time.
 */
function openChosenFile(input: { fileName: string; dataBase64: string }, nativeBinding: string | undefined): { file: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-restore-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    const own = basename(input.fileName.trim());
    const file = join(dir, own && !/^\.+$/.test(own) ? own : 'backup.sqlite');
    try {
      writeFileSync(file, Buffer.from(input.dataBase64, 'base64'));
    } catch (error) {
      throw new BackupError('BACKUP_FAILED', `无法读取“${input.fileName}”（${error instanceof Error ? error.message : String(error)}）。当前数据没有改动。`);
    }
    checkChosenFile(file, input.fileName, nativeBinding);
    return { file, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** The backup methods of the contract, spread into createLedgerApi. */
export function backupHandlers(db: Database, options: BackupOptions = {}): BackupHandlers {
  configureBackups(db, options);
  const config = () => backupConfig(db);
  return {
    listBackups: () => ok(listBackups(config().dir, config().nativeBinding)),
    backupNow: ({ label }) => asResult(() => createBackup(db, { kind: 'manual', label })),
    previewBackup: ({ id }) => asResult(() => previewFile(backupPath(config().dir, id), config().nativeBinding)),
    restoreBackup: async ({ id }) => {
      try {
        return ok(await restoreFromFile(db, backupPath(config().dir, id)));
      } catch (error) {
        return failure(error);
      }
    },
    previewBackupFile: (input) =>
      asResult(() => {
        const chosen = openChosenFile(input, config().nativeBinding);
        try {
          return previewFile(chosen.file, config().nativeBinding);
        } finally {
          chosen.dispose();
        }
      }),
    // The same guarded restore as a listed backup: staged, migrated, 恢复前 backup, then the backup API.
    restoreBackupFile: async (input) => {
      try {
        const chosen = openChosenFile(input, config().nativeBinding);
        try {
          return ok(await restoreFromFile(db, chosen.file));
        } finally {
          chosen.dispose();
        }
      } catch (error) {
        return failure(error);
      }
    },
    backupTo: ({ folder, fileName }) =>
      asResult(() => {
        const c = config();
        const name = fileName ? (fileName.toLowerCase().endsWith('.sqlite') ? fileName : `${fileName}.sqlite`) : fullBackupName(db, c.now());
        if (folder) {
          const target = join(resolve(folder), name);
          writeVerifiedCopy(db, target, c);
          return { path: target, fileName: name, bytes: statSync(target).size };
        }
        // The browser host: a verified copy in a private temp folder, handed back for the browser to save.
        const dir = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
        try {
          const target = join(dir, `${randomUUID()}.sqlite`);
          writeVerifiedCopy(db, target, c);
          const bytes = readFileSync(target);
          return { path: null, fileName: name, bytes: bytes.length, dataBase64: bytes.toString('base64') };
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
  };
}
