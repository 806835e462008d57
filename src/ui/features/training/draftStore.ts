import { ATTENDANCE_STATUSES } from '../../../shared/training';
import { clearDraft, readDraft, writeDraft } from '../../composables/useFormDraft';
import type { AttendanceEntry } from './attendanceKeys';

/**
 * Unsaved attendance marks, kept in this computer's storage per session until they are saved (the shared
 * draft storage of composables/useFormDraft): a crash, a closed window or a switch to another session gives
 * them back. Entries that no longer make sense are dropped one by one, never the whole list.
 */
function entries(data: unknown): AttendanceEntry[] {
  if (!Array.isArray(data)) return [];
  return data.filter(
    (e): e is AttendanceEntry =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as AttendanceEntry).personId === 'string' &&
      ((e as AttendanceEntry).status === null || (ATTENDANCE_STATUSES as readonly unknown[]).includes((e as AttendanceEntry).status)),
  );
}

const isList = (data: unknown): data is unknown[] => Array.isArray(data);

export function readStoredDraft(sessionId: string): AttendanceEntry[] {
  // Before drafts were shared the marks were stored as a bare list.
  const stored = readDraft('attendance', sessionId, { valid: isList, legacy: (raw) => ({ data: raw, version: null }) });
  return stored ? entries(stored.data) : [];
}

export function writeStoredDraft(sessionId: string, list: readonly AttendanceEntry[]): void {
  writeDraft('attendance', sessionId, list, null);
}

export function clearStoredDraft(sessionId: string): void {
  clearDraft('attendance', sessionId);
}
