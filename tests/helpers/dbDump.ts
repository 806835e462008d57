import type { Database } from 'better-sqlite3';
import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';

/** Every row of every table (change_log, office, sync_*, the FTS index's own tables too) as sorted JSON lines. */
export type TableDump = Record<string, string[]>;

// Buffers are turned into text before stringify (their toJSON would run before any replacer).
const cell = (value: unknown): unknown => (value instanceof Uint8Array ? `<bytes ${Buffer.from(value).toString('base64')}>` : value);

/** Columns left out of the dump, per table: state that is not ledger content (e.g. who is at the keyboard). */
export type IgnoredColumns = Record<string, readonly string[]>;

export function dumpTables(db: Database, ignore: IgnoredColumns = {}): TableDump {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const dump: TableDump = {};
  for (const table of tables) {
    const skip = ignore[table] ?? [];
    const columns = skip.length === 0 ? '*' : (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter((c) => !skip.includes(c)).map((c) => `"${c}"`).join(', ');
    dump[table] = (db.prepare(`SELECT ${columns} FROM "${table}"`).raw().all() as unknown[][]).map((row) => JSON.stringify(row.map(cell))).sort();
  }
  return dump;
}

/** One hash of the whole dump: cheap to compare in a loop, dumpTables itself to see what differs. */
export function dumpHash(db: Database): string {
  const hash = createHash('sha256');
  for (const [table, rows] of Object.entries(dumpTables(db))) hash.update(`${table}\n${rows.join('\n')}\n`);
  return hash.digest('hex');
}

/** The dump of a ledger file that is not open elsewhere (opened read-only, so opening it changes nothing). */
export function dumpFile(file: string, ignore: IgnoredColumns = {}): TableDump {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return dumpTables(db, ignore);
  } finally {
    db.close();
  }
}
