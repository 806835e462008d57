import { CREDITED_STATUSES, type AttendanceRow, type AttendanceStatus } from '../../../shared/training';

/**
 * The attendance sheet's keyboard and matching rules, kept free of Vue so they can be tested on their own.
 * A clerk marks a printed, signed sheet into the app: one key per person, the cursor moves on by itself.
 */

/** Number keys (top row or keypad) to statuses; 0, Delete and Backspace clear a mark (未记录). */
export const STATUS_KEYS: readonly { key: string; status: AttendanceStatus }[] = [
  { key: '1', status: '出席' },
  { key: '2', status: '请假' },
  { key: '3', status: '缺席' },
  { key: '4', status: '迟到' },
  { key: '5', status: '早退' },
];

/** What a key press sets: a status, null to clear, or undefined when the key is not a marking key. */
export function statusForKey(key: string): AttendanceStatus | null | undefined {
  if (key === '0' || key === 'Delete' || key === 'Backspace') return null;
  return STATUS_KEYS.find((k) => k.key === key)?.status;
}

/** The row the cursor goes to for a navigation key, or undefined when the key does not move it. */
export function moveIndex(current: number, key: string, count: number, pageRows: number): number | undefined {
  if (count === 0) return undefined;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowDown':
      return clamp(current + 1);
    case 'ArrowUp':
      return clamp(current - 1);
    case 'PageDown':
      return clamp(current + Math.max(1, pageRows));
    case 'PageUp':
      return clamp(current - Math.max(1, pageRows));
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

export interface Mark {
  status: AttendanceStatus | null;
  reason: string;
}

/** What the marking rules need of a row: a training session's or a party activity's (出席/请假/缺席 only). */
export type MarkRow = Pick<AttendanceRow, 'personId' | 'name' | 'status' | 'reason'>;

export const isCredited = (status: AttendanceStatus | null | undefined): boolean => !!status && CREDITED_STATUSES.includes(status);

/** What the server holds for each person, as the starting draft. */
export function marksFrom(rows: readonly MarkRow[]): Record<string, Mark> {
  return Object.fromEntries(rows.map((r) => [r.personId, { status: r.status, reason: r.reason ?? '' }]));
}

/** A reason only counts with 请假 (the core keeps what is sent; a reason left on 出席 is noise). */
function effectiveReason(mark: Mark): string {
  return mark.status === '请假' || mark.status === '迟到' || mark.status === '早退' ? mark.reason.trim() : '';
}

export function sameMark(a: Mark | undefined, b: Mark | undefined): boolean {
  if (!a || !b) return a === b;
  return a.status === b.status && effectiveReason(a) === effectiveReason(b);
}

export interface AttendanceEntry {
  personId: string;
  status: AttendanceStatus | null;
  reason: string | null;
}

/** The entries that differ from what the server holds, in the sheet's order. */
export function changedEntries(rows: readonly MarkRow[], saved: Record<string, Mark>, draft: Record<string, Mark>): AttendanceEntry[] {
  const out: AttendanceEntry[] = [];
  for (const row of rows) {
    const mark = draft[row.personId];
    if (!mark || sameMark(mark, saved[row.personId])) continue;
    out.push({ personId: row.personId, status: mark.status, reason: effectiveReason(mark) || null });
  }
  return out;
}

/** 请假 needs a reason before the core will take it: named here so the clerk sees it before saving. */
export function missingReasons<T extends MarkRow>(rows: readonly T[], draft: Record<string, Mark>): T[] {
  return rows.filter((r) => draft[r.personId]?.status === '请假' && !draft[r.personId]!.reason.trim());
}

/** "全部出席": everyone without a mark becomes 出席; marked people keep theirs. Returns how many changed. */
export function markRestPresent(rows: readonly MarkRow[], draft: Record<string, Mark>): number {
  let n = 0;
  for (const row of rows) {
    const mark = draft[row.personId];
    if (mark && mark.status !== null) continue;
    draft[row.personId] = { status: '出席', reason: '' };
    n++;
  }
  return n;
}

export interface MarkCounts {
  /** 应到 */
  expected: number;
  /** 实到: 出席, 迟到, 早退 */
  present: number;
  leave: number;
  absent: number;
  unmarked: number;
}

export function countMarks(rows: readonly MarkRow[], draft: Record<string, Mark>): MarkCounts {
  const counts: MarkCounts = { expected: rows.length, present: 0, leave: 0, absent: 0, unmarked: 0 };
  for (const row of rows) {
    const status = draft[row.personId]?.status ?? null;
    if (status === null) counts.unmarked++;
    else if (isCredited(status)) counts.present++;
    else if (status === '请假') counts.leave++;
    else counts.absent++;
  }
  return counts;
}

interface Matchable {
  seq: number;
  name: string;
  initials: string;
}

/** Typed text as the matcher reads it: trimmed, lower case, inner spaces dropped ("Z S" → "zs"). */
export function normaliseQuery(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, '');
}

/**
 * People a quick check-in text means, best first: pinyin initials ("zs" → 张三, then anyone whose initials start
 * with zs), a name or part of one ("秀英"), or the 序号 on the printed sheet ("12"). Among equally good matches,
 * the printed order. `preferred` goes first among equals (people not yet checked in), so a second 张三
 * is one Enter away when the first has already signed in.
 */
export function matchPeople<T extends Matchable>(rows: readonly T[], text: string, preferred?: (row: T) => boolean): T[] {
  const q = normaliseQuery(text);
  if (q === '') return [];
  const scored: { row: T; score: number }[] = [];
  const digits = /^\d+$/.test(q);
  const latin = /^[a-z]+$/.test(q);
  for (const row of rows) {
    let score = -1;
    if (digits) score = row.seq === Number(q) ? 0 : -1;
    else if (latin) {
      const initials = row.initials.toLowerCase();
      if (initials === q) score = 0;
      else if (initials.startsWith(q)) score = 1;
    } else if (row.name === q) score = 0;
    else if (row.name.startsWith(q)) score = 1;
    else if (row.name.includes(q)) score = 2;
    if (score < 0) continue;
    if (preferred && !preferred(row)) score += 10;
    scored.push({ row, score });
  }
  return scored.sort((a, b) => a.score - b.score || a.row.seq - b.row.seq).map((s) => s.row);
}
