import type { Database } from 'better-sqlite3';

/**
 * Timetable clashes: nobody can sit in two sessions at the same time. Two sessions clash when they fall on
 * the same day and their clock ranges overlap (touching ends do not: 08:30–12:00 and 12:00–13:00 are fine).
 * Only live sessions of live courses count, and only live enrolments.
 */

const OVERLAP = 's2.date = s1.date AND s2.start_time < s1.end_time AND s1.start_time < s2.end_time AND s2.deleted_at IS NULL';

interface ClashRow {
  person_id: string;
  course_name: string;
  date: string;
  period: string;
  start_time: string;
  end_time: string;
}

function describe(r: ClashRow): string {
  return `同一时间已参加《${r.course_name}》（${r.date} ${r.period} ${r.start_time}–${r.end_time}）`;
}

/** People enrolled elsewhere at a time this course meets, each with the first clash found. */
export function enrolmentClashes(db: Database, courseId: string): Map<string, string> {
  const rows = db
    .prepare(
      `SELECT e2.person_id, c2.name AS course_name, s2.date, s2.period, s2.start_time, s2.end_time
       FROM course_sessions s1
       JOIN course_sessions s2 ON ${OVERLAP} AND s2.course_id <> s1.course_id
       JOIN courses c2 ON c2.id = s2.course_id AND c2.deleted_at IS NULL
       JOIN enrolments e2 ON e2.course_id = c2.id AND e2.deleted_at IS NULL
       WHERE s1.course_id = ? AND s1.deleted_at IS NULL
       ORDER BY s2.date, s2.start_time`,
    )
    .all(courseId) as ClashRow[];
  const clashes = new Map<string, string>();
  for (const r of rows) if (!clashes.has(r.person_id)) clashes.set(r.person_id, describe(r));
  return clashes;
}

/** Why a course cannot come back from the recycle bin: someone it enrols now sits elsewhere at its times. */
export function clashOnRestore(db: Database, courseId: string): string | null {
  const clashes = enrolmentClashes(db, courseId);
  const enrolled = db.prepare('SELECT e.person_id, p.name FROM enrolments e JOIN people p ON p.id = e.person_id WHERE e.course_id = ? AND e.deleted_at IS NULL').all(courseId) as {
    person_id: string;
    name: string;
  }[];
  const hit = enrolled.find((e) => clashes.has(e.person_id));
  return hit ? `${hit.name}${clashes.get(hit.person_id)!}` : null;
}

export interface SessionSlot {
  courseId: string;
  date: string;
  startTime: string;
  endTime: string;
  /** The session being changed, which must not clash with itself. */
  exceptId?: string;
}

/** Why a session cannot be put at this time: another session of the course, or people enrolled in both courses. */
export function sessionClash(db: Database, slot: SessionSlot): string | null {
  const params = { course: slot.courseId, date: slot.date, start: slot.startTime, end: slot.endTime, except: slot.exceptId ?? '' };
  const own = db
    .prepare(
      `SELECT date, period, start_time, end_time FROM course_sessions
       WHERE course_id = @course AND deleted_at IS NULL AND id <> @except AND date = @date AND start_time < @end AND @start < end_time LIMIT 1`,
    )
    .get(params) as Omit<ClashRow, 'person_id' | 'course_name'> | undefined;
  if (own) return `与本班 ${own.date} ${own.period}（${own.start_time}–${own.end_time}）的场次时间重叠`;
  const others = db
    .prepare(
      `SELECT p.name, c2.name AS course_name, s2.date, s2.period, s2.start_time, s2.end_time
       FROM course_sessions s2
       JOIN courses c2 ON c2.id = s2.course_id AND c2.deleted_at IS NULL
       JOIN enrolments e2 ON e2.course_id = c2.id AND e2.deleted_at IS NULL
       JOIN enrolments e1 ON e1.person_id = e2.person_id AND e1.course_id = @course AND e1.deleted_at IS NULL
       JOIN people p ON p.id = e1.person_id
       WHERE s2.course_id <> @course AND s2.deleted_at IS NULL AND s2.date = @date AND s2.start_time < @end AND @start < s2.end_time
       ORDER BY s2.start_time, p.name_pinyin`,
    )
    .all(params) as (ClashRow & { name: string })[];
  if (others.length === 0) return null;
  const first = others[0]!;
  const names = [...new Set(others.map((o) => o.name))];
  const who = names.length > 3 ? `${names.slice(0, 3).join('、')}等 ${names.length} 人` : names.join('、');
  return `${who}同时报名了《${first.course_name}》，该班 ${first.date} ${first.period}（${first.start_time}–${first.end_time}）与此时间重叠`;
}

/** A person already recorded as attending another session at this session's time (for attendance entry). */
export function attendanceClash(db: Database, sessionId: string, personId: string): string | null {
  const row = db
    .prepare(
      `SELECT c2.name AS course_name, s2.date, s2.period, s2.start_time, s2.end_time, a.person_id
       FROM course_sessions s1
       JOIN course_sessions s2 ON ${OVERLAP} AND s2.id <> s1.id
       JOIN courses c2 ON c2.id = s2.course_id AND c2.deleted_at IS NULL
       JOIN attendance a ON a.session_id = s2.id AND a.person_id = @person AND a.deleted_at IS NULL AND a.status IN ('出席', '迟到', '早退')
       WHERE s1.id = @session LIMIT 1`,
    )
    .get({ session: sessionId, person: personId }) as ClashRow | undefined;
  return row ? `同一时间已登记出席《${row.course_name}》（${row.date} ${row.period} ${row.start_time}–${row.end_time}）` : null;
}
