import BetterSqlite3 from 'better-sqlite3';

export { makeTempDir as tempDir } from '../../helpers/ledger';

/** Reads people straight from the SQLite file on a separate connection: what is really on disk. */
export function peopleOnDisk(file: string): { name: string }[] {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT name FROM people ORDER BY name').all() as { name: string }[];
  } finally {
    db.close();
  }
}
