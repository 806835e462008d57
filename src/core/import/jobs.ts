import type { Database } from 'better-sqlite3';
import type { LedgerHandlers, ParsedInput } from '../../shared/contract';
import type { ImportJob } from '../../shared/importTypes';
import { fail, ok, type Result } from '../../shared/result';
import { backupBeforeImport } from '../backup/backup';
import { uuidv7 } from '../ids';
import { ImportCancelled, SpreadsheetError } from '../spreadsheet/spreadsheetError';
import { errorReportBytes, errorReportName, type ErrorReportInput } from './errorReport';
import { importRosterFile } from './importFile';
import { StagingArea } from './staging';
import { listImports, undoLastImport } from './undo';

/**
 * Imports as jobs: startRosterImport answers at once with a jobId and the work runs on, reading the file
 * as a stream that gives the event loop a turn between chunks, so getImportJob polls (IPC or HTTP) are
 * answered with rowsRead while it runs. Cancel stops between rows; a cancelled commit writes nothing,
 * because the one short synchronous transaction starts only after the whole file has been read.
 */

export type ImportMethods = 'stageImportFile' | 'startRosterImport' | 'getImportJob' | 'cancelImportJob' | 'listImports' | 'undoLastImport';

export interface ImportServiceOptions {
  /** Parent folder of the staging folder; the OS temp dir by default. */
  stagingDir?: string;
  /** Fixes "today" for date checks (tests). */
  today?: () => Date;
  log?: (error: unknown) => void;
  /** Shared with other importers (training lists) that read files staged through stageImportFile. */
  staging?: StagingArea;
}

export interface ProblemsFile {
  fileName: string;
  dataBase64: string;
}

/**
 * The error list of a finished job as xlsx bytes. Not in the contract yet; proposed as
 * `exportImportProblems: { input: { jobId }, output: ProblemsFile }` (the window's exportProblems.ts calls it).
 */
export type ExportImportProblems = (input: { jobId: string }) => Promise<Result<ProblemsFile>>;

export interface ImportService {
  handlers: Pick<LedgerHandlers, ImportMethods> & { exportImportProblems: ExportImportProblems };
  /** Resolves when no job is running (tests, shutdown). */
  idle(): Promise<void>;
  /** Cancels running jobs and removes the staged files. */
  dispose(): void;
}

interface JobEntry {
  job: ImportJob;
  controller: AbortController;
  done: Promise<void>;
  /** What the error list needs, kept once the job is done. */
  problems?: ErrorReportInput;
}

const KEEP_JOBS = 20;
const INTERNAL_MESSAGE = '导入未完成：程序内部出错，数据没有改动。请重试，如仍出错请联系技术支持。';

export function createImportService(db: Database, options: ImportServiceOptions = {}): ImportService {
  const staging = options.staging ?? new StagingArea(options.stagingDir);
  const jobs = new Map<string, JobEntry>();
  const log = options.log ?? console.error;

  const snapshot = (job: ImportJob): ImportJob => ({ ...job, error: job.error ? { ...job.error } : null });

  function forget(): void {
    for (const [id, entry] of jobs) {
      if (jobs.size <= KEEP_JOBS) break;
      if (entry.job.state !== 'running') jobs.delete(id);
    }
  }

  async function run(entry: JobEntry, input: ParsedInput<'startRosterImport'>, path: string, fileName: string): Promise<void> {
    const { job, controller } = entry;
    let backupWarning: string | null = null;
    try {
      const report = await importRosterFile(db, path, {
        fileName,
        dryRun: input.mode === 'preview',
        sheet: input.sheet,
        headerRow: input.headerRow,
        mapping: input.mapping,
        signal: controller.signal,
        today: options.today?.(),
        onProgress: (row, lastRow) => {
          job.rowsRead = row;
          job.rowsTotal = lastRow;
        },
        beforeCommit: () => {
          if (controller.signal.aborted) throw new ImportCancelled();
          // 导入前 backup, right before the one committing transaction; a failure only warns.
          backupWarning = backupBeforeImport(db, fileName);
        },
      });
      if (backupWarning) report.preview.warnings.unshift({ row: 0, field: '', message: backupWarning });
      if (job.state !== 'running') return;
      entry.problems = { preview: report.preview, headerTexts: report.headerTexts, rejectedCells: report.rejectedCells };
      job.preview = report.preview;
      if (report.importId !== null) job.result = { ...report.preview, importId: report.importId };
      job.state = 'done';
    } catch (error) {
      if (job.state !== 'running') return;
      if (error instanceof ImportCancelled) {
        job.state = 'cancelled';
        return;
      }
      job.state = 'failed';
      if (error instanceof SpreadsheetError) job.error = { code: error.code, message: error.message };
      else {
        log(error);
        job.error = { code: 'INTERNAL', message: INTERNAL_MESSAGE };
      }
    }
  }

  const handlers: ImportService['handlers'] = {
    stageImportFile: ({ name, dataBase64 }) => staging.stage(name, dataBase64),

    startRosterImport: (input): Result<{ jobId: string }> => {
      const file = staging.get(input.fileId);
      if (!file) return fail('NOT_FOUND', '找不到要导入的文件，可能已过期，请重新选择文件');
      const jobId = uuidv7();
      const job: ImportJob = { jobId, mode: input.mode, state: 'running', rowsRead: 0, rowsTotal: null, preview: null, result: null, error: null };
      const entry: JobEntry = { job, controller: new AbortController(), done: Promise.resolve() };
      jobs.set(jobId, entry);
      entry.done = run(entry, input, file.path, file.fileName);
      forget();
      return ok({ jobId });
    },

    getImportJob: ({ jobId }) => {
      const entry = jobs.get(jobId);
      return entry ? ok(snapshot(entry.job)) : fail('NOT_FOUND', '找不到该导入任务，可能已结束较久，请重新开始导入');
    },

    cancelImportJob: ({ jobId }) => {
      const entry = jobs.get(jobId);
      if (!entry) return fail('NOT_FOUND', '找不到该导入任务');
      if (entry.job.state === 'running') {
        // Marked at once: the commit's transaction is synchronous, so it cannot be half-way through now.
        entry.controller.abort();
        entry.job.state = 'cancelled';
      }
      return ok(snapshot(entry.job));
    },

    listImports: () => ok(listImports(db)),
    undoLastImport: () => undoLastImport(db),

    exportImportProblems: async ({ jobId }) => {
      const entry = jobs.get(jobId);
      if (!entry) return fail('NOT_FOUND', '找不到该导入任务，请重新预览后再导出错误清单');
      if (!entry.problems) return fail('VALIDATION', '导入任务尚未完成，完成后才能导出错误清单');
      const bytes = await errorReportBytes(entry.problems);
      return ok({ fileName: errorReportName(entry.problems.preview.fileName), dataBase64: bytes.toString('base64') });
    },
  };

  return {
    handlers,
    idle: async () => {
      await Promise.all([...jobs.values()].map((e) => e.done));
    },
    dispose: () => {
      for (const entry of jobs.values()) {
        if (entry.job.state === 'running') {
          entry.controller.abort();
          entry.job.state = 'cancelled';
        }
      }
      staging.dispose();
    },
  };
}

/**
 * The contract's import methods (plus exportImportProblems, until the contract has it), for createLedgerApi
 * to spread in. Staged files are removed at process exit.
 */
export function importHandlers(db: Database, options: ImportServiceOptions = {}): ImportService['handlers'] {
  return createImportService(db, options).handlers;
}
