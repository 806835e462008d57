import { statfsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { BackupKind } from '../../shared/backupContract';
import { readSetting } from '../settings/settingsRepo';

/**
 * Where backups go and how many are kept. The folder is always `backups/` beside the data file: Electron's
 * `<userData>/ledger.sqlite` gives `<userData>/backups/`, `--db D:\台账\hq.sqlite` gives `D:\台账\backups\`.
 * Same disk as the data, so a rename finishes every backup; the USB copy is backupTo's job.
 */
export function backupDirFor(dbPath: string): string {
  return join(dirname(resolve(dbPath)), 'backups');
}

/** How many backups of each kind rotation keeps (never fewer than 1: the newest is never deleted). */
export const DEFAULT_KEEP: Record<BackupKind, number> = {
  start: 10,
  daily: 14,
  'before-import': 20,
  manual: 30,
  'before-restore': 10,
};

/** Settings key (in the data file's own settings table) overriding DEFAULT_KEEP, e.g. {"daily":30}. */
export const KEEP_SETTING = 'backup.keep';

/** A backup must leave this much free on the disk, so the ledger itself can still grow and commit. */
export const DEFAULT_RESERVE_BYTES = 100 * 1024 * 1024;

export interface BackupOptions {
  /** The backup folder; backupDirFor(the data file) by default. */
  dir?: string;
  /** Electron's build of better-sqlite3, for the connections that read and restore backups. */
  nativeBinding?: string;
  /** The clock, for names and "once a day" (tests inject it). */
  now?: () => Date;
  keep?: Partial<Record<BackupKind, number>>;
  reserveBytes?: number;
  /** Free bytes on the disk holding `dir` (tests inject a full disk). */
  freeBytes?: (dir: string) => number;
  log?: (message: string, error?: unknown) => void;
}

export interface BackupConfig {
  dbPath: string;
  dir: string;
  nativeBinding?: string;
  now: () => Date;
  keep: Record<BackupKind, number>;
  reserveBytes: number;
  freeBytes: (dir: string) => number;
  log: (message: string, error?: unknown) => void;
}

function diskFreeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return Number(stats.bavail) * Number(stats.bsize);
}

// Set once by createLedgerApi (Electron passes its native binding); import hooks only have the db handle.
const registered = new WeakMap<Database, BackupOptions>();

export function configureBackups(db: Database, options: BackupOptions): void {
  registered.set(db, { ...registered.get(db), ...options });
}

export function backupConfig(db: Database, overrides: BackupOptions = {}): BackupConfig {
  const options = { ...registered.get(db), ...overrides };
  const dbPath = resolve(db.name);
  let fromSettings: Partial<Record<BackupKind, number>> = {};
  try {
    fromSettings = readSetting<Partial<Record<BackupKind, number>>>(db, KEEP_SETTING) ?? {};
  } catch {
    // A data file without the settings table yet (very old) keeps the defaults.
  }
  const keep = { ...DEFAULT_KEEP };
  for (const [kind, n] of Object.entries({ ...fromSettings, ...options.keep }) as [BackupKind, unknown][]) {
    if (kind in keep && typeof n === 'number' && Number.isFinite(n)) keep[kind] = Math.max(1, Math.floor(n));
  }
  return {
    dbPath,
    dir: options.dir ?? backupDirFor(dbPath),
    nativeBinding: options.nativeBinding,
    now: options.now ?? (() => new Date()),
    keep,
    reserveBytes: options.reserveBytes ?? DEFAULT_RESERVE_BYTES,
    freeBytes: options.freeBytes ?? diskFreeBytes,
    log: options.log ?? ((message, error) => console.error(message, error ?? '')),
  };
}
