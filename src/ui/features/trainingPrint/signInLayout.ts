import type { AttendanceRow, CourseSession } from '../../../shared/training';
import { maskPhone } from '../../../shared/validate/phone';
import type { SheetGeometry } from '../print/paging';

/**
 * The printed sign-in sheet (签到表, REFERENCE §5.6, §6): A4 portrait, every height fixed in millimetres so
 * the page count is known before printing; rows 11 mm (≥ 1 cm to sign in), the signature column 35 mm (≥ 3 cm).
 */

export const SIGN_IN_MARGIN = { top: 14, right: 15, bottom: 16, left: 15 } as const;
export const SIGN_IN_MARGIN_CSS = `${SIGN_IN_MARGIN.top}mm ${SIGN_IN_MARGIN.right}mm ${SIGN_IN_MARGIN.bottom}mm ${SIGN_IN_MARGIN.left}mm`;
/** A4 portrait inside the margins. */
export const SIGN_IN_WIDTH_MM = 210 - SIGN_IN_MARGIN.left - SIGN_IN_MARGIN.right;
export const SIGN_IN_HEIGHT_MM = 297 - SIGN_IN_MARGIN.top - SIGN_IN_MARGIN.bottom;
export const SIGN_IN_ROW_MM = 11;
export const SIGN_IN_HEADER_ROW_MM = 10;
/** Title 14 mm, then three lines of 培训名称 / 时间 · 地点 / 主办单位 · 应到 实到 at 8 mm, then 4 mm of space. */
export const SIGN_IN_TITLE_MM = 14;
export const SIGN_IN_INFO_LINE_MM = 8;
export const SIGN_IN_BLOCK_MM = SIGN_IN_TITLE_MM + 3 * SIGN_IN_INFO_LINE_MM + 4;

export const SIGN_IN_GEOMETRY: SheetGeometry = {
  contentMm: SIGN_IN_HEIGHT_MM,
  headerRowMm: SIGN_IN_HEADER_ROW_MM,
  rowMm: SIGN_IN_ROW_MM,
  firstPageExtraMm: SIGN_IN_BLOCK_MM,
};

/** Column widths in mm, adding up to the printable width: 序号 姓名 单位 职务 联系电话 签到（本人签名） 备注. */
export const SIGN_IN_COLUMNS_MM = { index: 12, name: 20, unit: 36, post: 28, phone: 27, signature: 35, note: 22 } as const;

/** The most blank rows the URL may ask for (a few pages of walk-ins). */
export const MAX_BLANK_ROWS = 500;

export interface SignInRow {
  index: number;
  name: string;
  unit: string;
  post: string;
  phone: string;
  note: string;
}

/**
 * The rows to print: the enrolled people in their printed order (Enrolment.seq), then `blank` numbered
 * empty rows for walk-ins; with `names` off, only the empty rows. Phones masked 139****1234 unless asked.
 */
export function signInRows(people: readonly AttendanceRow[], options: { names: boolean; blank: number; maskPhones: boolean }): SignInRow[] {
  const named = options.names ? [...people].sort((a, b) => a.seq - b.seq) : [];
  const rows: SignInRow[] = named.map((p, i) => ({
    index: i + 1,
    name: p.name,
    unit: p.unit ?? '',
    post: p.post ?? '',
    phone: p.phone ? (options.maskPhones ? maskPhone(p.phone) : p.phone) : '',
    note: '',
  }));
  const blank = Math.max(0, Math.min(MAX_BLANK_ROWS, Math.floor(options.blank)));
  for (let i = 0; i < blank; i++) rows.push({ index: named.length + i + 1, name: '', unit: '', post: '', phone: '', note: '' });
  return rows;
}

/** A non-negative whole number from the URL, else the fallback (also for anything out of range). */
export function parseCount(raw: string | null, fallback: number, max = MAX_BLANK_ROWS): number {
  if (raw === null || !/^\d{1,4}$/.test(raw)) return fallback;
  const n = Number(raw);
  return n <= max ? n : fallback;
}

/** 2026-03-02 → 2026年3月2日 */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** 培训时间 of one session: 2026年3月2日 上午 08:30—12:00 */
export function sessionTimeText(session: Pick<CourseSession, 'date' | 'period' | 'startTime' | 'endTime'>): string {
  return `${chineseDate(session.date)} ${session.period} ${session.startTime}—${session.endTime}`;
}

/** A course's dates: one day, or 2026年3月2日至3月4日 (the year once when both fall in it). */
export function courseDatesText(start: string, end: string): string {
  if (start === end) return chineseDate(start);
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  const tail = chineseDate(end);
  return `${chineseDate(start)}至${sameYear ? tail.replace(/^\d{4}年/, '') : tail}`;
}
