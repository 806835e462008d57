/**
 * Append-only schema history. Never edit or reorder a shipped entry: add a new one. Each runs in its own
 * transaction; a database that has an entry we do not know is refused rather than guessed at.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'office and people',
    sql: `
      CREATE TABLE office (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        code TEXT,
        is_self INTEGER NOT NULL DEFAULT 0 CHECK (is_self IN (0, 1)),
        configured INTEGER NOT NULL DEFAULT 0 CHECK (configured IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX office_one_self ON office (is_self) WHERE is_self = 1;

      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        rev INTEGER NOT NULL DEFAULT 1,
        origin_office TEXT NOT NULL REFERENCES office (id),
        name TEXT NOT NULL,
        name_pinyin TEXT NOT NULL DEFAULT '',
        name_initials TEXT NOT NULL DEFAULT '',
        gender_code TEXT NOT NULL CHECK (gender_code IN ('1', '2')),
        ethnicity_code TEXT,
        birth_date TEXT,
        id_number TEXT,
        political_status_code TEXT,
        party_join_date TEXT,
        education_code TEXT,
        phone TEXT,
        unit TEXT,
        post TEXT,
        category TEXT,
        note TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      -- One live person per ID number; a deleted record keeps its number so it can be restored.
      CREATE UNIQUE INDEX people_live_id_number ON people (id_number) WHERE deleted_at IS NULL AND id_number IS NOT NULL;
      CREATE INDEX people_pinyin ON people (deleted_at, name_pinyin);
      CREATE INDEX people_initials ON people (name_initials);
      CREATE INDEX people_name ON people (name);
    `,
  },
];
