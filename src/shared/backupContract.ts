import { z } from 'zod';
import { returns } from './returns';

/** Backups of the data file: automatic (start, daily, before imports), manual, to a chosen folder; restore. */

export const BACKUP_KINDS = ['start', 'daily', 'before-import', 'manual', 'before-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** How each kind is named in file names and on screen; the clerk recognises 导入前_… in the folder too. */
export const BACKUP_KIND_NAMES: Record<BackupKind, string> = {
  start: '启动时',
  daily: '每日',
  'before-import': '导入前',
  manual: '手动',
  'before-restore': '恢复前',
};

export interface BackupCounts {
  people: number;
  courses: number;
  activities: number;
}

export interface BackupInfo {
  /** The file name inside the backup folder; what previewBackup/restoreBackup take. */
  id: string;
  kind: BackupKind;
  label: string;
  /** ISO time the backup was taken (from its name; the file's time when the name has none). */
  takenAt: string;
  bytes: number;
  /** False when the file fails `PRAGMA integrity_check` or cannot be opened: listed, never restorable. */
  ok: boolean;
  problem: string | null;
  officeName: string | null;
  schemaVersion: number | null;
  counts: BackupCounts | null;
}

export interface BackupPreview extends BackupInfo {
  /** The newest change in each ledger, for "is this the one from before I broke it?". */
  newest: { people: string | null; courses: string | null; activities: string | null };
  /** The most recently changed people, newest first. */
  recentPeople: { name: string; updatedAt: string }[];
}

export interface RestoreReport {
  restored: BackupInfo;
  /** The backup of the data as it was just before the restore. */
  safetyBackup: BackupInfo;
  /** Schema version of the backup and after the restore (migrated when the backup was older). */
  fromVersion: number;
  toVersion: number;
}

export interface BackupToResult {
  /** Where the copy was written; null when it is handed back for download (browser host). */
  path: string | null;
  fileName: string;
  bytes: number;
  /** Only when `path` is null. */
  dataBase64?: string;
}

/** A backup file name: no folders, no tricks; resolved inside the backup folder only. */
const backupId = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\\/:*?"<>|\p{Cc}]+\.sqlite$/u)
  .refine((v) => !v.startsWith('.'), '备份文件名不正确');

/** A backup file chosen outside the backup folder (a USB stick) is handed over as bytes; 400 MB at most. */
export const MAX_BACKUP_FILE_BYTES = 400 * 1024 * 1024;

/**
 * A chosen backup file as bytes: the browser's upload, or the file Electron's open dialog (main process) read.
 * Its name is only shown and used in messages; it never names a path.
 */
const chosenBackupFile = z.strictObject({
  fileName: z.string().trim().min(1).max(200).regex(/^[^\\/:*?"<>|\p{Cc}]+$/u),
  dataBase64: z
    .string()
    .min(1)
    .max(Math.ceil((MAX_BACKUP_FILE_BYTES * 4) / 3) + 4)
    .regex(/^[A-Za-z0-9+/=]+$/),
});

export const backupContract = {
  listBackups: { input: z.strictObject({}), output: returns<BackupInfo[]>() },
  /** A verified manual backup into the backup folder. */
  backupNow: { input: z.strictObject({ label: z.string().trim().max(40).optional() }), output: returns<BackupInfo>() },
  previewBackup: { input: z.strictObject({ id: backupId }), output: returns<BackupPreview>() },
  /** Backs up the current data (恢复前), then replaces it with the backup; the app keeps running. */
  restoreBackup: { input: z.strictObject({ id: backupId }), output: returns<RestoreReport>() },
  /**
   * The same preview for a chosen file (a full backup on a USB stick), after checking it is an intact ledger file
   * this program can restore (integrity_check, ledger tables, schema version); a bad file is refused, named.
   */
  previewBackupFile: { input: chosenBackupFile, output: returns<BackupPreview>() },
  /** Checks the chosen file as previewBackupFile does, then restores it exactly as restoreBackup does (恢复前 first). */
  restoreBackupFile: { input: chosenBackupFile, output: returns<RestoreReport>() },
  /**
   * A full verified backup written into `folder` (a USB stick), or, without a folder, handed back as bytes for
   * the browser to download. Electron's window never names the folder itself: the main process asks with a
   * save dialog (shell channel) and passes the clerk's choice.
   */
  backupTo: {
    input: z.strictObject({
      folder: z.string().min(1).max(1000).optional(),
      fileName: z.string().trim().min(1).max(200).regex(/^[^\\/:*?"<>|\p{Cc}]+$/u).optional(),
    }),
    output: returns<BackupToResult>(),
  },
} as const;
