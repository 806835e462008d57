import type { AttendanceStatus } from '../../../shared/training';

/**
 * An attendance mark as clerks type or tick it → a status and reason. 出席/√/到/已签到 (or the person's own
 * name, signed), 迟到, 早退, 请假（原因）/假/病假/事假, 缺席/缺/×. 请假 needs a reason (the core requires one):
 * it comes from the brackets, the kind of leave (病假 → 请假, 病假), or the caller's 请假原因/备注 column.
 */

export type AttendanceReading =
  | { ok: true; status: AttendanceStatus; reason: string | null }
  | { ok: false; message: string }
  | null;

const PRESENT = new Set(['出席', '到', '已到', '到会', '已到会', '实到', '参加', '已参加', '参训', '在', '√', '✓', '✔', '☑', '签到', '已签到', '已签', '是', '1', 'y', 'yes', 'true', '○', '〇', '出勤', '正常']);
const ABSENT = new Set(['缺席', '缺', '缺勤', '未到', '没到', '未参加', '未签到', '无故缺席', '旷课', '×', '✗', '✘', '☒', 'x', '否', '0', 'n', 'no', 'false']);
const LATE = new Set(['迟到']);
const EARLY = new Set(['早退']);
const LEAVE_KINDS = ['病假', '事假', '公假', '婚假', '丧假', '产假', '探亲假', '年假', '公差', '出差'];

export const ATTENDANCE_HINT = '应为出席（或√、到、已签到）、迟到、早退、请假（原因）、缺席（或×、缺）之一';

export function readAttendance(raw: string, personName: string): AttendanceReading {
  const text = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const key = text.replace(/\s/g, '').toLowerCase();
  if (PRESENT.has(key) || key === personName.replace(/\s/g, '')) return { ok: true, status: '出席', reason: null };
  if (ABSENT.has(key)) return { ok: true, status: '缺席', reason: null };
  if (LATE.has(key)) return { ok: true, status: '迟到', reason: null };
  if (EARLY.has(key)) return { ok: true, status: '早退', reason: null };
  // 请假(病假), 请假：住院, 请假-外出务工, 假, 病假, 事假(外出)
  const leave = /^(请假|假|(病假|事假|公假|婚假|丧假|产假|探亲假|年假|公差|出差))\s*(?:[(:\-—–]\s*(.*?)\s*\)?)?$/.exec(text);
  if (leave) {
    const given = leave[3]?.trim() || null;
    const kind = leave[2] ?? null;
    const reason = given && kind ? `${kind}（${given}）` : (given ?? kind);
    return { ok: true, status: '请假', reason };
  }
  if (LEAVE_KINDS.some((k) => key.startsWith(k))) return { ok: true, status: '请假', reason: text };
  return { ok: false, message: `无法识别的考勤“${text}”，${ATTENDANCE_HINT}` };
}

/** As written in the exported roster: 出席, 请假（病假）, 缺席; '' for 未记录. */
export function attendanceText(status: AttendanceStatus | null, reason: string | null): string {
  if (!status) return '';
  return status === '请假' && reason ? `请假（${reason}）` : status;
}
