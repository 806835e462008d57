import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import type { Post } from '../../shared/org';
import { fail, ok, type FieldIssue, type Result } from '../../shared/result';
import { parseLooseDate } from '../../shared/validate/date';
import { nowIso, uuidv7 } from '../ids';
import { refreshCurrentPost } from './peopleRepo';

interface PostRow {
  id: string;
  person_id: string;
  title: string;
  unit_id: string | null;
  unit_name: string | null;
  start_date: string | null;
  end_date: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

const toPost = (r: PostRow): Post => ({
  id: r.id,
  personId: r.person_id,
  title: r.title,
  unitId: r.unit_id,
  unitName: r.unit_name,
  startDate: r.start_date,
  endDate: r.end_date,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** 任职经历, newest first; open (current) posts lead. */
export function listPosts(db: Database, personId: string): Post[] {
  const rows = db
    .prepare(
      `SELECT * FROM posts WHERE person_id = ? AND deleted_at IS NULL
       ORDER BY end_date IS NOT NULL, coalesce(end_date, start_date) DESC NULLS LAST, created_at DESC`,
    )
    .all(personId) as PostRow[];
  return rows.map(toPost);
}

function parseDates(input: ParsedInput<'savePost'>): Result<{ start: string | null; end: string | null }> {
  const issues: FieldIssue[] = [];
  const parse = (raw: string | null | undefined, field: string, label: string) => {
    if (!raw || raw.trim() === '') return null;
    const d = parseLooseDate(raw, label);
    if (d.ok) return d.value;
    issues.push({ field, message: d.message });
    return null;
  };
  const start = parse(input.startDate, 'startDate', '任职时间');
  const end = parse(input.endDate, 'endDate', '离任时间');
  // At the precision both have: a post held from 2020-05-10 may end in "2020-05".
  const n = Math.min(start?.length ?? 0, end?.length ?? 0);
  if (start && end && end.slice(0, n) < start.slice(0, n)) issues.push({ field: 'endDate', message: '离任时间早于任职时间' });
  const today = nowIso().slice(0, 10);
  if (start && start.slice(0, Math.min(start.length, 10)) > today) issues.push({ field: 'startDate', message: '任职时间晚于今天' });
  if (issues.length > 0) return fail('VALIDATION', issues.map((i) => i.message).join('；'), issues);
  return ok({ start, end });
}

/** Adds or corrects a row of the history; the person's 现任职务 and 任现职时间 follow. */
export function savePost(db: Database, input: ParsedInput<'savePost'>): Result<Post> {
  const dates = parseDates(input);
  if (!dates.ok) return dates;
  return db.transaction((): Result<Post> => {
    const person = db.prepare('SELECT origin_office, deleted_at FROM people WHERE id = ?').get(input.personId) as
      | { origin_office: string; deleted_at: string | null }
      | undefined;
    if (!person) return fail('NOT_FOUND', '找不到该人员');
    if (person.deleted_at) return fail('CONFLICT', '该人员已删除，请先恢复');
    // A missing unit would fail the foreign key as an internal error; say what is wrong instead.
    if (input.unitId && !db.prepare('SELECT 1 FROM units WHERE id = ?').get(input.unitId)) {
      return fail('VALIDATION', '所选单位不存在', [{ field: 'unitId', message: '所选单位不存在' }]);
    }
    const now = nowIso();
    const values = {
      person_id: input.personId,
      title: input.title,
      unit_id: input.unitId ?? null,
      unit_name: input.unitName?.trim() || null,
      start_date: dates.data.start,
      end_date: dates.data.end,
      note: input.note?.trim() || null,
      now,
    };
    let id = input.id;
    if (id) {
      const changed = db
        .prepare(
          `UPDATE posts SET title = @title, unit_id = @unit_id, unit_name = @unit_name, start_date = @start_date, end_date = @end_date,
             note = @note, updated_at = @now WHERE id = @id AND person_id = @person_id AND deleted_at IS NULL`,
        )
        .run({ ...values, id }).changes;
      if (changed === 0) return fail('NOT_FOUND', '找不到该任职记录');
    } else {
      id = uuidv7();
      db.prepare(
        `INSERT INTO posts (id, origin_office, person_id, title, unit_id, unit_name, start_date, end_date, note, created_at, updated_at)
         VALUES (@id, @origin, @person_id, @title, @unit_id, @unit_name, @start_date, @end_date, @note, @now, @now)`,
      ).run({ ...values, id, origin: person.origin_office });
    }
    refreshCurrentPost(db, input.personId, now);
    return ok(toPost(db.prepare('SELECT * FROM posts WHERE id = ?').get(id) as PostRow));
  }).immediate();
}

/** Removes a mistaken row (soft delete) and returns the remaining history. */
export function deletePost(db: Database, id: string): Result<Post[]> {
  return db.transaction((): Result<Post[]> => {
    const post = db.prepare('SELECT person_id FROM posts WHERE id = ? AND deleted_at IS NULL').get(id) as { person_id: string } | undefined;
    if (!post) return fail('NOT_FOUND', '找不到该任职记录');
    const now = nowIso();
    db.prepare('UPDATE posts SET deleted_at = ?, updated_at = ? WHERE id = ?').run(now, now, id);
    refreshCurrentPost(db, post.person_id, now);
    return ok(listPosts(db, post.person_id));
  }).immediate();
}
