import BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrate, schemaVersion, UnknownSchemaError } from '../../../src/core/db/migrate';
import { MIGRATIONS, type Migration } from '../../../src/core/db/migrations';
import { openDatabase } from '../../../src/core/db/open';
import { countRows, expectChinese, makeTempDir } from '../../helpers/ledger';

let temp: ReturnType<typeof makeTempDir>;
let file: string;
const opened: BetterSqlite3.Database[] = [];

/** Tracks every handle so a failing test still closes it before the temp dir goes. */
function track<T extends BetterSqlite3.Database>(db: T): T {
  opened.push(db);
  return db;
}

beforeEach(() => {
  temp = makeTempDir();
  file = join(temp.dir, 'ledger.db');
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) if (db.open) db.close();
  temp.cleanup();
});

function tableNames(db: BetterSqlite3.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('openDatabase', () => {
  it('creates the file and sets WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = track(openDatabase(file));
    expect(existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('can use a rollback journal instead of WAL', () => {
    const db = track(openDatabase(file, { journalMode: 'delete' }));
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('brings a new file to the newest schema', () => {
    const db = track(openDatabase(file));
    expect(schemaVersion(db)).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    expect(tableNames(db)).toEqual(expect.arrayContaining(APP_TABLES));
  });

  it('makes every table STRICT (except the FTS5 index and its shadow tables, which SQLite makes)', () => {
    const db = track(openDatabase(file));
    const tables = db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'people_fts%'")
      .all() as { name: string; strict: number }[];
    expect(tables.map((t) => t.name).sort()).toEqual(APP_TABLES);
    for (const t of tables) expect(t.strict, t.name).toBe(1);
    const sql = db
      .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'people_fts%'")
      .all() as { name: string; sql: string }[];
    for (const t of sql) expect(t.sql, t.name).toMatch(/\)\s*STRICT(,\s*WITHOUT ROWID)?\s*$/);
  });

  it('enforces column types, foreign keys, checks and one live person per ID number', () => {
    const db = track(openDatabase(file));
    const now = '2025-01-01T00:00:00.000Z';
    // The schema makes this file's own office; rows below name it as their origin.
    db.prepare("UPDATE office SET id = 'o1' WHERE is_self = 1").run();
    db.prepare("UPDATE sync_state SET office_id = 'o1'").run();
    const insert = (id: string, values: Record<string, unknown>) =>
      db
        .prepare(
          `INSERT INTO people (id, rev, origin_office, name, gender_code, id_number, created_at, updated_at, deleted_at)
           VALUES (@id, @rev, @origin, '张三', @gender, @idNumber, @now, @now, @deletedAt)`,
        )
        .run({ id, rev: 1, origin: 'o1', gender: '1', idNumber: null, deletedAt: null, now, ...values });

    expect(() => insert('p1', { rev: 'one' })).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => insert('p1', { origin: 'nowhere' })).toThrow(/FOREIGN KEY/);
    expect(() => insert('p1', { gender: '9' })).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO office (id, name, is_self, configured, created_at, updated_at) VALUES ('o2', '另一个', 1, 0, ?, ?)").run(now, now)).toThrow(/UNIQUE/);

    insert('p1', { idNumber: '110101198001010010' });
    expect(() => insert('p2', { idNumber: '110101198001010010' })).toThrow(/UNIQUE/);
    insert('p3', { idNumber: '110101198001010010', deletedAt: now });
    insert('p4', { idNumber: '110101198001010010', deletedAt: now });
    insert('p5', {});
    insert('p6', {});
    expect(countRows(db, 'people')).toBe(5);
  });

  it('reopens an existing file without migrating again', () => {
    const first = openDatabase(file);
    const appliedAt = first.prepare('SELECT applied_at FROM schema_migrations WHERE version = 1').pluck().get();
    first.close();
    const db = track(openDatabase(file));
    expect(countRows(db, 'schema_migrations')).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT applied_at FROM schema_migrations WHERE version = 1').pluck().get()).toBe(appliedAt);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('opens read-only without writing, and refuses a missing file read-only', () => {
    track(openDatabase(file)).close();
    const db = track(openDatabase(file, { readonly: true }));
    expect(db.readonly).toBe(true);
    expect(schemaVersion.bind(null, db)).not.toThrow();
    expect(() => db.prepare("INSERT INTO office (id, name, created_at, updated_at) VALUES ('x', 'x', 'x', 'x')").run()).toThrow(/readonly/);
    expect(() => openDatabase(join(temp.dir, 'missing.db'), { readonly: true })).toThrow();
    expect(existsSync(join(temp.dir, 'missing.db'))).toBe(false);
  });
});

const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;
const NEXT = LATEST + 1;
const APP_TABLES = [
  'activities', 'activity_attendance', 'activity_types', 'attachments', 'attendance', 'change_log', 'committee_seats', 'course_sessions', 'courses', 'enrolments', 'field_heads', 'import_batches', 'import_changes', 'office', 'party_orgs', 'people', 'people_gram_positions', 'people_grams', 'person_categories', 'posts', 'schema_migrations', 'settings', 'sync_exports', 'sync_held', 'sync_import_released', 'sync_import_rows', 'sync_imports', 'sync_row_conflicts', 'sync_state', 'units',
];

describe('migrate', () => {
  it('is idempotent and records each migration once with its name and time', () => {
    const db = track(new BetterSqlite3(file));
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toEqual({ from: 0, to: LATEST });
    expect(migrate(db)).toEqual({ from: LATEST, to: LATEST });
    expect(migrate(db)).toEqual({ from: LATEST, to: LATEST });
    const rows = db.prepare('SELECT version, name, applied_at FROM schema_migrations').all() as { version: number; name: string; applied_at: string }[];
    expect(rows).toHaveLength(MIGRATIONS.length);
    expect(rows.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    for (const r of rows) expect(Number.isNaN(Date.parse(r.applied_at))).toBe(false);
  });

  it('applies only the migrations that are new', () => {
    const db = track(new BetterSqlite3(file));
    const extra: Migration = { version: NEXT, name: 'training', sql: 'CREATE TABLE training (id TEXT PRIMARY KEY) STRICT;' };
    migrate(db);
    expect(migrate(db, [...MIGRATIONS, extra])).toEqual({ from: LATEST, to: NEXT });
    expect(tableNames(db)).toContain('training');
    expect(migrate(db, [...MIGRATIONS, extra])).toEqual({ from: NEXT, to: NEXT });
  });

  it('runs each migration in its own transaction: a failing one leaves nothing behind', () => {
    const db = track(new BetterSqlite3(file));
    const bad: Migration = {
      version: NEXT,
      name: 'half-broken',
      sql: `CREATE TABLE training (id TEXT PRIMARY KEY) STRICT;
            INSERT INTO training (id) VALUES ('t1');
            INSERT INTO no_such_table (id) VALUES (1);`,
    };
    expect(() => migrate(db, [...MIGRATIONS, bad])).toThrow(/no such table/);
    // The good first migration stays; nothing of the second does.
    expect(schemaVersion(db)).toBe(LATEST);
    expect(tableNames(db)).not.toContain('training');
    expect(db.prepare('SELECT COUNT(*) FROM schema_migrations WHERE version = ?').pluck().get(NEXT)).toBe(0);
    expect(db.inTransaction).toBe(false);
    // Fixed, it applies cleanly afterwards.
    const fixed: Migration = { ...bad, sql: 'CREATE TABLE training (id TEXT PRIMARY KEY) STRICT;' };
    expect(migrate(db, [...MIGRATIONS, fixed])).toEqual({ from: LATEST, to: NEXT });
  });

  it('stops at the failing migration and does not run later ones', () => {
    const db = track(new BetterSqlite3(file));
    const migrations: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
      { version: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER) STRICT; SELECT * FROM nowhere;' },
      { version: 3, name: 'three', sql: 'CREATE TABLE c (x INTEGER) STRICT;' },
    ];
    expect(() => migrate(db, migrations)).toThrow();
    expect(tableNames(db)).toEqual(['a', 'schema_migrations']);
    expect(schemaVersion(db)).toBe(1);
  });

  it('refuses a database whose history has a version this build does not know', () => {
    const db = track(new BetterSqlite3(file));
    migrate(db);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from a newer app', '2030-01-01T00:00:00Z')").run(NEXT);
    expect(() => migrate(db)).toThrow(UnknownSchemaError);
    try {
      migrate(db);
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownSchemaError);
      expect((error as Error).name).toBe('UnknownSchemaError');
      expectChinese((error as Error).message);
      expect((error as Error).message).toContain('from a newer app');
    }
  });

  it('refuses a database whose history gives a known version a different name', () => {
    const db = track(new BetterSqlite3(file));
    migrate(db);
    db.prepare("UPDATE schema_migrations SET name = 'someone else''s schema' WHERE version = 1").run();
    expect(() => migrate(db)).toThrow(UnknownSchemaError);
  });

  it('refuses, without changing anything, when a migration applied earlier is missing from this build', () => {
    const db = track(new BetterSqlite3(file));
    migrate(db, [...MIGRATIONS, { version: NEXT, name: 'two', sql: 'CREATE TABLE two (x INTEGER) STRICT;' }]);
    expect(() => migrate(db, [...MIGRATIONS, { version: NEXT + 1, name: 'three', sql: 'CREATE TABLE three (x INTEGER) STRICT;' }])).toThrow(UnknownSchemaError);
    expect(tableNames(db)).not.toContain('three');
  });
});

describe('openDatabase on a database it does not know', () => {
  function plantFutureVersion(): void {
    const db = openDatabase(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00Z')").run();
    db.close();
  }

  it('throws UnknownSchemaError with a Chinese message', () => {
    plantFutureVersion();
    let thrown: unknown;
    try {
      track(openDatabase(file));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnknownSchemaError);
    expectChinese((thrown as Error).message);
    expect((thrown as Error).message).toMatch(/升级程序/);
  });

  it('closes the handle it opened', () => {
    plantFutureVersion();
    const close = vi.spyOn(BetterSqlite3.prototype, 'close');
    expect(() => openDatabase(file)).toThrow(UnknownSchemaError);
    expect(close).toHaveBeenCalledTimes(1);
    // Closing the last connection to a WAL database removes its -wal and -shm files.
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
  });

  it('does not touch the file: the future version is still recorded afterwards', () => {
    plantFutureVersion();
    expect(() => openDatabase(file)).toThrow(UnknownSchemaError);
    const raw = track(new BetterSqlite3(file, { readonly: true }));
    expect(raw.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(99);
  });
});
