import { backfillSql, captureTriggersSql } from './captureSql';

/**
 * Migration 6: office keys and acknowledgements, the change log with its field versions, held changes,
 * conflicts, package history, and the capture triggers. Rows already in the file become this office's first
 * changes.
 */
export const SYNC_MIGRATION_SQL = `
  ALTER TABLE office ADD COLUMN sign_public_key TEXT;
  ALTER TABLE office ADD COLUMN box_public_key TEXT;
  ALTER TABLE office ADD COLUMN sign_private_key TEXT;
  ALTER TABLE office ADD COLUMN box_private_key TEXT;
  -- What that office is known to hold, per origin office: the highest sequence up to which it has everything.
  ALTER TABLE office ADD COLUMN acked TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(acked));
  ALTER TABLE office ADD COLUMN last_package_at TEXT;

  INSERT INTO office (id, name, code, is_self, configured, created_at, updated_at)
    SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-7' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
      '本单位', NULL, 1, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE NOT EXISTS (SELECT 1 FROM office WHERE is_self = 1);

  -- Set when this person was merged into another (same 身份证号 from two offices).
  ALTER TABLE people ADD COLUMN merged_into TEXT;
  -- A row that arrived from another office and would break a uniqueness rule here (the same 身份证号, the same
  -- unit name, a second enrolment) is kept and marked, to be listed and merged by a person, never dropped.
  ALTER TABLE people ADD COLUMN sync_dup TEXT;
  ALTER TABLE units ADD COLUMN sync_dup TEXT;
  ALTER TABLE party_orgs ADD COLUMN sync_dup TEXT;
  ALTER TABLE enrolments ADD COLUMN sync_dup TEXT;
  ALTER TABLE attendance ADD COLUMN sync_dup TEXT;
  ALTER TABLE activity_attendance ADD COLUMN sync_dup TEXT;
  DROP INDEX people_live_id_number;
  CREATE UNIQUE INDEX people_live_id_number ON people (id_number) WHERE deleted_at IS NULL AND id_number IS NOT NULL AND sync_dup IS NULL;
  CREATE INDEX people_id_number ON people (id_number) WHERE id_number IS NOT NULL;
  DROP INDEX units_live_name;
  CREATE UNIQUE INDEX units_live_name ON units (ifnull(parent_id, ''), name) WHERE deleted_at IS NULL AND sync_dup IS NULL;
  DROP INDEX party_orgs_live_name;
  CREATE UNIQUE INDEX party_orgs_live_name ON party_orgs (ifnull(parent_id, ''), name) WHERE deleted_at IS NULL AND sync_dup IS NULL;
  DROP INDEX enrolments_live;
  CREATE UNIQUE INDEX enrolments_live ON enrolments (course_id, person_id) WHERE deleted_at IS NULL AND sync_dup IS NULL;
  DROP INDEX attendance_live;
  CREATE UNIQUE INDEX attendance_live ON attendance (session_id, person_id) WHERE deleted_at IS NULL AND sync_dup IS NULL;
  DROP INDEX activity_attendance_live;
  CREATE UNIQUE INDEX activity_attendance_live ON activity_attendance (activity_id, person_id) WHERE deleted_at IS NULL AND sync_dup IS NULL;

  -- One row: this office, its last sequence number and hybrid logical clock (ms × 1000 + counter), and the
  -- switches the app sets inside a transaction (applying another office's changes; resolving a conflict).
  CREATE TABLE sync_state (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    office_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hlc INTEGER NOT NULL,
    applying INTEGER NOT NULL DEFAULT 0,
    resolving TEXT NOT NULL DEFAULT '',
    operator TEXT
  ) STRICT;
  INSERT INTO sync_state (one, office_id, seq, hlc)
    SELECT 1, id, 0, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 1000 FROM office WHERE is_self = 1;

  -- Every change by every office, values as JSON text. base_op is the field version it replaced; row_base the
  -- row's delete/restore version the author saw; resolves the conflicting versions a resolution settled; seen
  -- (on deletes) the field versions the deleting office had.
  CREATE TABLE change_log (
    op_id TEXT PRIMARY KEY,
    office_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hlc INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    base_op TEXT,
    row_base TEXT,
    resolves TEXT,
    seen TEXT,
    operator TEXT,
    at TEXT NOT NULL,
    import_id TEXT
  ) STRICT;
  CREATE UNIQUE INDEX change_log_origin ON change_log (office_id, seq);
  CREATE INDEX change_log_row ON change_log (tbl, row_id, field, hlc);
  CREATE INDEX change_log_import ON change_log (import_id) WHERE import_id IS NOT NULL;

  -- The versions of each field no other version has replaced: one normally, several while in conflict.
  CREATE TABLE field_heads (
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    op_id TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    office_id TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id, field, op_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TRIGGER change_log_heads AFTER INSERT ON change_log WHEN new.field NOT IN ('*', '!') BEGIN
    DELETE FROM field_heads WHERE tbl = new.tbl AND row_id = new.row_id AND field = new.field
      AND (op_id = new.base_op OR op_id IN (SELECT value FROM json_each(coalesce(new.resolves, '[]'))));
    INSERT INTO field_heads (tbl, row_id, field, op_id, hlc, office_id, value)
      VALUES (new.tbl, new.row_id, new.field, new.op_id, new.hlc, new.office_id, coalesce(new.new_value, 'null'));
  END;
  CREATE TRIGGER change_log_purge_heads AFTER INSERT ON change_log WHEN new.field = '!' BEGIN
    DELETE FROM field_heads WHERE tbl = new.tbl AND row_id = new.row_id;
  END;
  -- A delete or restore made here settles any delete-against-edit conflict of the row.
  CREATE TRIGGER change_log_local_delete AFTER INSERT ON change_log
    WHEN new.field = 'deleted_at' AND (SELECT applying FROM sync_state) = 0 BEGIN
    DELETE FROM sync_row_conflicts WHERE tbl = new.tbl AND row_id = new.row_id;
  END;
  -- The log is the audit trail: entries are never edited, and removed only when an import is undone.
  CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log BEGIN
    SELECT RAISE(ABORT, 'change_log is append-only');
  END;
  CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log WHEN (SELECT applying FROM sync_state) <> 2 BEGIN
    SELECT RAISE(ABORT, 'change_log is append-only');
  END;

  -- Changes received whose record or earlier version has not arrived yet.
  CREATE TABLE sync_held (
    op_id TEXT PRIMARY KEY,
    office_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hlc INTEGER NOT NULL,
    op TEXT NOT NULL,
    blob_data BLOB,
    blob_thumbnail BLOB,
    import_id TEXT NOT NULL,
    reason TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX sync_held_origin ON sync_held (office_id, seq);

  -- A delete that another office's edit did not see (and that did not see the edit).
  CREATE TABLE sync_row_conflicts (
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    delete_op TEXT NOT NULL,
    edit_ops TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE sync_imports (
    id TEXT PRIMARY KEY,
    package_id TEXT NOT NULL,
    sender_office TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    file_name TEXT NOT NULL,
    summary TEXT NOT NULL,
    acked_before TEXT,
    created_at TEXT NOT NULL,
    undone_at TEXT
  ) STRICT;
  -- Each row as it was before the import first touched it, for an exact undo.
  CREATE TABLE sync_import_rows (
    import_id TEXT NOT NULL,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    before TEXT,
    heads TEXT NOT NULL,
    row_conflict TEXT,
    PRIMARY KEY (import_id, tbl, row_id)
  ) STRICT, WITHOUT ROWID;
  -- Held changes an import applied, to hold again if it is undone.
  CREATE TABLE sync_import_released (
    import_id TEXT NOT NULL,
    op_id TEXT NOT NULL,
    held TEXT NOT NULL,
    PRIMARY KEY (import_id, op_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE sync_exports (
    id TEXT PRIMARY KEY,
    package_id TEXT NOT NULL,
    to_office TEXT,
    file_name TEXT NOT NULL,
    ranges TEXT NOT NULL,
    op_count INTEGER NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;

  ${captureTriggersSql()}
  ${backfillSql()}
`;
