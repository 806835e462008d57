/**
 * The tables that travel between offices, and how each is keyed. This list is part of migration 6's SQL
 * (the capture triggers are generated from it): a later change must come with a new migration that drops and
 * recreates the triggers, never an edit of this list alone.
 */
export interface SyncTable {
  name: string;
  /** Rowid tables are keyed by `id`; junction tables by the pair of columns, kept as a JSON array in row_id. */
  key: readonly ['id'] | readonly [string, string];
  /** Columns other than the key that are logged and merged field by field. */
  columns: readonly string[];
  /** Columns that stay on this machine: optimistic-lock counters and the duplicate marker. */
  local: readonly string[];
  /** Large binary columns that ride in the package's blob part instead of the change log. */
  blobs: readonly string[];
  /** Bookkeeping columns derived from others: merged like any field, never listed as a conflict. */
  quiet: readonly string[];
  softDelete: boolean;
}

const rowid = (name: string, columns: string[], extra: Partial<SyncTable> = {}): SyncTable => ({
  name,
  key: ['id'],
  columns,
  local: [],
  blobs: [],
  quiet: ['updated_at'],
  softDelete: columns.includes('deleted_at'),
  ...extra,
});

const stamps = ['created_at', 'updated_at', 'deleted_at'];

/** In dependency order: a table's foreign keys point only to tables before it. */
export const SYNC_TABLES: readonly SyncTable[] = [
  rowid('units', ['origin_office', 'parent_id', 'name', 'kind', 'division_code', 'sort_order', ...stamps], { local: ['sync_dup'] }),
  rowid('party_orgs', ['origin_office', 'parent_id', 'name', 'kind', 'unit_id', 'sort_order', ...stamps], { local: ['sync_dup'] }),
  rowid(
    'people',
    [
      'origin_office', 'name', 'name_pinyin', 'name_initials', 'gender_code', 'ethnicity_code', 'birth_date', 'id_number',
      'political_status_code', 'party_join_date', 'education_code', 'phone', 'unit', 'post', 'note', ...stamps, 'unit_id',
      'party_org_id', 'post_start_date', 'party_full_date', 'work_start_date', 'native_place', 'dispatch_unit', 'status',
      'search_pinyin', 'merged_into',
    ],
    { local: ['rev', 'sync_dup'], quiet: ['updated_at', 'name_pinyin', 'name_initials', 'search_pinyin'] },
  ),
  { name: 'person_categories', key: ['person_id', 'category'], columns: [], local: [], blobs: [], quiet: [], softDelete: false },
  rowid('posts', ['origin_office', 'person_id', 'title', 'unit_id', 'unit_name', 'start_date', 'end_date', 'note', ...stamps]),
  rowid(
    'courses',
    [
      'origin_office', 'name', 'kind', 'organizer', 'host', 'location', 'start_date', 'end_date', 'target', 'teachers', 'content',
      'planned_hours', 'full_time', 'ledgers', 'assessment', 'note', ...stamps,
    ],
    { local: ['rev'] },
  ),
  rowid('course_sessions', ['origin_office', 'course_id', 'date', 'period', 'start_time', 'end_time', 'topic', 'teacher', 'location', 'hours', ...stamps]),
  rowid(
    'enrolments',
    ['origin_office', 'course_id', 'person_id', 'seq', 'result', 'hours_override', 'override_reason', 'certificate_no', 'note', ...stamps],
    { local: ['sync_dup'] },
  ),
  rowid('attendance', ['origin_office', 'session_id', 'person_id', 'status', 'reason', ...stamps], { local: ['sync_dup'] }),
  rowid('committee_seats', ['origin_office', 'party_org_id', 'person_id', 'role', 'start_date', 'end_date', ...stamps]),
  rowid(
    'activities',
    [
      'origin_office', 'party_org_id', 'topic', 'date', 'start_time', 'end_time', 'location', 'host', 'recorder', 'lecturer', 'content',
      'minutes', 'note', 'resolutions', 'observers', ...stamps,
    ],
    { local: ['rev'] },
  ),
  { name: 'activity_types', key: ['activity_id', 'type'], columns: [], local: [], blobs: [], quiet: [], softDelete: false },
  rowid(
    'activity_attendance',
    ['origin_office', 'activity_id', 'person_id', 'voting', 'committee_role', 'status', 'reason', ...stamps],
    { local: ['sync_dup'] },
  ),
  rowid('attachments', ['origin_office', 'activity_id', 'file_name', 'mime', 'bytes', 'sha256', ...stamps], { blobs: ['data', 'thumbnail'] }),
];

export const SYNC_TABLE_BY_NAME: ReadonlyMap<string, SyncTable> = new Map(SYNC_TABLES.map((t) => [t.name, t]));

export const isJunction = (table: SyncTable): boolean => table.key.length === 2;

/** Field names with a meaning of their own in the log. */
export const INSERT_FIELD = '*';
export const PURGE_FIELD = '!';
export const PRESENT_FIELD = '_present';
