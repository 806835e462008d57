import { onScopeDispose, ref, watch, type Ref } from 'vue';

/**
 * Nothing typed is lost: what a form holds is kept in this computer's storage (the renderer's localStorage,
 * never a file or the database) until it is saved, so a crash, a reload or a window closed with X or Esc
 * gives it back. Storage that is full or blocked only means the text is not kept; nothing else changes.
 *
 * One draft per form kind and record (its id, or "new"). Each is stamped with the time it was written and
 * the version of the record it was typed over, so the form can say when it was kept and whether the record
 * was saved again since. Drafts hold personal data (ID numbers, phones): those older than 30 days are
 * deleted when the app starts (sweepDrafts).
 */

/**
 * Where each kind of draft lives. The activity editor and attendance marks keep the prefixes they used
 * before drafts were shared, so what was kept before an update is still found.
 */
export const DRAFT_PREFIXES = {
  activity: 'ledger.activities.formDraft.',
  attendance: 'ledger.training.attendanceDraft.',
  person: 'ledger.drafts.person.',
  unit: 'ledger.drafts.unit.',
  partyOrg: 'ledger.drafts.partyOrg.',
  paste: 'ledger.drafts.paste.',
} as const;

export type DraftKind = keyof typeof DRAFT_PREFIXES;

export const DRAFT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** The debounce between a keystroke and the write: typing stays smooth, a crash loses a fraction of a second. */
export const DRAFT_DELAY_MS = 300;

/** A record's version as the form opened it (a rev, or an updatedAt where there is no rev); null for a new record. */
export type DraftVersion = number | string | null;

export interface StoredDraft<T> {
  data: T;
  version: DraftVersion;
  /** When it was last written, in ms since 1970. */
  savedAt: number;
}

/** How a kind's drafts are read back: what a valid one looks like, and how an older stored shape is read. */
export interface DraftReader<T> {
  valid: (data: unknown) => data is T;
  /** What was stored before drafts had an envelope; null when it is not a draft. */
  legacy?: (raw: unknown) => { data: unknown; version: DraftVersion } | null;
}

/** What is stored. `legacy` marks an older shape that the sweep has stamped with a time. */
interface Envelope {
  v: 1;
  savedAt: number;
  version: DraftVersion;
  data: unknown;
  legacy?: true;
}

function store(): Storage | null {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
    return null;
  }
}

function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<Envelope>;
  return e.v === 1 && typeof e.savedAt === 'number' && Number.isFinite(e.savedAt) && 'data' in e;
}

function isVersion(value: unknown): value is DraftVersion {
  return value === null || typeof value === 'number' || typeof value === 'string';
}

function storageKey(kind: DraftKind, key: string): string {
  return DRAFT_PREFIXES[kind] + key;
}

function parse(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function readDraft<T>(kind: DraftKind, key: string, reader: DraftReader<T>): StoredDraft<T> | null {
  let raw: string | null;
  try {
    raw = store()?.getItem(storageKey(kind, key)) ?? null;
  } catch {
    return null;
  }
  const parsed = parse(raw);
  if (parsed === undefined) return null;
  let found: { data: unknown; version: DraftVersion; savedAt: number } | null;
  if (isEnvelope(parsed) && !parsed.legacy) found = { data: parsed.data, version: isVersion(parsed.version) ? parsed.version : null, savedAt: parsed.savedAt };
  else {
    const upgraded = reader.legacy?.(isEnvelope(parsed) ? parsed.data : parsed) ?? null;
    found = upgraded ? { ...upgraded, savedAt: isEnvelope(parsed) ? parsed.savedAt : Date.now() } : null;
  }
  if (!found || !reader.valid(found.data)) return null;
  return { data: found.data, version: found.version, savedAt: found.savedAt };
}

export function writeDraft(kind: DraftKind, key: string, data: unknown, version: DraftVersion, now = Date.now()): void {
  const envelope: Envelope = { v: 1, savedAt: now, version, data };
  try {
    store()?.setItem(storageKey(kind, key), JSON.stringify(envelope));
  } catch {
    // Full or blocked storage: the text is still on screen.
  }
}

export function clearDraft(kind: DraftKind, key: string): void {
  try {
    store()?.removeItem(storageKey(kind, key));
  } catch {
    // As above.
  }
}

/**
 * Deletes drafts kept longer than maxAge (and unreadable ones); run once when the app starts. A draft in an
 * older shape, without a time, is stamped with now, so it too goes after 30 days. Returns how many went.
 */
export function sweepDrafts(now = Date.now(), maxAge = DRAFT_MAX_AGE_MS): number {
  const storage = store();
  if (!storage) return 0;
  const prefixes = Object.values(DRAFT_PREFIXES);
  let removed = 0;
  try {
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key !== null && prefixes.some((p) => key.startsWith(p))) keys.push(key);
    }
    for (const key of keys) {
      const parsed = parse(storage.getItem(key));
      if (parsed === undefined || (isEnvelope(parsed) && now - parsed.savedAt > maxAge)) {
        storage.removeItem(key);
        removed++;
      } else if (!isEnvelope(parsed)) {
        const stamped: Envelope = { v: 1, savedAt: now, version: null, data: parsed, legacy: true };
        storage.setItem(key, JSON.stringify(stamped));
      }
    }
  } catch {
    // Blocked storage holds no drafts to delete.
  }
  return removed;
}

/**
 * A check that stored data still has the fields of a form, each of the same type as in `template` (a null
 * there allows null or text): a draft from an older form, or damaged storage, is then not offered.
 */
export function shapedLike<T extends object>(template: T): (data: unknown) => data is T {
  return (data: unknown): data is T => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
    return Object.entries(template).every(([field, expected]) => {
      const value = (data as Record<string, unknown>)[field];
      if (expected === null) return value === null || typeof value === 'string';
      if (Array.isArray(expected)) return Array.isArray(value);
      return typeof value === typeof expected;
    });
  };
}

/** The parts of a draft's time the prompt shows: HH:mm, and the date when it was not today. */
export function draftClock(savedAt: number, now = Date.now()): { hm: string; month: number; day: number; today: boolean } {
  const at = new Date(savedAt);
  const today = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    hm: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
    month: at.getMonth() + 1,
    day: at.getDate(),
    today: at.getFullYear() === today.getFullYear() && at.getMonth() === today.getMonth() && at.getDate() === today.getDate(),
  };
}

/** A kept draft the form offers back; `stale` when the record was saved again after the draft was begun. */
export interface DraftOffer<T> extends StoredDraft<T> {
  stale: boolean;
}

export interface FormDraftOptions<T> {
  kind: DraftKind;
  /** The record's id, "new", or null while the form is closed (nothing is kept then). */
  key: () => string | null;
  /** The form as it is now; read deeply, so a change anywhere in it schedules a write. */
  value: () => T;
  /** The form as the saved record fills it (or a new, empty form): a draft equal to it is no draft. */
  pristine: () => T;
  /** The version of the record the form holds now; null for a new record. */
  version: () => DraftVersion;
  valid: (data: unknown) => data is T;
  /** Equality of two forms; by default their JSON. */
  same?: (a: T, b: T) => boolean;
  delayMs?: number;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Keeps a form's draft: written `delayMs` after the last change (at once when the form closes, the page is
 * left or the scope ends), removed when the form is back to the saved record. `open()` after filling the form
 * offers a kept draft that differs from the record; while that offer is unanswered nothing is written over
 * it, so closing the form (X, Esc, 取消) or the window never loses it. `saved()` and `discard()` remove it.
 */
export function useFormDraft<T>(options: FormDraftOptions<T>) {
  const same = options.same ?? sameJson;
  const delay = options.delayMs ?? DRAFT_DELAY_MS;
  const offer = ref(null) as Ref<DraftOffer<T> | null>;
  /** The write waiting for the debounce, taken when the form changed: a later reset cannot alter it. */
  let pending: { key: string; data: T | null; version: DraftVersion } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function write(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const next = pending;
    pending = null;
    if (!next) return;
    if (next.data === null) clearDraft(options.kind, next.key);
    else writeDraft(options.kind, next.key, next.data, next.version);
  }

  /** Takes the form as it is now and writes it after the debounce. */
  function schedule(): void {
    const key = options.key();
    if (key === null || offer.value) return;
    if (pending && pending.key !== key) write();
    const value = JSON.parse(JSON.stringify(options.value())) as T;
    pending = { key, data: same(value, options.pristine()) ? null : value, version: options.version() };
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(write, delay);
  }

  function cancel(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = null;
  }

  /** Writes a waiting change now (the form closes, the page is being left). */
  function flush(): void {
    if (pending) write();
  }

  /** Call once the form is filled from its record: offers a kept draft that differs from it. */
  function open(): DraftOffer<T> | null {
    flush();
    offer.value = null;
    const key = options.key();
    if (key === null) return null;
    const stored = readDraft(options.kind, key, options);
    if (!stored) return null;
    if (same(stored.data, options.pristine())) {
      clearDraft(options.kind, key);
      return null;
    }
    const version = options.version();
    offer.value = { ...stored, stale: stored.version !== null && version !== null && stored.version !== version };
    return offer.value;
  }

  /**
   * Answers the offer with 恢复草稿: returns the draft for the form to take. What the form then holds is kept
   * as usual, against the record's current version (the prompt said when that was newer).
   */
  function restore(): T | null {
    const o = offer.value;
    offer.value = null;
    return o ? o.data : null;
  }

  /** 放弃草稿: removes the kept draft; whatever was typed since the form opened is kept from now on. */
  function discard(): void {
    const key = options.key();
    offer.value = null;
    cancel();
    if (key !== null) clearDraft(options.kind, key);
    schedule();
  }

  /** The record was saved: its draft goes (the key as it was when saving, e.g. "new"). */
  function saved(key: string | null = options.key()): void {
    cancel();
    offer.value = null;
    if (key !== null) clearDraft(options.kind, key);
  }

  watch(() => options.value(), schedule, { deep: true });
  // Closing the form (or switching record) writes what is waiting at once, under the key it was typed for.
  watch(() => options.key(), flush);

  const onLeave = () => flush();
  const win = typeof window === 'undefined' ? null : window;
  win?.addEventListener('pagehide', onLeave);
  win?.addEventListener('beforeunload', onLeave);
  onScopeDispose(() => {
    win?.removeEventListener('pagehide', onLeave);
    win?.removeEventListener('beforeunload', onLeave);
    flush();
  });

  return { offer, open, restore, discard, saved, flush };
}
