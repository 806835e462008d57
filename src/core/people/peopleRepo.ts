import type { Database, Statement } from 'better-sqlite3';
import type { ParsedInput, PeoplePage } from '../../shared/contract';
import { describeCodes, type Person, type PersonFields, type PersonStatus } from '../../shared/person';
import { nowIso, uuidv7 } from '../ids';
import { namePinyin } from './pinyin';
import { peopleQuery, type PageStrategy } from './peopleQuery';

/**
 * Prepared statements, kept per connection. Preparing an INSERT or UPDATE on people also compiles its
 * search-index triggers, which cost more than running them: a bulk import preparing per row ran ~5× slower.
 */
const statements = new WeakMap<Database, Map<string, Statement>>();

function prepared(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

interface PersonRow {
  id: string;
  rev: number;
  origin_office: string;
  name: string;
  gender_code: string;
  ethnicity_code: string | null;
  birth_date: string | null;
  id_number: string | null;
  political_status_code: string | null;
  party_join_date: string | null;
  party_full_date: string | null;
  work_start_date: string | null;
  education_code: string | null;
  phone: string | null;
  unit: string | null;
  unit_id: string | null;
  party_org_id: string | null;
  party_org_name: string | null;
  post: string | null;
  post_start_date: string | null;
  native_place: string | null;
  dispatch_unit: string | null;
  status: PersonStatus;
  categories_json: string;
  note: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** Every column a Person needs, with its categories and party organisation's name, from one SELECT. */
const SELECT_PERSON = `SELECT p.id, p.rev, p.origin_office, p.name, p.gender_code, p.ethnicity_code, p.birth_date, p.id_number,
  p.political_status_code, p.party_join_date, p.party_full_date, p.work_start_date, p.education_code, p.phone, p.unit,
  p.unit_id, p.party_org_id, (SELECT o.name FROM party_orgs o WHERE o.id = p.party_org_id) AS party_org_name, p.post,
  p.post_start_date, p.native_place, p.dispatch_unit, p.status,
  (SELECT json_group_array(c.category ORDER BY c.category) FROM person_categories c WHERE c.person_id = p.id) AS categories_json,
  p.note, p.created_at, p.updated_at, p.deleted_at
  FROM people p`;

export function toPerson(row: PersonRow): Person {
  const names = describeCodes({
    genderCode: row.gender_code,
    ethnicityCode: row.ethnicity_code,
    politicalStatusCode: row.political_status_code,
    educationCode: row.education_code,
  });
  const categories = JSON.parse(row.categories_json) as string[];
  return {
    id: row.id,
    rev: row.rev,
    name: row.name,
    gender: names.gender,
    ethnicity: names.ethnicity,
    ethnicityCode: row.ethnicity_code,
    birthDate: row.birth_date,
    idNumber: row.id_number,
    politicalStatus: names.politicalStatus,
    politicalStatusCode: row.political_status_code,
    partyJoinDate: row.party_join_date,
    partyFullDate: row.party_full_date,
    workStartDate: row.work_start_date,
    education: names.education,
    educationCode: row.education_code,
    phone: row.phone,
    unit: row.unit,
    unitId: row.unit_id,
    partyOrgId: row.party_org_id,
    partyOrg: row.party_org_name,
    post: row.post,
    postStartDate: row.post_start_date,
    nativePlace: row.native_place,
    dispatchUnit: row.dispatch_unit,
    status: row.status,
    categories,
    category: categories.length > 0 ? categories.join('、') : null,
    note: row.note,
    originOffice: row.origin_office,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export function findPerson(db: Database, id: string): Person | undefined {
  const row = prepared(db, `${SELECT_PERSON} WHERE p.id = ?`).get(id) as PersonRow | undefined;
  return row ? toPerson(row) : undefined;
}

/** Another live person holding this ID number, if any. */
export function findLiveByIdNumber(db: Database, idNumber: string, exceptId?: string): Person | undefined {
  const row = db
    .prepare(`${SELECT_PERSON} WHERE p.id_number = ? AND p.deleted_at IS NULL AND p.id <> ?`)
    .get(idNumber, exceptId ?? '') as PersonRow | undefined;
  return row ? toPerson(row) : undefined;
}

/**
 * Links the unit both ways: a typed unit name that matches exactly one live unit gets its id, and a chosen
 * unit id fills in the name, so rosters show a name even for people entered before the unit existed.
 */
function linkUnit(db: Database, fields: PersonFields): PersonFields {
  if (fields.unitId && !fields.unit) {
    const unit = prepared(db, 'SELECT name FROM units WHERE id = ?').get(fields.unitId) as { name: string } | undefined;
    return unit ? { ...fields, unit: unit.name } : fields;
  }
  if (!fields.unitId && fields.unit) {
    const matches = prepared(db, 'SELECT id FROM units WHERE name = ? AND deleted_at IS NULL LIMIT 2').all(fields.unit) as { id: string }[];
    return matches.length === 1 ? { ...fields, unitId: matches[0]!.id } : fields;
  }
  return fields;
}

function fieldParams(fields: PersonFields) {
  const py = namePinyin(fields.name);
  return {
    name: fields.name,
    name_pinyin: py.full,
    search_pinyin: py.full.replace(/ /g, ''),
    name_initials: py.initials,
    gender_code: fields.genderCode,
    ethnicity_code: fields.ethnicityCode,
    birth_date: fields.birthDate,
    id_number: fields.idNumber,
    political_status_code: fields.politicalStatusCode,
    party_join_date: fields.partyJoinDate,
    party_full_date: fields.partyFullDate,
    work_start_date: fields.workStartDate,
    education_code: fields.educationCode,
    phone: fields.phone,
    unit: fields.unit,
    unit_id: fields.unitId,
    party_org_id: fields.partyOrgId,
    post: fields.post,
    post_start_date: fields.postStartDate,
    native_place: fields.nativePlace,
    dispatch_unit: fields.dispatchUnit,
    status: fields.status,
    note: fields.note,
  };
}

/** The people columns a save writes, in one list so INSERT and UPDATE cannot drift apart. */
const WRITABLE = Object.keys(
  fieldParams({
    name: '', genderCode: '1', ethnicityCode: null, birthDate: null, idNumber: null, politicalStatusCode: null, partyJoinDate: null,
    educationCode: null, phone: null, unit: null, unitId: null, partyOrgId: null, post: null, postStartDate: null, partyFullDate: null,
    workStartDate: null, nativePlace: null, dispatchUnit: null, status: '在岗', categories: [], note: null,
  }),
);

function writeCategories(db: Database, personId: string, categories: readonly string[]): void {
  prepared(db, 'DELETE FROM person_categories WHERE person_id = ?').run(personId);
  const insert = prepared(db, 'INSERT INTO person_categories (person_id, category) VALUES (?, ?)');
  for (const category of categories) insert.run(personId, category);
}

function openPost(db: Database, personId: string, originOffice: string, fields: PersonFields, now: string): void {
  if (!fields.post) return;
  prepared(
    db,
    `INSERT INTO posts (id, origin_office, person_id, title, unit_id, unit_name, start_date, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(uuidv7(), originOffice, personId, fields.post, fields.unitId, fields.unit, fields.postStartDate, now, now);
}

export function insertPerson(db: Database, id: string, originOffice: string, input: PersonFields, now: string): void {
  const fields = linkUnit(db, input);
  const params = fieldParams(fields);
  prepared(
    db,
    `INSERT INTO people (id, rev, origin_office, ${WRITABLE.join(', ')}, created_at, updated_at)
     VALUES (@id, 1, @origin_office, ${WRITABLE.map((c) => `@${c}`).join(', ')}, @now, @now)`,
  ).run({ id, origin_office: originOffice, now, ...params });
  writeCategories(db, id, fields.categories);
  openPost(db, id, originOffice, fields, now);
}

/**
 * Keeps the post history in step with the current post: a new post closes the open rows (ended when the new
 * one started, or today) and opens a new row; a corrected start date moves the single open row's start.
 */
function followPost(db: Database, before: Person, fields: PersonFields, now: string): void {
  if ((before.post ?? null) !== fields.post) {
    // The old post ended when the new one started, if the clerk gave a new start; a start date carried
    // over from the stored record is the old post's own start, and would close it the day it began.
    const newStart = fields.post !== null && fields.postStartDate !== (before.postStartDate ?? null) ? fields.postStartDate : null;
    const end = newStart ?? now.slice(0, 10);
    prepared(
      db,
      `UPDATE posts SET end_date = CASE WHEN start_date IS NOT NULL AND start_date > ? THEN start_date ELSE ? END, updated_at = ?
       WHERE person_id = ? AND end_date IS NULL AND deleted_at IS NULL`,
    ).run(end, end, now, before.id);
    openPost(db, before.id, before.originOffice, fields, now);
  } else if ((before.postStartDate ?? null) !== fields.postStartDate) {
    const open = prepared(db, 'SELECT id FROM posts WHERE person_id = ? AND end_date IS NULL AND deleted_at IS NULL').all(before.id) as { id: string }[];
    if (open.length === 1) prepared(db, 'UPDATE posts SET start_date = ?, updated_at = ? WHERE id = ?').run(fields.postStartDate, now, open[0]!.id);
  }
}

export function updatePerson(db: Database, id: string, input: PersonFields, now: string): void {
  const before = findPerson(db, id);
  if (!before) throw new Error(`updatePerson: no person ${id}`);
  const fields = linkUnit(db, input);
  prepared(db, `UPDATE people SET rev = rev + 1, ${WRITABLE.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now WHERE id = @id`).run({
    id,
    now,
    ...fieldParams(fields),
  });
  writeCategories(db, id, fields.categories);
  followPost(db, before, fields, now);
}

/**
 * Re-derives 现任职务 and 任现职时间 from the open rows of the post history, after the history itself was
 * edited (a corrected date, an added earlier post, a removed row).
 */
export function refreshCurrentPost(db: Database, personId: string, now: string = nowIso()): void {
  const open = db
    .prepare('SELECT title, start_date FROM posts WHERE person_id = ? AND end_date IS NULL AND deleted_at IS NULL ORDER BY start_date NULLS LAST, created_at')
    .all(personId) as { title: string; start_date: string | null }[];
  const post = open.length > 0 ? open.map((p) => p.title).join('、') : null;
  const starts = open.map((p) => p.start_date).filter((d): d is string => d !== null);
  const start = starts.length > 0 ? starts.reduce((a, b) => (a > b ? a : b)) : null;
  prepared(db, 'UPDATE people SET post = ?, post_start_date = ?, rev = rev + 1, updated_at = ? WHERE id = ? AND (post IS NOT ? OR post_start_date IS NOT ?)').run(
    post,
    start,
    now,
    personId,
    post,
    start,
  );
}

export function setDeleted(db: Database, id: string, deletedAt: string | null, now: string): void {
  prepared(db, 'UPDATE people SET rev = rev + 1, deleted_at = ?, updated_at = ? WHERE id = ?').run(deletedAt, now, id);
}

/** Everything stored for one person, exactly, so an import's update can be put back on undo. */
export interface PersonSnapshot {
  person: Record<string, unknown>;
  categories: string[];
  posts: Record<string, unknown>[];
}

export function snapshotPerson(db: Database, id: string): PersonSnapshot | undefined {
  const person = prepared(db, 'SELECT * FROM people WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  if (!person) return undefined;
  const categories = (prepared(db, 'SELECT category FROM person_categories WHERE person_id = ? ORDER BY category').all(id) as { category: string }[]).map((r) => r.category);
  const posts = prepared(db, 'SELECT * FROM posts WHERE person_id = ? ORDER BY id').all(id) as Record<string, unknown>[];
  return { person, categories, posts };
}

function insertRow(db: Database, table: string, row: Record<string, unknown>): void {
  const columns = Object.keys(row);
  prepared(db, `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
}

/** Puts a person back exactly as snapshotted: the row (rev included), categories and post history. */
export function restorePersonSnapshot(db: Database, snapshot: PersonSnapshot): void {
  const id = snapshot.person.id as string;
  const columns = Object.keys(snapshot.person).filter((c) => c !== 'id');
  prepared(db, `UPDATE people SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(snapshot.person);
  writeCategories(db, id, snapshot.categories);
  prepared(db, 'DELETE FROM posts WHERE person_id = ?').run(id);
  for (const post of snapshot.posts) insertRow(db, 'posts', post);
}

/** Removes a person entirely: only for undoing an import that created them. */
export function hardDeletePerson(db: Database, id: string): void {
  prepared(db, 'DELETE FROM posts WHERE person_id = ?').run(id);
  prepared(db, 'DELETE FROM person_categories WHERE person_id = ?').run(id);
  prepared(db, 'DELETE FROM people WHERE id = ?').run(id);
}

/**
 * One page of people and the exact total. peopleQuery picks the indexes; the page is found as rowids first,
 * and only its rows are read in full, so categories and party organisation names are never built for rows
 * that a sort or an offset throws away. `strategy` is for tests: both must give the same answer.
 */
/** A driver holding fewer people than this is read alone, its matches' rows tested for the rest. */
const FEW_MATCHES = 2000;

export function listPeople(db: Database, input: ParsedInput<'listPeople'>, today: Date = new Date(), strategy?: PageStrategy): PeoplePage {
  let query = peopleQuery(input, today, strategy);
  if (query.narrowest) {
    const few = prepared(db, `SELECT COUNT(*) AS n FROM (SELECT 1 FROM (${query.narrowest}) LIMIT ${FEW_MATCHES})`).get(query.params) as { n: number };
    if (few.n < FEW_MATCHES) query = peopleQuery(input, today, 'collect', 1);
  }
  const byRowid = prepared(db, `${SELECT_PERSON} WHERE p.rowid = ?`);
  const read = (rids: number[]) => rids.map((rid) => toPerson(byRowid.get(rid) as PersonRow));
  if (query.collectSql) {
    const all = prepared(db, query.collectSql).raw(true).all(query.params) as [number, string][];
    // Keys are ASCII pinyin, so JavaScript's order is SQLite's BINARY order.
    const sign = input.direction === 'desc' ? -1 : 1;
    all.sort((a, b) => sign * (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] - b[0]));
    return { items: read(all.slice(input.offset, input.offset + input.limit).map((r) => r[0])), total: all.length };
  }
  const total = (prepared(db, query.countSql).get(query.params) as { n: number }).n;
  if (total === 0 || input.offset >= total) return { items: [], total };
  const maxRowid = (prepared(db, 'SELECT max(rowid) AS m FROM people').get() as { m: number | null }).m ?? 0;
  const plan = query.page(total, maxRowid);
  const rids = (sql: string, params = query.params) => prepared(db, sql).pluck(true).all(params) as number[];
  if ('sql' in plan) return { items: read(rids(plan.sql)), total };
  // Birth-date order: the dated people first, then the undated (NULLS LAST), each from its index range.
  const page = rids(plan.dated);
  if (page.length < input.limit) {
    const undatedOffset = page.length > 0 ? 0 : input.offset - (total - (prepared(db, plan.undatedCount).get(query.params) as { n: number }).n);
    page.push(...rids(plan.undated, { ...query.params, undatedLimit: input.limit - page.length, undatedOffset }));
  }
  return { items: read(page), total };
}

export function countPeople(db: Database): { live: number; deleted: number } {
  return prepared(db, 'SELECT COUNT(*) FILTER (WHERE deleted_at IS NULL) AS live, COUNT(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted FROM people').get() as {
    live: number;
    deleted: number;
  };
}
