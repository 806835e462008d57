import type { ActivityDraft } from './activityForm';

/**
 * The activity editor's unsaved text, kept in this computer's storage until it is saved: a crash, a closed
 * window or a refused save gives it back. Keyed by the activity id, or "new" for one not yet saved. Storage
 * that is full or blocked only means the text is not kept.
 */
const PREFIX = 'ledger.activities.formDraft.';

export interface StoredForm {
  draft: ActivityDraft;
  /** The rev the draft was typed over (null for a new activity). */
  rev: number | null;
}

export function readStoredForm(key: string): StoredForm | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredForm;
    if (!parsed || typeof parsed !== 'object' || !parsed.draft || !Array.isArray(parsed.draft.types) || !Array.isArray(parsed.draft.resolutions)) return null;
    return parsed;
  } catch {
    return null;
  }
}

export function writeStoredForm(key: string, form: StoredForm): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(form));
  } catch {
    // Full or blocked storage: the text is still on screen.
  }
}

export function clearStoredForm(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // As above.
  }
}
