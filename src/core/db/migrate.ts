import type { Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

export class UnknownSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownSchemaError';
  }
}

function ensureHistoryTable(db: Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
}

export function schemaVersion(db: Database): number {
  ensureHistoryTable(db);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Brings the database up to the newest migration. Refuses a database written by a newer app, or whose
 * history names a migration this build does not have, instead of running against a schema it cannot know.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  ensureHistoryTable(db);
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const mine = known.get(row.version);
    if (!mine || mine.name !== row.name) {
      throw new UnknownSchemaError(`数据文件的结构版本（${row.version}：${row.name}）不是本程序所知的版本，可能由更新版本的程序创建。为避免损坏数据，已停止打开，请升级程序。`);
    }
  }
  const from = applied.length > 0 ? applied[applied.length - 1]!.version : 0;
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}
