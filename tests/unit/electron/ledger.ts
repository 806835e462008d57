import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** A temp directory for one test's ledger files; `cleanup` removes it. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledger-electron-db-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Reads people straight from the SQLite file on a separate connection: what is really on disk. */
export function peopleOnDisk(file: string): { name: string }[] {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT name FROM people ORDER BY name').all() as { name: string }[];
  } finally {
    db.close();
  }
}
