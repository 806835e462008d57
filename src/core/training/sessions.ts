import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import { fail, ok, type FieldIssue, type Result } from '../../shared/result';
import { PERIOD_TIMES, type CourseSession, type SessionPeriod } from '../../shared/training';
import { nowIso, uuidv7 } from '../ids';
import { clockTime, fullDate, issuesFail } from '../fieldChecks';
import { sessionClash } from './clashes';

interface SessionRow {
  id: string;
  course_id: string;
  date: string;
  period: string;
  start_time: string;
  end_time: string;
  topic: string | null;
  teacher: string | null;
  location: string | null;
  hours: number;
  present: number;
  leave: number;
  absent: number;
  created_at: string;
  updated_at: string;
}

const toSession = (r: SessionRow): CourseSession => ({
  id: r.id,
  courseId: r.course_id,
  date: r.date,
  period: r.period as SessionPeriod,
  startTime: r.start_time,
  endTime: r.end_time,
  topic: r.topic,
  teacher: r.teacher,
  location: r.location,
  hours: r.hours,
  present: r.present,
  leave: r.leave,
  absent: r.absent,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Counts only people still enrolled, matching the attendance screen. */
const SESSION_SQL = `
  SELECT s.*,
    (SELECT COUNT(*) FROM attendance a JOIN enrolments e ON e.course_id = s.course_id AND e.person_id = a.person_id AND e.deleted_at IS NULL
       WHERE a.session_id = s.id AND a.deleted_at IS NULL AND a.status IN ('出席', '迟到', '早退')) AS present,
    (SELECT COUNT(*) FROM attendance a JOIN enrolments e ON e.course_id = s.course_id AND e.person_id = a.person_id AND e.deleted_at IS NULL
       WHERE a.session_id = s.id AND a.deleted_at IS NULL AND a.status = '请假') AS leave,
    (SELECT COUNT(*) FROM attendance a JOIN enrolments e ON e.course_id = s.course_id AND e.person_id = a.person_id AND e.deleted_at IS NULL
       WHERE a.session_id = s.id AND a.deleted_at IS NULL AND a.status = '缺席') AS absent
  FROM course_sessions s`;

/** A course's timetable in order. */
export function listSessions(db: Database, courseId: string): CourseSession[] {
  const rows = db.prepare(`${SESSION_SQL} WHERE s.course_id = ? AND s.deleted_at IS NULL ORDER BY s.date, s.start_time, s.id`).all(courseId) as SessionRow[];
  return rows.map(toSession);
}

export function findSession(db: Database, id: string): CourseSession | undefined {
  const row = db.prepare(`${SESSION_SQL} WHERE s.id = ? AND s.deleted_at IS NULL`).get(id) as SessionRow | undefined;
  return row ? toSession(row) : undefined;
}

interface CourseDates {
  name: string;
  start_date: string;
  end_date: string;
  deleted_at: string | null;
}

function checkSession(db: Database, input: ParsedInput<'saveSession'>, course: CourseDates): Result<{ date: string; start: string; end: string }> {
  const issues: FieldIssue[] = [];
  const date = fullDate(input.date, 'date', '日期', issues);
  if (date && (date < course.start_date || date > course.end_date)) {
    issues.push({ field: 'date', message: `日期 ${date} 不在培训班起止日期（${course.start_date} 至 ${course.end_date}）之内` });
  }
  const defaults = PERIOD_TIMES[input.period];
  const start = input.startTime?.trim() ? clockTime(input.startTime, 'startTime', '开始时间', issues) : defaults.start;
  const end = input.endTime?.trim() ? clockTime(input.endTime, 'endTime', '结束时间', issues) : defaults.end;
  if (start && end && end <= start) issues.push({ field: 'endTime', message: `结束时间 ${end} 不晚于开始时间 ${start}` });
  if (!(input.hours > 0)) issues.push({ field: 'hours', message: '学时必须大于 0' });
  else if (input.hours > 24) issues.push({ field: 'hours', message: '一个场次的学时不能超过 24' });
  if (issues.length > 0) return issuesFail(issues);
  return ok({ date: date!, start: start!, end: end! });
}

export function saveSession(db: Database, input: ParsedInput<'saveSession'>): Result<CourseSession> {
  return db.transaction((): Result<CourseSession> => {
    const course = db.prepare('SELECT name, start_date, end_date, deleted_at, origin_office FROM courses WHERE id = ?').get(input.courseId) as
      | (CourseDates & { origin_office: string })
      | undefined;
    if (!course) return fail('NOT_FOUND', '找不到该培训班');
    if (course.deleted_at) return fail('CONFLICT', `培训班《${course.name}》已删除，请先恢复`);
    const checked = checkSession(db, input, course);
    if (!checked.ok) return checked;
    const { date, start, end } = checked.data;
    if (input.id) {
      const existing = db.prepare('SELECT course_id FROM course_sessions WHERE id = ? AND deleted_at IS NULL').get(input.id) as { course_id: string } | undefined;
      if (!existing || existing.course_id !== input.courseId) return fail('NOT_FOUND', '找不到该场次');
    }
    const clash = sessionClash(db, { courseId: input.courseId, date, startTime: start, endTime: end, exceptId: input.id });
    if (clash) return fail('CONFLICT', `场次时间冲突：${clash}`, [{ field: 'date', message: clash }]);
    const now = nowIso();
    const text = (v: string | null | undefined) => v?.trim() || null;
    const values = { date, period: input.period, start, end, topic: text(input.topic), teacher: text(input.teacher), location: text(input.location), hours: input.hours, now };
    let id = input.id;
    if (id) {
      db.prepare(
        `UPDATE course_sessions SET date = @date, period = @period, start_time = @start, end_time = @end, topic = @topic, teacher = @teacher,
           location = @location, hours = @hours, updated_at = @now WHERE id = @id`,
      ).run({ ...values, id });
    } else {
      id = uuidv7();
      db.prepare(
        `INSERT INTO course_sessions (id, origin_office, course_id, date, period, start_time, end_time, topic, teacher, location, hours, created_at, updated_at)
         VALUES (@id, @origin, @course, @date, @period, @start, @end, @topic, @teacher, @location, @hours, @now, @now)`,
      ).run({ ...values, id, origin: course.origin_office, course: input.courseId });
    }
    db.prepare('UPDATE courses SET updated_at = ? WHERE id = ?').run(now, input.courseId);
    return ok(findSession(db, id)!);
  }).immediate();
}

/** Refused while attendance is recorded: the hours people earned there must not vanish silently. */
export function deleteSession(db: Database, id: string): Result<CourseSession[]> {
  return db.transaction((): Result<CourseSession[]> => {
    const session = findSession(db, id);
    if (!session) return fail('NOT_FOUND', '找不到该场次');
    const recorded = (db.prepare('SELECT COUNT(*) AS n FROM attendance WHERE session_id = ? AND deleted_at IS NULL').get(id) as { n: number }).n;
    if (recorded > 0) {
      return fail('CONFLICT', `${session.date} ${session.period}的场次已登记 ${recorded} 人的考勤，不能删除。如确需删除，请先在考勤登记中清除这些记录。`);
    }
    const now = nowIso();
    db.prepare('UPDATE course_sessions SET deleted_at = ?, updated_at = ? WHERE id = ?').run(now, now, id);
    return ok(listSessions(db, session.courseId));
  }).immediate();
}
