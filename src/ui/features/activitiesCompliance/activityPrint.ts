import type { Activity, ActivityAttendance, ActivityAttendanceRow, Observer } from '../../../shared/activities';
import type { SheetGeometry } from '../print/paging';
import { chineseDate, MAX_BLANK_ROWS, SIGN_IN_HEADER_ROW_MM, SIGN_IN_HEIGHT_MM, SIGN_IN_INFO_LINE_MM, SIGN_IN_ROW_MM, SIGN_IN_TITLE_MM } from '../trainingPrint/signInLayout';

/**
 * What the 会议记录 and the meeting 签到表 print (REFERENCE §5.7, §6), as plain data: the pages put the labels
 * (vue-i18n) around it. The sign-in sheet keeps the training sheet's paper: A4 portrait, the same margins,
 * rows 11 mm (≥ 1 cm to sign) and a 40 mm signature column (≥ 3 cm); its header block has one line more.
 */

/** 2026年3月5日 09:00—11:30 (or only the day, or the day and the start). */
export function meetingTimeText(a: Pick<Activity, 'date' | 'startTime' | 'endTime'>): string {
  const day = chineseDate(a.date);
  if (a.startTime && a.endTime) return `${day} ${a.startTime}—${a.endTime}`;
  return a.startTime ? `${day} ${a.startTime}` : day;
}

/** Free text as paragraphs (one per line, blank lines dropped), each printed with its own indent. */
export function paragraphs(text: string | null | undefined): string[] {
  return (text ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** 王建国（外出务工）、李秀英（病假）: who was on leave, with the reasons. */
export function leaveText(rows: readonly ActivityAttendanceRow[]): string {
  return rows
    .filter((r) => r.status === '请假')
    .map((r) => (r.reason ? `${r.name}（${r.reason}）` : r.name))
    .join('、');
}

export function absentText(rows: readonly ActivityAttendanceRow[]): string {
  return rows
    .filter((r) => r.status === '缺席')
    .map((r) => r.name)
    .join('、');
}

export function observersText(observers: readonly Observer[]): string {
  return observers.map((o) => (o.note ? `${o.name}（${o.note}）` : o.name)).join('、');
}

/** Attendance is recorded once any expected member has a status; before that 实到 is left for the pen. */
export function attendanceRecorded(a: Pick<Activity, 'counts'>): boolean {
  return a.counts.expected > 0 && a.counts.unrecorded < a.counts.expected;
}

export const MEETING_SIGN_IN_BLOCK_MM = SIGN_IN_TITLE_MM + 4 * SIGN_IN_INFO_LINE_MM + 4;

export const MEETING_SIGN_IN_GEOMETRY: SheetGeometry = {
  contentMm: SIGN_IN_HEIGHT_MM,
  headerRowMm: SIGN_IN_HEADER_ROW_MM,
  rowMm: SIGN_IN_ROW_MM,
  firstPageExtraMm: MEETING_SIGN_IN_BLOCK_MM,
};

/** 序号 姓名 身份（正式/预备） 党小组 签到（本人签名） 备注, in mm, adding up to the printable width. */
export const MEETING_SIGN_IN_COLUMNS_MM = { index: 12, name: 24, memberType: 36, group: 28, signature: 42, note: 38 } as const;

/** Blank rows for 列席 and late comers unless the URL asks for another number. */
export const DEFAULT_BLANK_ROWS = 3;
export { MAX_BLANK_ROWS };

export interface MeetingSignInRow {
  index: number;
  name: string;
  /** 正式党员 / 预备党员 / 列席, empty on a blank row. */
  memberType: string;
  group: string;
  note: string;
  kind: 'member' | 'observer' | 'blank';
}

/**
 * The 应到 members in the activity's order (支委 first, then by name), then the 列席 already known, then
 * `blank` numbered empty rows.
 */
export function meetingSignInRows(att: Pick<ActivityAttendance, 'rows' | 'observers'>, options: { blank: number; observerLabel: string }): MeetingSignInRow[] {
  const rows: MeetingSignInRow[] = att.rows.map((r, i) => ({
    index: i + 1,
    name: r.name,
    memberType: r.memberType,
    group: r.groupName ?? '',
    note: r.committeeRole ?? '',
    kind: 'member',
  }));
  for (const o of att.observers) rows.push({ index: rows.length + 1, name: o.name, memberType: options.observerLabel, group: '', note: o.note ?? '', kind: 'observer' });
  const blank = Math.max(0, Math.min(MAX_BLANK_ROWS, Math.floor(options.blank)));
  for (let i = 0; i < blank; i++) rows.push({ index: rows.length + 1, name: '', memberType: '', group: '', note: '', kind: 'blank' });
  return rows;
}
