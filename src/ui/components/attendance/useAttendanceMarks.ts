import { ElMessage } from 'element-plus';
import { computed, nextTick, onBeforeUnmount, onMounted, reactive, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { LedgerError } from '../../../shared/result';
import type { AttendanceStatus } from '../../../shared/training';
import {
  STATUS_KEYS,
  changedEntries,
  markRestPresent,
  marksFrom,
  missingReasons,
  moveIndex,
  sameMark,
  statusForKey,
  type AttendanceEntry,
  type Mark,
  type MarkRow,
} from '../../features/training/attendanceKeys';
import { clearStoredDraft, readStoredDraft, writeStoredDraft } from '../../features/training/draftStore';

/** What VirtualRows exposes (a generic component has no InstanceType). */
export interface MarkingListHandle {
  scrollToIndex(index: number): void;
  scrollToTop(): void;
  pageRows: number;
}

export interface AttendanceMarksOptions<R extends MarkRow> {
  /** Everyone on the sheet. */
  rows: Ref<readonly R[]>;
  /** The rows the list shows and the cursor walks (narrower in quick check-in); everyone by default. */
  shownRows?: () => readonly R[];
  /** The statuses this sheet takes; the number keys of any other do nothing. */
  statuses: readonly AttendanceStatus[];
  /** Where unsaved marks are kept on this computer; null while no sheet is loaded. */
  draftKey: () => string | null;
  /** The i18n block with the sheet's texts (restoredDraft, restPresent, noneLeft, needReason(s), legend…). */
  messages: 'training.attendance' | 'activities.attendance';
  /** Whether the sheet is on screen: Ctrl+S saves only then. */
  active: () => boolean;
  save: () => void;
}

/**
 * The marking state and keys of an attendance sheet (a training session's, a party activity's): one key per
 * person, the cursor moving on by itself, 请假 asking for its reason on the row, refusals shown on the rows
 * they name, unsaved marks kept on this computer until saved, Ctrl+S to save. Loading and saving stay with
 * the screen; MarkingList shows the list.
 */
export function useAttendanceMarks<R extends MarkRow>(options: AttendanceMarksOptions<R>) {
  const { t } = useI18n();
  const { rows, statuses, messages } = options;
  const shown = computed<readonly R[]>(() => options.shownRows?.() ?? rows.value);

  const saved = ref<Record<string, Mark>>({});
  const draft = reactive<Record<string, Mark>>({});
  const cursor = ref(0);
  const reasonFor = ref<string | null>(null);
  const rowErrors = ref<Record<string, string>>({});
  const refusal = ref<LedgerError | null>(null);
  const list = ref<MarkingListHandle | null>(null);
  const listEl = ref<HTMLElement | null>(null);
  const keys = STATUS_KEYS.filter((k) => statuses.includes(k.status));
  const changes = computed(() => changedEntries(rows.value, saved.value, draft));

  // --- Loading -------------------------------------------------------------------------------------------

  /** What the core holds becomes both the stored marks and the draft. */
  function adoptMarks(sheetRows: readonly MarkRow[]): void {
    saved.value = marksFrom(sheetRows);
    for (const key of Object.keys(draft)) delete draft[key];
    Object.assign(draft, marksFrom(sheetRows));
  }

  /** Lays the marks kept on this computer over the draft, for people still on the list; back to the top. */
  function restoreDraft(): void {
    const key = options.draftKey();
    let restored = 0;
    for (const entry of key ? readStoredDraft(key) : []) {
      if (!(entry.personId in draft) || (entry.status !== null && !statuses.includes(entry.status))) continue;
      const mark = { status: entry.status, reason: entry.reason ?? '' };
      if (sameMark(mark, saved.value[entry.personId])) continue;
      draft[entry.personId] = mark;
      restored++;
    }
    if (restored > 0) ElMessage.info({ message: t(`${messages}.restoredDraft`, { n: restored }), duration: 6000 });
    cursor.value = 0;
    list.value?.scrollToTop();
  }

  // Unsaved marks go to this computer's storage as they are made.
  watch(
    changes,
    (entries) => {
      const key = options.draftKey();
      if (!key) return;
      if (entries.length === 0) clearStoredDraft(key);
      else writeStoredDraft(key, entries);
    },
    { deep: true },
  );

  // --- Marking -------------------------------------------------------------------------------------------

  function setMark(row: MarkRow, status: AttendanceStatus | null): void {
    const current = draft[row.personId] ?? { status: null, reason: '' };
    draft[row.personId] = { status, reason: status === '请假' || status === '迟到' || status === '早退' ? current.reason : '' };
    delete rowErrors.value[row.personId];
  }

  function moveTo(index: number): void {
    cursor.value = Math.max(0, Math.min(shown.value.length - 1, index));
    list.value?.scrollToIndex(cursor.value);
  }

  function focusList(): void {
    void nextTick(() => listEl.value?.focus());
  }

  /** 请假 asks for its reason right on the row; Enter keeps it and moves on, Esc goes back to the list. */
  function askReason(row: MarkRow): void {
    reasonFor.value = row.personId;
    void nextTick(() => {
      const input = document.querySelector<HTMLInputElement>(`[data-testid="reason-input"][data-person="${row.personId}"]`);
      input?.focus();
      input?.select();
    });
  }

  function onReasonKey(event: KeyboardEvent): void {
    if (event.isComposing) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      reasonFor.value = null;
      moveTo(cursor.value + 1);
      focusList();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      reasonFor.value = null;
      focusList();
    }
  }

  function onListKey(event: KeyboardEvent): void {
    if (event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
    if ((event.target as HTMLElement).tagName === 'INPUT') return;
    const move = moveIndex(cursor.value, event.key, shown.value.length, list.value?.pageRows ?? 10);
    if (move !== undefined) {
      event.preventDefault();
      moveTo(move);
      return;
    }
    const row = shown.value[cursor.value];
    if (!row) return;
    if (event.key === 'Enter' && draft[row.personId]?.status === '请假') {
      event.preventDefault();
      askReason(row);
      return;
    }
    const status = statusForKey(event.key);
    // Keys of statuses this sheet does not take (迟到/早退 on an activity) mean nothing here.
    if (status === undefined || (status !== null && !statuses.includes(status))) return;
    event.preventDefault();
    setMark(row, status);
    if (status === '请假') askReason(row);
    else moveTo(cursor.value + 1);
  }

  function clickMark(index: number, row: MarkRow, status: AttendanceStatus): void {
    cursor.value = index;
    const same = draft[row.personId]?.status === status;
    setMark(row, same ? null : status);
    if (!same && status === '请假') askReason(row);
  }

  function markAllPresent(): void {
    const n = markRestPresent(rows.value, draft);
    ElMessage.info(n > 0 ? t(`${messages}.restPresent`, { n }) : t(`${messages}.noneLeft`));
  }

  /** No refusal shown, on the list or its rows (after a load or a save the core accepted). */
  function clearRefusal(): void {
    rowErrors.value = {};
    refusal.value = null;
  }

  /** Back to what the core holds. */
  function discardMarks(): void {
    for (const key of Object.keys(draft)) delete draft[key];
    Object.assign(draft, JSON.parse(JSON.stringify(saved.value)) as Record<string, Mark>);
    clearRefusal();
  }

  // --- Saving --------------------------------------------------------------------------------------------

  /** Shows a refusal on the rows it names (the core's issues point at entries by position). */
  function showRefusal(error: LedgerError, entries: readonly AttendanceEntry[]): void {
    refusal.value = error;
    const named: Record<string, string> = {};
    for (const issue of error.issues ?? []) {
      const m = /^entries\.(\d+)$/.exec(issue.field);
      const entry = m ? entries[Number(m[1])] : undefined;
      if (entry) named[entry.personId] = named[entry.personId] ? `${named[entry.personId]}；${issue.message}` : issue.message;
    }
    rowErrors.value = named;
    const first = shown.value.findIndex((r) => named[r.personId]);
    if (first >= 0) moveTo(first);
  }

  /** Before a save: 请假 without a reason is named on its row and the first one asks for it. True when any. */
  function flagMissingReasons(): boolean {
    const missing = missingReasons(rows.value, draft);
    if (missing.length === 0) return false;
    rowErrors.value = Object.fromEntries(missing.map((r) => [r.personId, t(`${messages}.needReason`, { name: r.name })]));
    refusal.value = { code: 'VALIDATION', message: t(`${messages}.needReasons`, { names: missing.map((r) => r.name).join('、') }) };
    const first = shown.value.findIndex((r) => r.personId === missing[0]!.personId);
    if (first >= 0) {
      moveTo(first);
      askReason(missing[0]!);
    }
    return true;
  }

  // --- Ctrl+S anywhere while the sheet is shown ----------------------------------------------------------

  function onGlobalKey(event: KeyboardEvent): void {
    if (!options.active()) return;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      options.save();
    }
  }
  onMounted(() => {
    window.addEventListener('keydown', onGlobalKey);
    focusList();
  });
  onBeforeUnmount(() => window.removeEventListener('keydown', onGlobalKey));

  return {
    messages,
    statuses,
    keys,
    saved,
    draft,
    cursor,
    reasonFor,
    rowErrors,
    refusal,
    list,
    listEl,
    changes,
    adoptMarks,
    restoreDraft,
    setMark,
    moveTo,
    focusList,
    askReason,
    onReasonKey,
    onListKey,
    clickMark,
    markAllPresent,
    discardMarks,
    showRefusal,
    clearRefusal,
    flagMissingReasons,
  };
}

export type AttendanceMarks = ReturnType<typeof useAttendanceMarks>;
