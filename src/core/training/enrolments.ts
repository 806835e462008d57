import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import type { AssessmentResult, Enrolment, EnrolmentCandidate, EnrolResult } from '../../shared/training';
import { nowIso, uuidv7 } from '../ids';
import { roundHours } from '../fieldChecks';
import { enrolmentClashes } from './clashes';
import { liveCourse } from './courses';

interface EnrolmentRow {
  id: string;
  course_id: string;
  person_id: string;
  seq: number;
  result: string | null;
  hours_override: number | null;
  override_reason: string | null;
  certificate_no: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  name: string;
  name_initials: string;
  gender_code: string;
  id_number: string | null;
  phone: string | null;
  unit: string | null;
  post: string | null;
  person_deleted: string | null;
  attended_sessions: number;
  attended_hours: number;
  leave_hours: number;
  full_time: number;
  course_hours: number;
}

const CREDITED = "('出席', '迟到', '早退')";

/** Enrolments with what each person earned in the course (no daily cap here: that applies across courses). */
const ENROLMENT_SQL = `
  SELECT e.*, p.name, p.name_initials, p.gender_code, p.id_number, p.phone, p.unit, p.post, p.deleted_at AS person_deleted,
    COUNT(CASE WHEN a.status IN ${CREDITED} THEN 1 END) AS attended_sessions,
    ifnull(SUM(CASE WHEN a.status IN ${CREDITED} THEN s.hours END), 0) AS attended_hours,
    ifnull(SUM(CASE WHEN a.status = '请假' THEN s.hours END), 0) AS leave_hours,
    c.full_time,
    (SELECT ifnull(SUM(hours), 0) FROM course_sessions WHERE course_id = e.course_id AND deleted_at IS NULL) AS course_hours
  FROM enrolments e
  JOIN courses c ON c.id = e.course_id
  JOIN people p ON p.id = e.person_id
  LEFT JOIN course_sessions s ON s.course_id = e.course_id AND s.deleted_at IS NULL
  LEFT JOIN attendance a ON a.session_id = s.id AND a.person_id = e.person_id AND a.deleted_at IS NULL`;

const toEnrolment = (r: EnrolmentRow): Enrolment => {
  const attendedHours = roundHours(r.attended_hours);
  return {
    id: r.id,
    courseId: r.course_id,
    personId: r.person_id,
    seq: r.seq,
    name: r.name,
    initials: r.name_initials,
    gender: r.gender_code === '2' ? '女' : '男',
    idNumber: r.id_number,
    phone: r.phone,
    unit: r.unit,
    post: r.post,
    personDeleted: r.person_deleted !== null,
    attendedSessions: r.attended_sessions,
    attendedHours,
    leaveHours: roundHours(r.leave_hours),
    creditedHours: r.hours_override ?? attendedHours,
    hoursOverride: r.hours_override,
    overrideReason: r.override_reason,
    result: r.result as AssessmentResult | null,
    certificateNo: r.certificate_no,
    note: r.note,
    leaveOverLimit: r.full_time === 1 && r.course_hours > 0 && r.leave_hours > r.course_hours / 7,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

/** The course's people in printed order (序号 renumbered 1…n, gaps from removals closed). */
export function listEnrolments(db: Database, courseId: string): Enrolment[] {
  const rows = db.prepare(`${ENROLMENT_SQL} WHERE e.course_id = ? AND e.deleted_at IS NULL GROUP BY e.id ORDER BY e.seq, e.id`).all(courseId) as EnrolmentRow[];
  return rows.map((r, i) => toEnrolment({ ...r, seq: i + 1 }));
}

function findEnrolment(db: Database, id: string): Enrolment | undefined {
  const row = db.prepare(`${ENROLMENT_SQL} WHERE e.id = ? AND e.deleted_at IS NULL GROUP BY e.id`).get(id) as EnrolmentRow | undefined;
  if (!row) return undefined;
  return listEnrolments(db, row.course_id).find((e) => e.id === id);
}

interface CandidateRow {
  id: string;
  name: string;
  unit: string | null;
  post: string | null;
  deleted_at: string | null;
}

type Selection = ParsedInput<'enrol'>;

/** Live people the selection names: the listed ones, plus everyone matching all of unit, branch and categories given. */
function selectPeople(db: Database, selection: Selection): { people: CandidateRow[]; missing: string[] } {
  const people = new Map<string, CandidateRow>();
  const missing: string[] = [];
  const byId = db.prepare('SELECT id, name, unit, post, deleted_at FROM people WHERE id = ?');
  for (const id of selection.personIds ?? []) {
    const row = byId.get(id) as CandidateRow | undefined;
    if (!row || row.deleted_at) missing.push(id);
    else people.set(id, row);
  }
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const ctes: string[] = [];
  if (selection.unitId) {
    ctes.push('units_below(id) AS (SELECT @unit UNION ALL SELECT u.id FROM units u JOIN units_below b ON u.parent_id = b.id WHERE u.deleted_at IS NULL)');
    where.push('p.unit_id IN (SELECT id FROM units_below)');
    params.unit = selection.unitId;
  }
  if (selection.partyOrgId) {
    ctes.push('orgs_below(id) AS (SELECT @org UNION ALL SELECT o.id FROM party_orgs o JOIN orgs_below b ON o.parent_id = b.id WHERE o.deleted_at IS NULL)');
    where.push('p.party_org_id IN (SELECT id FROM orgs_below)');
    params.org = selection.partyOrgId;
  }
  if (selection.categories && selection.categories.length > 0) {
    where.push(`EXISTS (SELECT 1 FROM person_categories pc WHERE pc.person_id = p.id AND pc.category IN (${selection.categories.map((_, i) => `@c${i}`).join(', ')}))`);
    selection.categories.forEach((c, i) => (params[`c${i}`] = c));
  }
  if (where.length > 0) {
    const sql = `${ctes.length > 0 ? `WITH RECURSIVE ${ctes.join(', ')} ` : ''}SELECT p.id, p.name, p.unit, p.post, p.deleted_at FROM people p
      WHERE p.deleted_at IS NULL AND p.status = '在岗' AND ${where.join(' AND ')} ORDER BY p.name_pinyin, p.id`;
    for (const row of db.prepare(sql).all(params) as CandidateRow[]) people.set(row.id, row);
  }
  return { people: [...people.values()], missing };
}

/** The selected people as candidates: already on the list, or clashing with another course they sit in. */
function candidatesFor(db: Database, courseId: string, people: CandidateRow[]): EnrolmentCandidate[] {
  const enrolled = new Set(
    (db.prepare('SELECT person_id FROM enrolments WHERE course_id = ? AND deleted_at IS NULL').all(courseId) as { person_id: string }[]).map((r) => r.person_id),
  );
  const clashes = enrolmentClashes(db, courseId);
  return people.map((p) => ({
    personId: p.id,
    name: p.name,
    unit: p.unit,
    post: p.post,
    alreadyEnrolled: enrolled.has(p.id),
    conflict: clashes.get(p.id) ?? null,
  }));
}

export function previewEnrolment(db: Database, selection: Selection): Result<EnrolmentCandidate[]> {
  const course = liveCourse(db, selection.courseId);
  if (!course.ok) return course;
  return ok(candidatesFor(db, selection.courseId, selectPeople(db, selection).people));
}

/** One transaction; people already in, clashing, or no longer on the roster are skipped and named. */
export function enrol(db: Database, selection: Selection): Result<EnrolResult> {
  return db.transaction((): Result<EnrolResult> => {
    const course = liveCourse(db, selection.courseId);
    if (!course.ok) return course;
    const { people, missing } = selectPeople(db, selection);
    const candidates = candidatesFor(db, selection.courseId, people);
    const skipped: EnrolResult['skipped'] = missing.map((id) => ({ personId: id, name: '', reason: '该人员不存在或已删除' }));
    let seq = (db.prepare('SELECT ifnull(MAX(seq), 0) AS n FROM enrolments WHERE course_id = ? AND deleted_at IS NULL').get(selection.courseId) as { n: number }).n;
    const insert = db.prepare(
      `INSERT INTO enrolments (id, origin_office, course_id, person_id, seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const now = nowIso();
    let enrolled = 0;
    for (const c of candidates) {
      if (c.alreadyEnrolled) skipped.push({ personId: c.personId, name: c.name, reason: '已在本班名单中' });
      else if (c.conflict) skipped.push({ personId: c.personId, name: c.name, reason: c.conflict });
      else {
        insert.run(uuidv7(), course.data.origin_office, selection.courseId, c.personId, ++seq, now, now);
        enrolled++;
      }
    }
    if (people.length === 0 && missing.length === 0) return fail('VALIDATION', '没有选中任何人员');
    if (enrolled > 0) db.prepare('UPDATE courses SET updated_at = ? WHERE id = ?').run(now, selection.courseId);
    return ok({ enrolled, skipped });
  }).immediate();
}

export function unenrol(db: Database, courseId: string, personId: string): Result<Enrolment[]> {
  return db.transaction((): Result<Enrolment[]> => {
    const course = liveCourse(db, courseId);
    if (!course.ok) return course;
    const row = db
      .prepare('SELECT e.id, p.name FROM enrolments e JOIN people p ON p.id = e.person_id WHERE e.course_id = ? AND e.person_id = ? AND e.deleted_at IS NULL')
      .get(courseId, personId) as { id: string; name: string } | undefined;
    if (!row) return fail('NOT_FOUND', '该人员不在本班名单中');
    const recorded = db
      .prepare(
        `SELECT COUNT(*) AS n FROM attendance a JOIN course_sessions s ON s.id = a.session_id
         WHERE s.course_id = ? AND s.deleted_at IS NULL AND a.person_id = ? AND a.deleted_at IS NULL`,
      )
      .get(courseId, personId) as { n: number };
    if (recorded.n > 0) return fail('CONFLICT', `${row.name}在本班已有 ${recorded.n} 条考勤记录，不能移出名单。如登记有误，请先在考勤登记中清除。`);
    const now = nowIso();
    db.prepare('UPDATE enrolments SET deleted_at = ?, updated_at = ? WHERE id = ?').run(now, now, row.id);
    return ok(listEnrolments(db, courseId));
  }).immediate();
}

export function orderEnrolments(db: Database, input: ParsedInput<'orderEnrolments'>): Result<Enrolment[]> {
  return db.transaction((): Result<Enrolment[]> => {
    const course = liveCourse(db, input.courseId);
    if (!course.ok) return course;
    const order = {
      unit: 'ORDER BY p.unit IS NULL, p.unit, p.name_pinyin, e.id',
      name: 'ORDER BY p.name_pinyin, e.id',
      given: 'ORDER BY e.seq, e.id',
    }[input.by];
    let ids = (
      db.prepare(`SELECT e.id, e.person_id FROM enrolments e JOIN people p ON p.id = e.person_id WHERE e.course_id = ? AND e.deleted_at IS NULL ${order}`).all(input.courseId) as {
        id: string;
        person_id: string;
      }[]
    );
    if (input.by === 'given') {
      // Listed people first in the given order; anyone not listed keeps their relative place after them.
      const rank = new Map((input.personIds ?? []).map((p, i) => [p, i]));
      ids = [...ids].sort((a, b) => (rank.get(a.person_id) ?? Infinity) - (rank.get(b.person_id) ?? Infinity));
    }
    const now = nowIso();
    const update = db.prepare('UPDATE enrolments SET seq = ?, updated_at = ? WHERE id = ? AND seq <> ?');
    ids.forEach((row, i) => update.run(i + 1, now, row.id, i + 1));
    return ok(listEnrolments(db, input.courseId));
  }).immediate();
}

export function saveEnrolmentResult(db: Database, input: ParsedInput<'saveEnrolmentResult'>): Result<Enrolment> {
  return db.transaction((): Result<Enrolment> => {
    const row = db.prepare('SELECT * FROM enrolments WHERE id = ? AND deleted_at IS NULL').get(input.id) as EnrolmentRow | undefined;
    if (!row) return fail('NOT_FOUND', '找不到该参训记录');
    const course = liveCourse(db, row.course_id);
    if (!course.ok) return course;
    // Fields left out keep their value, so the results grid can save one cell at a time.
    const keep = <T>(given: T | null | undefined, current: T | null): T | null => (given === undefined ? current : (given ?? null));
    const override = keep(input.hoursOverride, row.hours_override);
    const reason = override === null ? null : keep(input.overrideReason?.trim() || (input.overrideReason === undefined ? undefined : null), row.override_reason);
    if (override !== null) {
      if (override < 0) return fail('VALIDATION', '认定学时不能为负数', [{ field: 'hoursOverride', message: '认定学时不能为负数' }]);
      if (!reason) return fail('VALIDATION', '调整认定学时须填写原因', [{ field: 'overrideReason', message: '调整认定学时须填写原因' }]);
    }
    db.prepare(
      `UPDATE enrolments SET result = @result, hours_override = @override, override_reason = @reason, certificate_no = @cert, note = @note, updated_at = @now
       WHERE id = @id`,
    ).run({
      id: input.id,
      result: keep(input.result, row.result),
      override,
      reason,
      cert: keep(input.certificateNo?.trim() || (input.certificateNo === undefined ? undefined : null), row.certificate_no),
      note: keep(input.note?.trim() || (input.note === undefined ? undefined : null), row.note),
      now: nowIso(),
    });
    return ok(findEnrolment(db, input.id)!);
  }).immediate();
}
