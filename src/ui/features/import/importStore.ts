import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ImportField, ImportJob, ImportOptions, ImportPreview, ImportRecord, ImportResult, UndoResult } from '../../../shared/importTypes';
import type { LedgerError, Result } from '../../../shared/result';
import { api } from '../../api/client';
import { followJob, type JobWatch } from './followJob';
import { refuseFile, toBase64, type FileRefusal } from './importFile';

export type Mode = 'preview' | 'commit';
export type WizardStep = 'choose' | 'preview' | 'done';
/** Either a message the core wrote (already Chinese) or an i18n key the page translates. */
export type Problem = { message: string } | NonNullable<FileRefusal>;

interface StagedFile {
  fileId: string;
  fileName: string;
  bytes: number;
}

interface RunningJob {
  mode: Mode;
  jobId: string | null;
  job: ImportJob | null;
}

type Settings = Omit<ImportOptions, 'fileId'>;

/**
 * The import wizard's state, in a store so a long commit keeps going (and its result waits) while the clerk
 * looks at the roster. Preview and commit both run as core jobs followed by polling.
 */
export const useImportStore = defineStore('import', () => {
  const file = ref<StagedFile | null>(null);
  const reading = ref(false);
  const fileProblem = ref<Problem | null>(null);
  const running = ref<RunningJob | null>(null);
  const preview = shallowRef<ImportPreview | null>(null);
  const previewJobId = ref<string | null>(null);
  /** Settings that produced the preview on screen: commit uses exactly these. */
  const applied = ref<Settings>({});
  const result = shallowRef<ImportResult | null>(null);
  const resultJobId = ref<string | null>(null);
  /** Why the last job failed: the core's Chinese message. */
  const jobError = ref<{ code: string; message: string } | null>(null);
  const cancelled = ref<Mode | null>(null);
  const history = ref<ImportRecord[]>([]);
  /** Set when the import on the result page has since been undone, so the page stops claiming it stands. */
  const resultUndone = computed(() => !!result.value && history.value.some((r) => r.importId === result.value?.importId && r.undoneAt));
  const historyError = ref<LedgerError | null>(null);
  let watch: JobWatch | null = null;
  // Only the newest job's answers may land: an earlier preview finishing late must not replace a newer one.
  let generation = 0;

  const step = computed<WizardStep>(() => (result.value ? 'done' : preview.value ? 'preview' : 'choose'));
  const busy = computed(() => reading.value || running.value !== null);
  /** The import that 撤销 would undo: the newest one not undone yet. */
  const lastUndoable = computed(() => {
    const newest = [...history.value].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    return newest && !newest.undoneAt ? newest : null;
  });

  function stopWatching(): void {
    watch?.stop();
    watch = null;
  }

  function reset(): void {
    if (running.value?.mode === 'commit') return;
    stopWatching();
    generation++;
    if (running.value?.jobId) void api.cancelImportJob({ jobId: running.value.jobId });
    file.value = null;
    reading.value = false;
    fileProblem.value = null;
    running.value = null;
    preview.value = null;
    previewJobId.value = null;
    applied.value = {};
    result.value = null;
    resultJobId.value = null;
    jobError.value = null;
    cancelled.value = null;
  }

  async function chooseFile(chosen: File): Promise<void> {
    reset();
    const refusal = refuseFile(chosen);
    if (refusal) {
      fileProblem.value = refusal;
      return;
    }
    reading.value = true;
    const mine = generation;
    let dataBase64: string;
    try {
      dataBase64 = toBase64(await chosen.arrayBuffer());
    } catch {
      reading.value = false;
      fileProblem.value = { key: 'import.file.unreadable', params: { name: chosen.name } };
      return;
    }
    const staged = await api.stageImportFile({ name: chosen.name, dataBase64 });
    if (mine !== generation) return;
    reading.value = false;
    if (!staged.ok) {
      fileProblem.value = staged.error.message === '请求内容过大' ? { key: 'import.file.hostRefused', params: { name: chosen.name } } : { message: staged.error.message };
      return;
    }
    file.value = staged.data;
    await runPreview({});
  }

  async function start(mode: Mode, settings: Settings): Promise<ImportJob | null> {
    if (!file.value) return null;
    stopWatching();
    const previous = running.value;
    const mine = ++generation;
    if (previous?.jobId) await api.cancelImportJob({ jobId: previous.jobId });
    running.value = { mode, jobId: null, job: null };
    jobError.value = null;
    cancelled.value = null;
    const started = await api.startRosterImport({ fileId: file.value.fileId, mode, ...settings });
    if (mine !== generation) return null;
    if (!started.ok) {
      running.value = null;
      jobError.value = started.error;
      return null;
    }
    running.value = { mode, jobId: started.data.jobId, job: null };
    watch = followJob(started.data.jobId, (job) => {
      if (mine === generation && running.value) running.value = { ...running.value, job };
    });
    const end = await watch.finished;
    if (mine !== generation || 'stopped' in end) return null;
    watch = null;
    running.value = null;
    if ('error' in end) {
      jobError.value = end.error;
      return null;
    }
    if (end.job.state === 'cancelled') cancelled.value = mode;
    else if (end.job.state === 'failed') jobError.value = end.job.error ?? { code: 'INTERNAL', message: '导入失败' };
    return end.job;
  }

  async function runPreview(settings: Settings): Promise<void> {
    const job = await start('preview', settings);
    if (job?.state === 'done' && job.preview) {
      preview.value = job.preview;
      previewJobId.value = job.jobId;
      applied.value = settings;
    } else if (!preview.value && jobError.value) {
      // The first read failed (an empty sheet, a damaged file): back to choosing a file, with the reason.
      fileProblem.value = { message: jobError.value.message };
      jobError.value = null;
      file.value = null;
    }
  }

  function chooseSheet(sheet: string): Promise<void> {
    return runPreview({ sheet });
  }

  function chooseHeaderRow(headerRow: number): Promise<void> {
    return runPreview({ sheet: preview.value?.sheet, headerRow });
  }

  /** Re-reads with one column's field changed; a field already used by another column leaves that column. */
  function chooseField(columnIndex: number, field: ImportField | null): Promise<void> {
    const shown = preview.value;
    if (!shown) return Promise.resolve();
    const mapping: Record<string, ImportField | null> = {};
    for (const column of shown.columns) {
      mapping[String(column.index)] = column.index === columnIndex ? field : column.field === field && field !== null ? null : column.field;
    }
    return runPreview({ sheet: shown.sheet, headerRow: shown.headerRow, mapping });
  }

  async function commit(): Promise<void> {
    if (!preview.value || running.value) return;
    const job = await start('commit', applied.value);
    if (job?.state === 'done' && job.result) {
      result.value = job.result;
      resultJobId.value = job.jobId;
    }
    await loadHistory();
  }

  async function cancel(): Promise<void> {
    const jobId = running.value?.jobId;
    if (!jobId) return;
    const answer = await api.cancelImportJob({ jobId });
    if (!answer.ok) jobError.value = answer.error;
  }

  async function loadHistory(): Promise<void> {
    const answer = await api.listImports({});
    if (answer.ok) {
      history.value = answer.data;
      historyError.value = null;
    } else historyError.value = answer.error;
  }

  async function undoLast(): Promise<Result<UndoResult>> {
    const answer = await api.undoLastImport({});
    await loadHistory();
    return answer;
  }

  return {
    file, reading, fileProblem, running, preview, previewJobId, applied, result, resultJobId, jobError, cancelled, history, historyError,
    step, busy, lastUndoable, resultUndone,
    reset, chooseFile, chooseSheet, chooseHeaderRow, chooseField, commit, cancel, loadHistory, undoLast,
  };
});
