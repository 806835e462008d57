import type { ActivityAttendanceRow, Observer } from '../../../shared/activities';
import type { Mark } from '../training/attendanceKeys';

/** Live counts of an activity's sheet as marked (saved or not): 应到/实到/请假/缺席, with voting members apart. */
export interface LiveCounts {
  expected: number;
  expectedVoting: number;
  present: number;
  presentVoting: number;
  leave: number;
  absent: number;
  unmarked: number;
  committeeExpected: number;
  committeePresent: number;
}

export function liveCounts(rows: readonly ActivityAttendanceRow[], draft: Record<string, Mark>): LiveCounts {
  const c: LiveCounts = { expected: rows.length, expectedVoting: 0, present: 0, presentVoting: 0, leave: 0, absent: 0, unmarked: 0, committeeExpected: 0, committeePresent: 0 };
  for (const row of rows) {
    const status = draft[row.personId]?.status ?? null;
    if (row.voting) c.expectedVoting++;
    if (row.committeeRole) c.committeeExpected++;
    if (status === null) c.unmarked++;
    else if (status === '出席') {
      c.present++;
      if (row.voting) c.presentVoting++;
      if (row.committeeRole) c.committeePresent++;
    } else if (status === '请假') c.leave++;
    else c.absent++;
  }
  return c;
}

/** A 列席 line as typed: both fields free text, blank lines dropped on save. */
export interface ObserverDraft {
  name: string;
  note: string;
}

export function observerDrafts(observers: readonly Observer[]): ObserverDraft[] {
  return observers.map((o) => ({ name: o.name, note: o.note ?? '' }));
}

export function observerInput(drafts: readonly ObserverDraft[]): Observer[] {
  return drafts.filter((o) => o.name.trim()).map((o) => ({ name: o.name.trim(), note: o.note.trim() || null }));
}

export function sameObservers(drafts: readonly ObserverDraft[], saved: readonly Observer[]): boolean {
  return JSON.stringify(observerInput(drafts)) === JSON.stringify(saved.map((o) => ({ name: o.name, note: o.note ?? null })));
}
