import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import { fail, ok, type FieldIssue, type Result } from '../../shared/result';
import { TRAINING_LEDGERS, type Course, type CourseDetail, type CourseKind, type CourseSummary, type TrainingLedger } from '../../shared/training';
import { nowIso, uuidv7 } from '../ids';
import { ensureSelfOffice } from '../office/officeRepo';
import { fullDate, issuesFail } from '../fieldChecks';
import { clashOnRestore } from './clashes';
import { listSessions } from './sessions';

interface CourseRow {
  id: string;
  rev: number;
  origin_office: string;
  name: string;
  kind: string;
  organizer: string | null;
  host: string | null;
  location: string | null;
  start_date: string;
  end_date: string;
  target: string | null;
  teachers: string | null;
  content: string | null;
  planned_hours: number | null;
  full_time: number;
  ledgers: string;
  assessment: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

interface SummaryRow extends CourseRow {
  session_count: number;
  session_hours: number;
  enrolled: number;
  credited_rows: number;
  attendance_records: number;
}

const toCourse = (r: CourseRow): Course => ({
  id: r.id,
  rev: r.rev,
  name: r.name,
  kind: r.kind as CourseKind,
  organizer: r.organizer,
  host: r.host,
  location: r.location,
  startDate: r.start_date,
  endDate: r.end_date,
  target: r.target,
  teachers: r.teachers,
  content: r.content,
  plannedHours: r.planned_hours,
  fullTime: r.full_time === 1,
  ledgers: JSON.parse(r.ledgers) as TrainingLedger[],
  assessment: r.assessment,
  note: r.note,
  originOffice: r.origin_office,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

const toSummary = (r: SummaryRow): CourseSummary => ({
  ...toCourse(r),
  sessionCount: r.session_count,
  sessionHours: r.session_hours,
  enrolled: r.enrolled,
  attendanceRecords: r.attendance_records,
  attendanceRate: r.attendance_records === 0 || r.session_count === 0 || r.enrolled === 0 ? null : r.credited_rows / (r.session_count * r.enrolled),
});

/** Counts per course; attendance only of live enrolments, so a person moved out of the course stops counting. */
const SUMMARY_SQL = `
  SELECT c.*,
    (SELECT COUNT(*) FROM course_sessions s WHERE s.course_id = c.id AND s.deleted_at IS NULL) AS session_count,
    (SELECT ifnull(SUM(s.hours), 0) FROM course_sessions s WHERE s.course_id = c.id AND s.deleted_at IS NULL) AS session_hours,
    (SELECT COUNT(*) FROM enrolments e WHERE e.course_id = c.id AND e.deleted_at IS NULL) AS enrolled,
    (SELECT COUNT(*) FROM attendance a JOIN course_sessions s ON s.id = a.session_id
       JOIN enrolments e ON e.course_id = s.course_id AND e.person_id = a.person_id AND e.deleted_at IS NULL
       WHERE s.course_id = c.id AND s.deleted_at IS NULL AND a.deleted_at IS NULL AND a.status IN ('出席', '迟到', '早退')) AS credited_rows,
    (SELECT COUNT(*) FROM attendance a JOIN course_sessions s ON s.id = a.session_id
       WHERE s.course_id = c.id AND s.deleted_at IS NULL AND a.deleted_at IS NULL) AS attendance_records
  FROM courses c`;

export function findCourseRow(db: Database, id: string): CourseRow | undefined {
  return db.prepare('SELECT * FROM courses WHERE id = ?').get(id) as CourseRow | undefined;
}

export function courseSummary(db: Database, id: string): CourseSummary | undefined {
  const row = db.prepare(`${SUMMARY_SQL} WHERE c.id = ?`).get(id) as SummaryRow | undefined;
  return row ? toSummary(row) : undefined;
}

/** A live course, or the Chinese reason it cannot be used. */
export function liveCourse(db: Database, id: string): Result<CourseRow> {
  const row = findCourseRow(db, id);
  if (!row) return fail('NOT_FOUND', '找不到该培训班');
  if (row.deleted_at) return fail('CONFLICT', `培训班《${row.name}》已删除，请先恢复`);
  return ok(row);
}

/** Newest first; a year selects courses that run at any time in it. */
export function listCourses(db: Database, input: ParsedInput<'listCourses'>): CourseSummary[] {
  const where = [input.deleted === 'deleted' ? 'c.deleted_at IS NOT NULL' : 'c.deleted_at IS NULL'];
  const params: Record<string, unknown> = {};
  if (input.year !== undefined) {
    where.push("c.start_date <= @yearEnd AND c.end_date >= @yearStart");
    params.yearStart = `${input.year}-01-01`;
    params.yearEnd = `${input.year}-12-31`;
  }
  const query = input.query?.trim();
  if (query) {
    where.push("(instr(c.name, @q) > 0 OR instr(ifnull(c.organizer, ''), @q) > 0 OR instr(ifnull(c.location, ''), @q) > 0 OR c.kind = @q)");
    params.q = query;
  }
  if (input.originOffice) {
    where.push('c.origin_office = @originOffice');
    params.originOffice = input.originOffice;
  }
  const rows = db.prepare(`${SUMMARY_SQL} WHERE ${where.join(' AND ')} ORDER BY c.start_date DESC, c.created_at DESC`).all(params) as SummaryRow[];
  return rows.map(toSummary);
}

export function getCourse(db: Database, id: string): Result<CourseDetail> {
  const course = courseSummary(db, id);
  if (!course) return fail('NOT_FOUND', '找不到该培训班');
  return ok({ course, sessions: listSessions(db, id) });
}

function checkCourse(db: Database, input: ParsedInput<'saveCourse'>): Result<{ start: string; end: string; ledgers: TrainingLedger[] }> {
  const issues: FieldIssue[] = [];
  const start = fullDate(input.startDate, 'startDate', '开始日期', issues);
  const end = fullDate(input.endDate, 'endDate', '结束日期', issues);
  if (start && end && end < start) issues.push({ field: 'endDate', message: `结束日期 ${end} 早于开始日期 ${start}` });
  if (input.plannedHours != null && input.plannedHours <= 0) issues.push({ field: 'plannedHours', message: '计划学时必须大于 0' });
  const ledgers = input.ledgers ?? [...TRAINING_LEDGERS];
  if (ledgers.length === 0) issues.push({ field: 'ledgers', message: '请至少选择一个计入的学时台账' });
  if (input.id && start && end) {
    const outside = db
      .prepare('SELECT date FROM course_sessions WHERE course_id = ? AND deleted_at IS NULL AND (date < ? OR date > ?) ORDER BY date LIMIT 1')
      .get(input.id, start, end) as { date: string } | undefined;
    if (outside) issues.push({ field: start > outside.date ? 'startDate' : 'endDate', message: `已有 ${outside.date} 的场次不在新的起止日期之内，请先调整场次` });
  }
  if (issues.length > 0) return issuesFail(issues);
  return ok({ start: start!, end: end!, ledgers: TRAINING_LEDGERS.filter((l) => ledgers.includes(l)) });
}

export function saveCourse(db: Database, input: ParsedInput<'saveCourse'>): Result<Course> {
  return db.transaction((): Result<Course> => {
    const checked = checkCourse(db, input);
    if (!checked.ok) return checked;
    const now = nowIso();
    const text = (v: string | null | undefined) => v?.trim() || null;
    const values = {
      name: input.name,
      kind: input.kind,
      organizer: text(input.organizer),
      host: text(input.host),
      location: text(input.location),
      start_date: checked.data.start,
      end_date: checked.data.end,
      target: text(input.target),
      teachers: text(input.teachers),
      content: text(input.content),
      planned_hours: input.plannedHours ?? null,
      full_time: input.fullTime ? 1 : 0,
      ledgers: JSON.stringify(checked.data.ledgers),
      assessment: text(input.assessment),
      note: text(input.note),
      now,
    };
    if (input.id) {
      const live = liveCourse(db, input.id);
      if (!live.ok) return live;
      if (input.rev !== undefined && input.rev !== live.data.rev) {
        return fail('CONFLICT', '该培训班已在别处被修改，请刷新后再改。您填写的内容仍保留在表单中。');
      }
      db.prepare(
        `UPDATE courses SET rev = rev + 1, name = @name, kind = @kind, organizer = @organizer, host = @host, location = @location,
           start_date = @start_date, end_date = @end_date, target = @target, teachers = @teachers, content = @content,
           planned_hours = @planned_hours, full_time = @full_time, ledgers = @ledgers, assessment = @assessment, note = @note,
           updated_at = @now WHERE id = @id`,
      ).run({ ...values, id: input.id });
      return ok(toCourse(findCourseRow(db, input.id)!));
    }
    const id = uuidv7();
    db.prepare(
      `INSERT INTO courses (id, origin_office, name, kind, organizer, host, location, start_date, end_date, target, teachers, content,
         planned_hours, full_time, ledgers, assessment, note, created_at, updated_at)
       VALUES (@id, @origin, @name, @kind, @organizer, @host, @location, @start_date, @end_date, @target, @teachers, @content,
         @planned_hours, @full_time, @ledgers, @assessment, @note, @now, @now)`,
    ).run({ ...values, id, origin: ensureSelfOffice(db).id });
    return ok(toCourse(findCourseRow(db, id)!));
  }).immediate();
}

/** Soft delete: sessions, enrolments and attendance stay, out of the ledger, until the course is restored. */
export function deleteCourse(db: Database, id: string): Result<Course> {
  return db.transaction((): Result<Course> => {
    const row = findCourseRow(db, id);
    if (!row) return fail('NOT_FOUND', '找不到该培训班');
    if (!row.deleted_at) {
      const now = nowIso();
      db.prepare('UPDATE courses SET deleted_at = ?, updated_at = ?, rev = rev + 1 WHERE id = ?').run(now, now, id);
    }
    return ok(toCourse(findCourseRow(db, id)!));
  }).immediate();
}

/** Restoring is refused when someone was enrolled meanwhile in a course that clashes with this one. */
export function restoreCourse(db: Database, id: string): Result<Course> {
  return db.transaction((): Result<Course> => {
    const row = findCourseRow(db, id);
    if (!row) return fail('NOT_FOUND', '找不到该培训班');
    if (row.deleted_at) {
      const clash = clashOnRestore(db, id);
      if (clash) return fail('CONFLICT', `无法恢复培训班《${row.name}》：${clash}`);
      const now = nowIso();
      db.prepare('UPDATE courses SET deleted_at = NULL, updated_at = ?, rev = rev + 1 WHERE id = ?').run(now, id);
    }
    return ok(toCourse(findCourseRow(db, id)!));
  }).immediate();
}
