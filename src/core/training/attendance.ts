import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import { fail, ok, type FieldIssue, type Result } from '../../shared/result';
import { CREDITED_STATUSES, type AttendanceRow, type AttendanceStatus, type SessionAttendance } from '../../shared/training';
import { nowIso, uuidv7 } from '../ids';
import { attendanceClash } from './clashes';
import { courseSummary, liveCourse } from './courses';
import { findSession } from './sessions';

interface RowData {
  enrolment_id: string;
  person_id: string;
  name: string;
  name_initials: string;
  unit: string | null;
  post: string | null;
  phone: string | null;
  status: string | null;
  reason: string | null;
}

/** A session's people in the printed order of the sign-in sheet, with what was recorded for each. */
export function getSessionAttendance(db: Database, sessionId: string): Result<SessionAttendance> {
  const session = findSession(db, sessionId);
  if (!session) return fail('NOT_FOUND', '找不到该场次');
  const course = courseSummary(db, session.courseId)!;
  const rows = db
    .prepare(
      `SELECT e.id AS enrolment_id, e.person_id, p.name, p.name_initials, p.unit, p.post, p.phone, a.status, a.reason
       FROM enrolments e JOIN people p ON p.id = e.person_id
       LEFT JOIN attendance a ON a.session_id = @session AND a.person_id = e.person_id AND a.deleted_at IS NULL
       WHERE e.course_id = @course AND e.deleted_at IS NULL ORDER BY e.seq, e.id`,
    )
    .all({ session: sessionId, course: session.courseId }) as RowData[];
  const out: AttendanceRow[] = rows.map((r, i) => ({
    enrolmentId: r.enrolment_id,
    personId: r.person_id,
    seq: i + 1,
    name: r.name,
    initials: r.name_initials,
    unit: r.unit,
    post: r.post,
    phone: r.phone,
    status: r.status as AttendanceStatus | null,
    reason: r.reason,
  }));
  return ok({ course, session, rows: out });
}

/**
 * All entries or none. Refused, naming each person: not enrolled in the course, 请假 without a reason, or
 * already recorded present in another session at the same time. Clearing (status null) always works.
 */
export function recordAttendance(db: Database, input: ParsedInput<'recordAttendance'>): Result<SessionAttendance> {
  return db.transaction((): Result<SessionAttendance> => {
    const session = findSession(db, input.sessionId);
    if (!session) return fail('NOT_FOUND', '找不到该场次');
    const course = liveCourse(db, session.courseId);
    if (!course.ok) return course;
    const enrolled = new Map(
      (
        db.prepare('SELECT e.person_id, p.name FROM enrolments e JOIN people p ON p.id = e.person_id WHERE e.course_id = ? AND e.deleted_at IS NULL').all(session.courseId) as {
          person_id: string;
          name: string;
        }[]
      ).map((r) => [r.person_id, r.name]),
    );
    const nameOf = db.prepare('SELECT name FROM people WHERE id = ?');
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    input.entries.forEach((entry, i) => {
      const field = `entries.${i}`;
      const name = enrolled.get(entry.personId);
      if (seen.has(entry.personId)) issues.push({ field, message: `${name ?? '同一人员'}在本次登记中出现了两次` });
      seen.add(entry.personId);
      if (!name) {
        const other = nameOf.get(entry.personId) as { name: string } | undefined;
        issues.push({ field, message: `${other?.name ?? '该人员'}未报名培训班《${course.data.name}》，不能登记考勤；请先将其加入参训名单` });
        return;
      }
      if (entry.status === '请假' && !entry.reason?.trim()) issues.push({ field, message: `${name}请假，请填写请假原因` });
      if (entry.status && CREDITED_STATUSES.includes(entry.status)) {
        const clash = attendanceClash(db, input.sessionId, entry.personId);
        if (clash) issues.push({ field, message: `${name}${clash}` });
      }
    });
    if (issues.length > 0) {
      const shown = issues.slice(0, 5).map((i) => i.message).join('；') + (issues.length > 5 ? `；等 ${issues.length} 处` : '');
      return fail('VALIDATION', `考勤未保存：${shown}`, issues);
    }
    const now = nowIso();
    const current = db.prepare('SELECT id, status, reason FROM attendance WHERE session_id = ? AND person_id = ? AND deleted_at IS NULL');
    const insert = db.prepare(
      'INSERT INTO attendance (id, origin_office, session_id, person_id, status, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const update = db.prepare('UPDATE attendance SET status = ?, reason = ?, updated_at = ? WHERE id = ?');
    const clear = db.prepare('UPDATE attendance SET deleted_at = ?, updated_at = ? WHERE id = ?');
    for (const entry of input.entries) {
      const reason = entry.reason?.trim() || null;
      const existing = current.get(input.sessionId, entry.personId) as { id: string; status: string; reason: string | null } | undefined;
      if (entry.status === null) {
        if (existing) clear.run(now, now, existing.id);
      } else if (!existing) {
        insert.run(uuidv7(), course.data.origin_office, input.sessionId, entry.personId, entry.status, reason, now, now);
      } else if (existing.status !== entry.status || existing.reason !== reason) {
        update.run(entry.status, reason, now, existing.id);
      }
    }
    return getSessionAttendance(db, input.sessionId);
  }).immediate();
}
