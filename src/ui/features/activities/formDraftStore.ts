import { clearDraft, readDraft, writeDraft, type DraftReader } from '../../composables/useFormDraft';
import type { ActivityDraft } from './activityForm';

/**
 * The activity editor's unsaved text, kept in this computer's storage until it is saved (the shared draft
 * storage of composables/useFormDraft): a crash, a closed window or a refused save gives it back. Keyed by
 * the activity id, or "new" for one not yet saved.
 */
export interface StoredForm {
  draft: ActivityDraft;
  /** The rev the draft was typed over (null for a new activity). */
  rev: number | null;
}

function isActivityDraft(data: unknown): data is ActivityDraft {
  const d = data as ActivityDraft | null;
  return typeof d === 'object' && d !== null && Array.isArray(d.types) && Array.isArray(d.resolutions);
}

const reader: DraftReader<ActivityDraft> = {
  valid: isActivityDraft,
  // Before drafts were shared the editor stored { draft, rev } as it is.
  legacy: (raw) => {
    const old = raw as Partial<StoredForm> | null;
    return typeof old === 'object' && old !== null ? { data: old.draft, version: typeof old.rev === 'number' ? old.rev : null } : null;
  },
};

export function readStoredForm(key: string): StoredForm | null {
  const stored = readDraft('activity', key, reader);
  return stored ? { draft: stored.data, rev: typeof stored.version === 'number' ? stored.version : null } : null;
}

export function writeStoredForm(key: string, form: StoredForm): void {
  writeDraft('activity', key, form.draft, form.rev);
}

export function clearStoredForm(key: string): void {
  clearDraft('activity', key);
}
