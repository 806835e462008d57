import { ATTENDANCE_STATUSES } from '../../../shared/training';
import type { AttendanceEntry } from './attendanceKeys';

/**
 * Unsaved attendance marks, kept in this computer's storage per session until they are saved: a crash, a
 * closed window or a switch to another session gives them back. Storage that is full or blocked only
 * means they are not kept; nothing else changes.
 */
const PREFIX = 'ledger.training.attendanceDraft.';

export function readStoredDraft(sessionId: string): AttendanceEntry[] {
  try {
    const raw = localStorage.getItem(PREFIX + sessionId);
    if (!raw) return [];
    const parsed = JSON.parse(raw) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (e): e is AttendanceEntry =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as AttendanceEntry).personId === 'string' &&
        ((e as AttendanceEntry).status === null || (ATTENDANCE_STATUSES as readonly unknown[]).includes((e as AttendanceEntry).status)),
    );
  } catch {
    return [];
  }
}

export function writeStoredDraft(sessionId: string, entries: readonly AttendanceEntry[]): void {
  try {
    localStorage.setItem(PREFIX + sessionId, JSON.stringify(entries));
  } catch {
    // Full or blocked storage: the marks are still on screen.
  }
}

export function clearStoredDraft(sessionId: string): void {
  try {
    localStorage.removeItem(PREFIX + sessionId);
  } catch {
    // As above.
  }
}
