import type { ImportColumn } from '../../../shared/importTypes';
import type { CourseSession, SessionPeriod } from '../../../shared/training';
import type { TrainingImportColumn, TrainingImportProblem } from '../../../shared/trainingExcel';
import { normaliseHeader } from '../../spreadsheet/headerSynonyms';
import type { RosterHeader } from '../../spreadsheet/readRoster';

/**
 * Which file columns hold what, for a training import. Person columns (姓名, 身份证号/公民身份号码, 单位,
 * 联系电话/手机号码, 职务, 备注) come from the roster's header synonyms. Attendance is either one column per
 * session, whose header names the session (3月2日上午, 2026-03-02 下午, 3.2上午签到, or 上午 under a merged
 * 3月2日 cell), or one 签到/出勤/考勤 column for a session chosen by the clerk. A 请假原因 column gives reasons.
 */

export interface SessionColumn {
  index: number;
  letter: string;
  header: string;
  session: CourseSession;
}

export interface TrainingColumns {
  name?: ImportColumn;
  idNumber?: ImportColumn;
  unit?: ImportColumn;
  phone?: ImportColumn;
  post?: ImportColumn;
  note?: ImportColumn;
  reason?: ImportColumn;
  sessions: SessionColumn[];
  /** The single 签到/出勤 column, with the session it records (null until chosen). */
  attendance?: { column: ImportColumn; session: CourseSession | null };
  /** A single attendance column the course has several sessions for, and none was chosen. */
  needsSession: boolean;
  described: TrainingImportColumn[];
  warnings: TrainingImportProblem[];
}

const ATTENDANCE_HEADERS = new Set(
  ['签到', '签名', '本人签名', '签到签名', '出勤', '考勤', '出席', '出勤情况', '考勤情况', '签到情况', '出席情况', '到会情况', '参训情况', '出勤状态', '考勤状态', '是否出席', '是否参加', '是否参训'].map(normaliseHeader),
);
const REASON_HEADERS = new Set(['请假原因', '原因', '请假事由', '事由', '缺勤原因', '缺席原因', '请假缺勤原因', '请假(缺勤)原因', '请假/缺勤原因'].map(normaliseHeader));

interface SessionHeader {
  year: number | null;
  month: number | null;
  day: number | null;
  period: SessionPeriod | null;
}

const bare = (text: string) => normaliseHeader(text).replace(/\([^)]*\)$/, '');

/**
 * A header that names a session: a date (3月2日, 3.2, 03-02, 2026-03-02, 2026年3月2日), a period (上午, 下午,
 * 晚上, 全天, 晚间, 夜校), or both, with optional words around them (签到, 考勤, 第一天, 场次). Anything else
 * (出生日期 is mapped before this is asked) is not a session header.
 */
export function parseSessionHeader(text: string): SessionHeader | null {
  let rest = normaliseHeader(text)
    .replace(/[()]/g, '')
    .replace(/签到|签名|考勤|出勤|情况|场次|培训|时段|日期/g, '');
  let period: SessionPeriod | null = null;
  const p = /上午|下午|晚上|晚间|夜校|全天/.exec(rest);
  if (p) {
    period = p[0] === '晚间' || p[0] === '夜校' ? '晚上' : (p[0] as SessionPeriod);
    rest = rest.replace(p[0], '');
  }
  let year: number | null = null;
  let month: number | null = null;
  let day: number | null = null;
  const d = /^(?:(\d{4})[年.\-/])?(\d{1,2})[月.\-/](\d{1,2})[日号]?/.exec(rest);
  if (d) {
    year = d[1] ? Number(d[1]) : null;
    month = Number(d[2]);
    day = Number(d[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    rest = rest.slice(d[0].length);
  }
  if (period === null && month === null) return null;
  // Left over: nothing, or a weekday / 第N天 label; a longer text is some other column (上午课程题目).
  if (rest.replace(/^(星期|周)[一二三四五六日天]|第[一二三四五六七八九十\d]+天/, '') !== '') return null;
  return { year, month, day, period };
}

function sessionLabel(s: CourseSession): string {
  return `${s.date} ${s.period}`;
}

function matches(s: CourseSession, h: SessionHeader): boolean {
  if (h.month !== null && Number(s.date.slice(5, 7)) !== h.month) return false;
  if (h.day !== null && Number(s.date.slice(8, 10)) !== h.day) return false;
  if (h.year !== null && Number(s.date.slice(0, 4)) !== h.year) return false;
  if (h.period !== null && s.period !== h.period) return false;
  return true;
}

export function mapTrainingColumns(header: RosterHeader, sessions: readonly CourseSession[], chosenSession: CourseSession | null): TrainingColumns {
  const out: TrainingColumns = { sessions: [], needsSession: false, described: [], warnings: [] };
  const warn = (message: string) => out.warnings.push({ row: header.headerRow, field: '', message });
  const attendanceCandidates: ImportColumn[] = [];
  const taken = new Map<string, SessionColumn>();
  // A two-level header (3月2日 merged over 上午 | 下午) leaves the date only above the first of its columns.
  let carried: SessionHeader | null = null;

  for (const column of header.columns) {
    const text = column.header;
    switch (column.field) {
      case 'name':
      case 'idNumber':
      case 'unit':
      case 'phone':
      case 'post':
      case 'note':
        out[column.field] ??= column;
        continue;
      case null:
        break;
      default:
        continue;
    }
    // A header naming a date or 时段 is a session column even when it says 签到 or 考勤 too (考勤（3月2日上午）).
    const parsed = parseSessionHeader(text);
    if (!parsed) {
      carried = null;
      const key = bare(text);
      if (ATTENDANCE_HEADERS.has(key)) attendanceCandidates.push(column);
      else if (REASON_HEADERS.has(key)) {
        out.reason ??= column;
        out.described.push({ letter: column.letter, header: text, kind: 'reason', sessionId: null, sessionLabel: null });
      }
      continue;
    }
    const h: SessionHeader = parsed.month === null && carried ? { ...carried, period: parsed.period } : parsed;
    if (parsed.month !== null) carried = parsed;
    const found = sessions.filter((s) => matches(s, h));
    const where = `表头“${text}”（${column.letter}列）`;
    if (found.length === 0) {
      warn(`${where}对不上本班的任何场次（${sessions.map(sessionLabel).join('、') || '本班还没有场次'}），该列未导入`);
      continue;
    }
    if (found.length > 1) {
      warn(`${where}对应本班的${found.length}个场次（${found.map(sessionLabel).join('、')}），请在表头写明日期和上午/下午，该列未导入`);
      continue;
    }
    const session = found[0]!;
    const earlier = taken.get(session.id);
    if (earlier) {
      warn(`${where}与“${earlier.header}”（${earlier.letter}列）都对应 ${sessionLabel(session)} 的场次，只导入了${earlier.letter}列`);
      continue;
    }
    const sc = { index: column.index, letter: column.letter, header: text, session };
    taken.set(session.id, sc);
    out.sessions.push(sc);
    out.described.push({ letter: column.letter, header: text, kind: 'session', sessionId: session.id, sessionLabel: sessionLabel(session) });
  }

  const single = attendanceCandidates[0];
  if (single) {
    if (out.sessions.length > 0) {
      warn(`已按各场次的列导入考勤，“${single.header}”（${single.letter}列）未导入`);
    } else {
      const session = chosenSession ?? (sessions.length === 1 ? sessions[0]! : null);
      out.attendance = { column: single, session };
      if (session) {
        out.described.push({ letter: single.letter, header: single.header, kind: 'attendance', sessionId: session.id, sessionLabel: sessionLabel(session) });
      } else if (sessions.length === 0) {
        warn(`本班还没有场次，“${single.header}”（${single.letter}列）未导入；请先在课程安排中添加场次`);
        out.attendance = undefined;
      } else {
        out.needsSession = true;
        warn(`文件只有一列“${single.header}”（${single.letter}列），本班有${sessions.length}个场次：请选择这一列记录的是哪个场次`);
      }
    }
  }
  if (!out.name && !out.idNumber) warn('表头中没有找到“姓名”或“身份证号”列，无法对应到人员');
  return out;
}
