import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrate';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (Electron passes its own build). */
  nativeBinding?: string;
  readonly?: boolean;
  /** Tests of crash safety also run in rollback-journal mode. */
  journalMode?: 'wal' | 'delete';
}

/**
 * Opens (creating if needed) a ledger file and brings its schema up to date. Nothing is opened at import
 * time: every caller passes its own path, and tests use temp files.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const db = new BetterSqlite3(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma(`journal_mode = ${options.journalMode ?? 'wal'}`);
      // WAL defaults to NORMAL, which can lose the last commits on power loss; township PCs lose power.
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
