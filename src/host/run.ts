import type { Database } from 'better-sqlite3';
import { createLedgerApi } from '../core/api';
import { runStartupBackups, scheduleDailyBackups } from '../core/backup/backup';
import { openDatabase } from '../core/db/open';
import { startHost, type RunningHost } from './server';

/**
 * What `npm run host` does after reading its arguments, apart from main.ts so tests can start it on a temp file:
 * open the ledger, make the start backups, start the hourly daily check, then serve.
 */

export interface HostRunOptions {
  dbFile: string;
  staticDir: string;
  /** 0 picks a free port. */
  port: number;
}

export interface RunningLedgerHost {
  db: Database;
  host: RunningHost;
  /** Stops the daily check, the server, and closes the database. */
  close(): Promise<void>;
}

export async function runHost(options: HostRunOptions): Promise<RunningLedgerHost> {
  const db = openDatabase(options.dbFile);
  // Once per start: 启动时 (and 每日 if today has none) in backups/ beside the data file; a refusal only logs.
  runStartupBackups(db);
  const stopDaily = scheduleDailyBackups(db);
  let host: RunningHost;
  try {
    host = await startHost({ handlers: createLedgerApi(db), staticDir: options.staticDir, port: options.port });
  } catch (error) {
    stopDaily();
    db.close();
    throw error;
  }
  return {
    db,
    host,
    async close() {
      stopDaily();
      await host.close();
      db.close();
    },
  };
}
