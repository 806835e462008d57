import type { Database } from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

export interface DatabaseReport {
  integrity: string;
  schemaVersion: number;
  appSchemaVersion: number;
  counts: Record<string, number>;
}

const COUNTED_TABLES = ['office', 'people'] as const;

/** A read-only health report: integrity check, schema version, row counts. Writes nothing. */
export function inspectDatabase(db: Database): DatabaseReport {
  const integrityRows = db.pragma('integrity_check') as { integrity_check: string }[];
  const integrity = integrityRows.map((r) => r.integrity_check).join('; ');
  const hasHistory = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const schemaVersion = hasHistory ? ((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0) : 0;
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) !== undefined;
    if (exists) counts[table] = (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  if (counts.people !== undefined) {
    counts.peopleDeleted = (db.prepare('SELECT COUNT(*) AS n FROM people WHERE deleted_at IS NOT NULL').get() as { n: number }).n;
  }
  return { integrity, schemaVersion, appSchemaVersion: MIGRATIONS[MIGRATIONS.length - 1]!.version, counts };
}
