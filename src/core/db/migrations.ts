import { recreateCaptureTriggersSql } from '../sync/captureSql';
import { SYNC_MIGRATION_SQL } from '../sync/syncMigration';

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
  {
    version: 2,
    name: 'org structure, categories, posts, cadre fields, search index, settings, imports',
    sql: `
      CREATE TABLE units (
        id TEXT PRIMARY KEY,
        origin_office TEXT NOT NULL REFERENCES office (id),
        parent_id TEXT REFERENCES units (id),
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('县', '乡镇', '街道', '村', '社区', '机关站所', '其他')),
        division_code TEXT,
        sort_order INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      -- Two villages may share a name in a county file, but not under the same parent.
      CREATE UNIQUE INDEX units_live_name ON units (ifnull(parent_id, ''), name) WHERE deleted_at IS NULL;
      CREATE INDEX units_parent ON units (parent_id);

      CREATE TABLE party_orgs (
        id TEXT PRIMARY KEY,
        origin_office TEXT NOT NULL REFERENCES office (id),
        parent_id TEXT REFERENCES party_orgs (id),
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('党委', '党总支', '党支部', '党小组')),
        unit_id TEXT REFERENCES units (id),
        sort_order INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX party_orgs_live_name ON party_orgs (ifnull(parent_id, ''), name) WHERE deleted_at IS NULL;
      CREATE INDEX party_orgs_parent ON party_orgs (parent_id);

      ALTER TABLE people ADD COLUMN unit_id TEXT REFERENCES units (id);
      ALTER TABLE people ADD COLUMN party_org_id TEXT REFERENCES party_orgs (id);
      ALTER TABLE people ADD COLUMN post_start_date TEXT;
      ALTER TABLE people ADD COLUMN party_full_date TEXT;
      ALTER TABLE people ADD COLUMN work_start_date TEXT;
      ALTER TABLE people ADD COLUMN native_place TEXT;
      ALTER TABLE people ADD COLUMN dispatch_unit TEXT;
      ALTER TABLE people ADD COLUMN status TEXT NOT NULL DEFAULT '在岗' CHECK (status IN ('在岗', '离任', '调出'));
      -- Pinyin without spaces (zhangsan), for prefix ranges and trigram search.
      ALTER TABLE people ADD COLUMN search_pinyin TEXT NOT NULL DEFAULT '';
      UPDATE people SET search_pinyin = replace(name_pinyin, ' ', '');
      CREATE INDEX people_unit ON people (unit_id);
      CREATE INDEX people_party_org ON people (party_org_id);
      CREATE INDEX people_birth ON people (birth_date);
      CREATE INDEX people_search_pinyin ON people (search_pinyin);

      -- A person may hold several categories (村支书 and 致富带头人).
      CREATE TABLE person_categories (
        person_id TEXT NOT NULL REFERENCES people (id),
        category TEXT NOT NULL,
        PRIMARY KEY (person_id, category)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX person_categories_category ON person_categories (category, person_id);
      INSERT INTO person_categories (person_id, category) SELECT id, category FROM people WHERE category IS NOT NULL AND category <> '';
      ALTER TABLE people DROP COLUMN category;

      -- Post history (任职经历). Open rows are the current posts; people.post and post_start_date follow them.
      CREATE TABLE posts (
        id TEXT PRIMARY KEY,
        origin_office TEXT NOT NULL REFERENCES office (id),
        person_id TEXT NOT NULL REFERENCES people (id),
        title TEXT NOT NULL,
        unit_id TEXT REFERENCES units (id),
        unit_name TEXT,
        start_date TEXT,
        end_date TEXT,
        note TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE INDEX posts_person ON posts (person_id, start_date);
      -- Existing current posts become the first history rows; one per person, so the person's id is unique here.
      INSERT INTO posts (id, origin_office, person_id, title, unit_name, start_date, created_at, updated_at)
        SELECT id, origin_office, id, post, unit, NULL, updated_at, updated_at
        FROM people WHERE post IS NOT NULL AND post <> '';

      -- Text search: trigram FTS for 3+ characters; 1–2 character queries use indexes and LIKE instead,
      -- because a trigram index silently finds nothing for them.
      CREATE VIRTUAL TABLE people_fts USING fts5(
        name, id_number, phone, unit, post,
        content = 'people', content_rowid = 'rowid', tokenize = 'trigram'
      );
      INSERT INTO people_fts (rowid, name, id_number, phone, unit, post)
        SELECT rowid, name, id_number, phone, unit, post FROM people;
      CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
        INSERT INTO people_fts (rowid, name, id_number, phone, unit, post)
        VALUES (new.rowid, new.name, new.id_number, new.phone, new.unit, new.post);
      END;
      CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
        INSERT INTO people_fts (people_fts, rowid, name, id_number, phone, unit, post)
        VALUES ('delete', old.rowid, old.name, old.id_number, old.phone, old.unit, old.post);
      END;
      CREATE TRIGGER people_fts_update AFTER UPDATE OF name, id_number, phone, unit, post ON people BEGIN
        INSERT INTO people_fts (people_fts, rowid, name, id_number, phone, unit, post)
        VALUES ('delete', old.rowid, old.name, old.id_number, old.phone, old.unit, old.post);
        INSERT INTO people_fts (rowid, name, id_number, phone, unit, post)
        VALUES (new.rowid, new.name, new.id_number, new.phone, new.unit, new.post);
      END;

      -- Small per-office settings (roster views, remembered import mappings), as JSON.
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at TEXT NOT NULL
      ) STRICT;

      -- Imports and what each changed, so the last one can be undone exactly.
      CREATE TABLE import_batches (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sheet TEXT NOT NULL,
        summary TEXT NOT NULL CHECK (json_valid(summary)),
        created_at TEXT NOT NULL,
        undone_at TEXT
      ) STRICT;
      CREATE TABLE import_changes (
        batch_id TEXT NOT NULL REFERENCES import_batches (id),
        seq INTEGER NOT NULL,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('insert', 'update')),
        -- The row as it was before an update (JSON), to put it back on undo.
        before TEXT CHECK (before IS NULL OR json_valid(before)),
        -- people.rev right after the import: undo refuses rows edited since.
        rev_after INTEGER,
        PRIMARY KEY (batch_id, seq)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'split v1 categories, 1–2 character search index, live-only search indexes',
    sql: `
      -- A v1 category was free text, so "村党组织书记、致富带头人" became one category in migration 2; split it the
      -- way the form splits a typed category now (、，,;； and spaces), so filters by either category find them.
      WITH RECURSIVE
        marked(person_id, rest) AS (
          SELECT person_id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
              category, '、', char(1)), '，', char(1)), ',', char(1)), ';', char(1)), '；', char(1)), ' ', char(1)),
              char(12288), char(1)), char(9), char(1)), char(10), char(1)), char(13), char(1)) || char(1)
          FROM person_categories
          WHERE category GLOB ('*[、，,;； ' || char(12288, 9, 10, 13) || ']*')
        ),
        split(person_id, item, rest) AS (
          SELECT person_id, NULL, rest FROM marked
          UNION ALL
          SELECT person_id, substr(rest, 1, instr(rest, char(1)) - 1), substr(rest, instr(rest, char(1)) + 1) FROM split WHERE rest <> ''
        )
      INSERT OR IGNORE INTO person_categories (person_id, category)
        SELECT person_id, item FROM split WHERE item IS NOT NULL AND item <> '';
      DELETE FROM person_categories WHERE category GLOB ('*[、，,;； ' || char(12288, 9, 10, 13) || ']*');

      -- 1–2 character search (王, 王伟, 书记): a trigram index cannot answer it, and a LIKE scan of 100k rows is too
      -- slow, so every 1- and 2-character substring of name, unit and post (ASCII lower-cased) is indexed here,
      -- with the pinyin sort key, so the first page of 王 comes out of the index already in roster order.
      -- Live people only, like people_fts below, so counting a search never reads the people table.
      CREATE TABLE people_gram_positions (i INTEGER PRIMARY KEY) STRICT;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1024)
        INSERT INTO people_gram_positions (i) SELECT i FROM n;
      CREATE TABLE people_grams (
        gram TEXT NOT NULL,
        name_pinyin TEXT NOT NULL,
        person INTEGER NOT NULL,
        PRIMARY KEY (gram, name_pinyin, person)
      ) STRICT, WITHOUT ROWID;
      INSERT OR IGNORE INTO people_grams (gram, name_pinyin, person)
        SELECT lower(substr(t.v, g.i, n.n)), t.k, t.r
        FROM (SELECT rowid AS r, name_pinyin AS k, name AS v FROM people WHERE deleted_at IS NULL
              UNION ALL SELECT rowid, name_pinyin, unit FROM people WHERE deleted_at IS NULL
              UNION ALL SELECT rowid, name_pinyin, post FROM people WHERE deleted_at IS NULL) AS t
        JOIN (SELECT 1 AS n UNION ALL SELECT 2) AS n
        JOIN people_gram_positions AS g ON g.i <= length(t.v) + 1 - n.n;
      CREATE TRIGGER people_grams_insert AFTER INSERT ON people WHEN new.deleted_at IS NULL BEGIN
        INSERT OR IGNORE INTO people_grams (gram, name_pinyin, person)
          SELECT lower(substr(t.v, g.i, n.n)), new.name_pinyin, new.rowid
          FROM (SELECT new.name AS v UNION ALL SELECT new.unit UNION ALL SELECT new.post) AS t
          JOIN (SELECT 1 AS n UNION ALL SELECT 2) AS n
          JOIN people_gram_positions AS g ON g.i <= length(t.v) + 1 - n.n;
      END;
      CREATE TRIGGER people_grams_delete AFTER DELETE ON people WHEN old.deleted_at IS NULL BEGIN
        DELETE FROM people_grams WHERE person = old.rowid AND name_pinyin = old.name_pinyin AND gram IN (
          SELECT lower(substr(t.v, g.i, n.n))
          FROM (SELECT old.name AS v UNION ALL SELECT old.unit UNION ALL SELECT old.post) AS t
          JOIN (SELECT 1 AS n UNION ALL SELECT 2) AS n
          JOIN people_gram_positions AS g ON g.i <= length(t.v) + 1 - n.n);
      END;
      CREATE TRIGGER people_grams_update AFTER UPDATE OF name, name_pinyin, unit, post, deleted_at ON people
      WHEN old.name IS NOT new.name OR old.name_pinyin IS NOT new.name_pinyin OR old.unit IS NOT new.unit
        OR old.post IS NOT new.post OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
        DELETE FROM people_grams WHERE person = old.rowid AND name_pinyin = old.name_pinyin AND gram IN (
          SELECT lower(substr(t.v, g.i, n.n))
          FROM (SELECT old.name AS v UNION ALL SELECT old.unit UNION ALL SELECT old.post) AS t
          JOIN (SELECT 1 AS n UNION ALL SELECT 2) AS n
          JOIN people_gram_positions AS g ON g.i <= length(t.v) + 1 - n.n);
        INSERT OR IGNORE INTO people_grams (gram, name_pinyin, person)
          SELECT lower(substr(t.v, g.i, n.n)), new.name_pinyin, new.rowid
          FROM (SELECT new.name AS v UNION ALL SELECT new.unit UNION ALL SELECT new.post) AS t
          JOIN (SELECT 1 AS n UNION ALL SELECT 2) AS n
          JOIN people_gram_positions AS g ON g.i <= length(t.v) + 1 - n.n
          WHERE new.deleted_at IS NULL;
      END;

      -- The trigram index now holds live people only, so a search's total is counted from the index alone
      -- (an ID prefix such as 410 matches most rows). The recycle bin searches its few rows directly.
      -- Never run the 'rebuild' command on people_fts: it would index deleted people again.
      DROP TRIGGER people_fts_insert;
      DROP TRIGGER people_fts_delete;
      DROP TRIGGER people_fts_update;
      INSERT INTO people_fts (people_fts, rowid, name, id_number, phone, unit, post)
        SELECT 'delete', rowid, name, id_number, phone, unit, post FROM people WHERE deleted_at IS NOT NULL;
      CREATE TRIGGER people_fts_insert AFTER INSERT ON people WHEN new.deleted_at IS NULL BEGIN
        INSERT INTO people_fts (rowid, name, id_number, phone, unit, post)
        VALUES (new.rowid, new.name, new.id_number, new.phone, new.unit, new.post);
      END;
      CREATE TRIGGER people_fts_delete AFTER DELETE ON people WHEN old.deleted_at IS NULL BEGIN
        INSERT INTO people_fts (people_fts, rowid, name, id_number, phone, unit, post)
        VALUES ('delete', old.rowid, old.name, old.id_number, old.phone, old.unit, old.post);
      END;
      CREATE TRIGGER people_fts_update AFTER UPDATE OF name, id_number, phone, unit, post, deleted_at ON people
      WHEN old.name IS NOT new.name OR old.id_number IS NOT new.id_number OR old.phone IS NOT new.phone
        OR old.unit IS NOT new.unit OR old.post IS NOT new.post
        OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
        INSERT INTO people_fts (people_fts, rowid, name, id_number, phone, unit, post)
          SELECT 'delete', old.rowid, old.name, old.id_number, old.phone, old.unit, old.post
          WHERE old.deleted_at IS NULL;
        INSERT INTO people_fts (rowid, name, id_number, phone, unit, post)
          SELECT new.rowid, new.name, new.id_number, new.phone, new.unit, new.post
          WHERE new.deleted_at IS NULL;
      END;

      -- Filters count from indexes of live people alone instead of reading each row to check deleted_at, and
      -- carry the pinyin sort key, so a filtered page is sorted without reading the rows either.
      DROP INDEX people_initials;
      DROP INDEX people_search_pinyin;
      DROP INDEX people_birth;
      DROP INDEX people_unit;
      DROP INDEX people_party_org;
      CREATE INDEX people_live_initials ON people (name_initials, name_pinyin) WHERE deleted_at IS NULL;
      CREATE INDEX people_live_search_pinyin ON people (search_pinyin, name_pinyin) WHERE deleted_at IS NULL;
      CREATE INDEX people_live_birth ON people (birth_date, name_pinyin) WHERE deleted_at IS NULL;
      CREATE INDEX people_live_unit ON people (unit_id, name_pinyin) WHERE deleted_at IS NULL;
      CREATE INDEX people_live_party_org ON people (party_org_id, name_pinyin) WHERE deleted_at IS NULL;
      CREATE INDEX people_live_political ON people (political_status_code, name_pinyin) WHERE deleted_at IS NULL;
      CREATE INDEX people_live_id ON people (id, name_pinyin) WHERE deleted_at IS NULL;
    `,
  },
  {
    version: 4,
    name: 'training: courses, sessions, enrolments, attendance',
    sql: `
      CREATE TABLE courses (
        id TEXT PRIMARY KEY,
        rev INTEGER NOT NULL DEFAULT 1,
        origin_office TEXT NOT NULL REFERENCES office (id),
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        organizer TEXT,
        host TEXT,
        location TEXT,
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL CHECK (end_date >= start_date),
        target TEXT,
        teachers TEXT,
        content TEXT,
        planned_hours REAL CHECK (planned_hours IS NULL OR planned_hours > 0),
        full_time INTEGER NOT NULL DEFAULT 0 CHECK (full_time IN (0, 1)),
        -- Which yearly ledgers its hours count toward (JSON array of names).
        ledgers TEXT NOT NULL CHECK (json_valid(ledgers)),
        assessment TEXT,
        note TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE INDEX courses_start ON courses (start_date);

      CREATE TABLE course_sessions (
        id TEXT PRIMARY KEY,
        origin_office TEXT NOT NULL REFERENCES office (id),
        course_id TEXT NOT NULL REFERENCES courses (id),
        date TEXT NOT NULL,
        period TEXT NOT NULL CHECK (period IN ('上午', '下午', '晚上', '全天')),
        start_time TEXT NOT NULL,
        end_time TEXT NOT NULL CHECK (end_time > start_time),
        topic TEXT,
        teacher TEXT,
        location TEXT,
        hours REAL NOT NULL CHECK (hours > 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE INDEX course_sessions_course ON course_sessions (course_id, date, start_time);
      CREATE INDEX course_sessions_date ON course_sessions (date, start_time);

      CREATE TABLE enrolments (
        id TEXT PRIMARY KEY,
        origin_office TEXT NOT NULL REFERENCES office (id),
        course_id TEXT NOT NULL REFERENCES courses (id),
        person_id TEXT NOT NULL REFERENCES people (id),
        -- The printed order (序号) of the sign-in sheet and the course roster.
        seq INTEGER NOT NULL,
        result TEXT CHECK (result IS NULL OR result IN ('优秀', '合格', '不合格')),
        hours_override REAL CHECK (hours_override IS NULL OR hours_override >= 0),
        override_reason TEXT,
        certificate_no TEXT,
        note TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        CHECK (hours_override IS NULL OR override_reason IS NOT NULL)
      ) STRICT;
      CREATE UNIQUE INDEX enrolments_live ON enrolments (course_id, person_id) WHERE deleted_at IS NULL;
      CREATE INDEX enrolments_person ON enrolments (person_id);

      CREATE TABLE attendance (
        id TEXT PRIMARY KEY,
        origin_office TEXT NOT NULL REFERENCES office (id),
        session_id TEXT NOT NULL REFERENCES course_sessions (id),
        person_id TEXT NOT NULL REFERENCES people (id),
        status TEXT NOT NULL CHECK (status IN ('出席', '迟到', '早退', '请假', '缺席')),
        reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        CHECK (status <> '请假' OR reason IS NOT NULL)
      ) STRICT;
      CREATE UNIQUE INDEX attendance_live ON attendance (session_id, person_id) WHERE deleted_at IS NULL;
      CREATE INDEX attendance_person ON attendance (person_id, session_id);
      -- The yearly ledger reads each session's attendees who earn hours from this index alone.
      CREATE INDEX attendance_credit ON attendance (session_id, status, person_id) WHERE deleted_at IS NULL;
    `,
  },
  {
    version: 5,
    name: 'party life: committee seats, activities, attendance, attachments',
    sql: `
      -- 支委 seats; members themselves come from the roster (people.party_org_id, political status).
      CREATE TABLE committee_seats (
        id TEXT PRIMARY KEY,
        origin_office TEXT NOT NULL REFERENCES office (id),
        party_org_id TEXT NOT NULL REFERENCES party_orgs (id),
        person_id TEXT NOT NULL REFERENCES people (id),
        role TEXT NOT NULL,
        start_date TEXT,
        end_date TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE INDEX committee_seats_org ON committee_seats (party_org_id) WHERE deleted_at IS NULL;
      CREATE INDEX committee_seats_person ON committee_seats (person_id);

      CREATE TABLE activities (
        id TEXT PRIMARY KEY,
        rev INTEGER NOT NULL DEFAULT 1,
        origin_office TEXT NOT NULL REFERENCES office (id),
        party_org_id TEXT NOT NULL REFERENCES party_orgs (id),
        topic TEXT NOT NULL,
        date TEXT NOT NULL,
        start_time TEXT,
        end_time TEXT,
        location TEXT,
        host TEXT,
        recorder TEXT,
        lecturer TEXT,
        content TEXT,
        minutes TEXT,
        note TEXT,
        -- Resolutions with votes, as a JSON array of {text, for, against, abstain}.
        resolutions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(resolutions)),
        -- 列席 observers, as a JSON array of {name, note}.
        observers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(observers)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE INDEX activities_org_date ON activities (party_org_id, date);
      CREATE INDEX activities_date ON activities (date);

      -- One event counts as several types (主题党日 + 党员大会 + 党课).
      CREATE TABLE activity_types (
        activity_id TEXT NOT NULL REFERENCES activities (id),
        type TEXT NOT NULL,
        PRIMARY KEY (activity_id, type)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX activity_types_type ON activity_types (type, activity_id);

      -- 应到 is a snapshot of the members when the activity was recorded: voting right and 支委 seat as they were then.
      CREATE TABLE activity_attendance (
        id TEXT PRIMARY KEY,
        origin_office TEXT NOT NULL REFERENCES office (id),
        activity_id TEXT NOT NULL REFERENCES activities (id),
        person_id TEXT NOT NULL REFERENCES people (id),
        voting INTEGER NOT NULL CHECK (voting IN (0, 1)),
        committee_role TEXT,
        status TEXT CHECK (status IS NULL OR status IN ('出席', '请假', '缺席')),
        reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        CHECK (status IS NOT '请假' OR reason IS NOT NULL)
      ) STRICT;
      CREATE UNIQUE INDEX activity_attendance_live ON activity_attendance (activity_id, person_id) WHERE deleted_at IS NULL;
      CREATE INDEX activity_attendance_person ON activity_attendance (person_id);

      -- Photos and scanned signed sheets, inside the data file so a backup or a USB package carries them.
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        origin_office TEXT NOT NULL REFERENCES office (id),
        activity_id TEXT NOT NULL REFERENCES activities (id),
        file_name TEXT NOT NULL,
        mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        sha256 TEXT NOT NULL,
        data BLOB NOT NULL,
        thumbnail BLOB,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;
      CREATE INDEX attachments_activity ON attachments (activity_id) WHERE deleted_at IS NULL;
    `,
  },
  {
    version: 6,
    name: 'exchange between offices: office keys, change log, field versions, held changes, conflicts, package history',
    sql: SYNC_MIGRATION_SQL,
  },
  {
    version: 7,
    name: 'county files: live people by origin office, for the roster filter',
    // Without it, filtering 100,000 people by office reads every row to count them (seconds, not milliseconds).
    sql: `CREATE INDEX people_live_origin ON people (origin_office, name_pinyin) WHERE deleted_at IS NULL;`,
  },
  {
    version: 8,
    name: 'exchange: an edit over versions that agree (the same change made in two offices) replaces them all',
    // Otherwise the other office's equal version stayed beside the edit and showed as a conflict nobody made.
    sql: recreateCaptureTriggersSql(),
  },
];
