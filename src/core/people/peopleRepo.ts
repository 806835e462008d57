import type { Database } from 'better-sqlite3';
import type { PeoplePage } from '../../shared/contract';
import type { ParsedInput } from '../../shared/contract';
import { describeCodes, type Person, type PersonFields } from '../../shared/person';
import { namePinyin } from './pinyin';

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
  education_code: string | null;
  phone: string | null;
  unit: string | null;
  post: string | null;
  category: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const COLUMNS = `id, rev, origin_office, name, gender_code, ethnicity_code, birth_date, id_number, political_status_code,
  party_join_date, education_code, phone, unit, post, category, note, created_at, updated_at, deleted_at`;

export function toPerson(row: PersonRow): Person {
  const names = describeCodes({
    genderCode: row.gender_code,
    ethnicityCode: row.ethnicity_code,
    politicalStatusCode: row.political_status_code,
    educationCode: row.education_code,
  });
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
    education: names.education,
    educationCode: row.education_code,
    phone: row.phone,
    unit: row.unit,
    post: row.post,
    category: row.category,
    note: row.note,
    originOffice: row.origin_office,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export function findPerson(db: Database, id: string): Person | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM people WHERE id = ?`).get(id) as PersonRow | undefined;
  return row ? toPerson(row) : undefined;
}

/** Another live person holding this ID number, if any. */
export function findLiveByIdNumber(db: Database, idNumber: string, exceptId?: string): Person | undefined {
  const row = db
    .prepare(`SELECT ${COLUMNS} FROM people WHERE id_number = ? AND deleted_at IS NULL AND id <> ?`)
    .get(idNumber, exceptId ?? '') as PersonRow | undefined;
  return row ? toPerson(row) : undefined;
}

function fieldParams(fields: PersonFields) {
  const py = namePinyin(fields.name);
  return {
    name: fields.name,
    name_pinyin: py.full,
    name_initials: py.initials,
    gender_code: fields.genderCode,
    ethnicity_code: fields.ethnicityCode,
    birth_date: fields.birthDate,
    id_number: fields.idNumber,
    political_status_code: fields.politicalStatusCode,
    party_join_date: fields.partyJoinDate,
    education_code: fields.educationCode,
    phone: fields.phone,
    unit: fields.unit,
    post: fields.post,
    category: fields.category,
    note: fields.note,
  };
}

export function insertPerson(db: Database, id: string, originOffice: string, fields: PersonFields, now: string): void {
  db.prepare(
    `INSERT INTO people (id, rev, origin_office, name, name_pinyin, name_initials, gender_code, ethnicity_code, birth_date,
       id_number, political_status_code, party_join_date, education_code, phone, unit, post, category, note, created_at, updated_at)
     VALUES (@id, 1, @origin_office, @name, @name_pinyin, @name_initials, @gender_code, @ethnicity_code, @birth_date,
       @id_number, @political_status_code, @party_join_date, @education_code, @phone, @unit, @post, @category, @note, @now, @now)`,
  ).run({ id, origin_office: originOffice, now, ...fieldParams(fields) });
}

export function updatePerson(db: Database, id: string, fields: PersonFields, now: string): void {
  db.prepare(
    `UPDATE people SET rev = rev + 1, name = @name, name_pinyin = @name_pinyin, name_initials = @name_initials,
       gender_code = @gender_code, ethnicity_code = @ethnicity_code, birth_date = @birth_date, id_number = @id_number,
       political_status_code = @political_status_code, party_join_date = @party_join_date, education_code = @education_code,
       phone = @phone, unit = @unit, post = @post, category = @category, note = @note, updated_at = @now
     WHERE id = @id`,
  ).run({ id, now, ...fieldParams(fields) });
}

export function setDeleted(db: Database, id: string, deletedAt: string | null, now: string): void {
  db.prepare('UPDATE people SET rev = rev + 1, deleted_at = ?, updated_at = ? WHERE id = ?').run(deletedAt, now, id);
}

const SORT_COLUMNS: Record<ParsedInput<'listPeople'>['sort'], string> = {
  name: 'name_pinyin',
  birthDate: 'birth_date',
  unit: 'unit',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Builds the WHERE clause for a text query: ID/phone digits, pinyin letters, or Chinese text. */
function queryCondition(query: string, params: Record<string, unknown>): string | null {
  const q = query.replace(/[\s\u3000]+/g, '');
  if (q === '') return null;
  params.contains = `%${escapeLike(q.toUpperCase())}%`;
  // Digits, with an X only where an ID number has it (last); a query of letters alone, x included, is pinyin.
  if (/^\d+[xX]?$/.test(q)) return `(id_number LIKE @contains ESCAPE '\\' OR phone LIKE @contains ESCAPE '\\')`;
  if (/^[a-zA-Z]+$/.test(q)) {
    params.prefix = `${escapeLike(q.toLowerCase())}%`;
    // name_pinyin has a space between syllables (for sorting); `zhangs` must still find "zhang san".
    return `(name_initials LIKE @prefix ESCAPE '\\' OR REPLACE(name_pinyin, ' ', '') LIKE @prefix ESCAPE '\\')`;
  }
  params.contains = `%${escapeLike(q)}%`;
  return `(name LIKE @contains ESCAPE '\\' OR unit LIKE @contains ESCAPE '\\' OR post LIKE @contains ESCAPE '\\')`;
}

export function listPeople(db: Database, input: ParsedInput<'listPeople'>): PeoplePage {
  const params: Record<string, unknown> = {};
  const where: string[] = [];
  if (input.deleted === 'live') where.push('deleted_at IS NULL');
  else if (input.deleted === 'deleted') where.push('deleted_at IS NOT NULL');
  if (input.query) {
    const condition = queryCondition(input.query, params);
    if (condition) where.push(condition);
  }
  if (input.gender) {
    where.push('gender_code = @gender');
    params.gender = input.gender === '男' ? '1' : '2';
  }
  for (const [key, column] of [
    ['politicalStatusCode', 'political_status_code'],
    ['educationCode', 'education_code'],
    ['category', 'category'],
    ['unit', 'unit'],
  ] as const) {
    const value = input[key];
    if (value) {
      where.push(`${column} = @${key}`);
      params[key] = value;
    }
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const direction = input.direction === 'desc' ? 'DESC' : 'ASC';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM people ${whereSql}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM people ${whereSql} ORDER BY ${SORT_COLUMNS[input.sort]} ${direction} NULLS LAST, name_pinyin, id LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: input.limit, offset: input.offset }) as PersonRow[];
  return { items: rows.map(toPerson), total };
}

export function countPeople(db: Database): { live: number; deleted: number } {
  return db.prepare('SELECT COUNT(*) FILTER (WHERE deleted_at IS NULL) AS live, COUNT(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted FROM people').get() as {
    live: number;
    deleted: number;
  };
}
