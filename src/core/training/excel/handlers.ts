import type { Database } from 'better-sqlite3';
import type { LedgerHandlers, ParsedInput } from '../../../shared/contract';
import { fail, ok, type Result } from '../../../shared/result';
import type { trainingExcelContract } from '../../../shared/trainingExcel';
import { backupBeforeImport } from '../../backup/backup';
import type { StagingArea } from '../../import/staging';
import { SpreadsheetError } from '../../spreadsheet/spreadsheetError';
import { commitTrainingImport, listTrainingImports, undoLastTrainingImport } from './commitImport';
import { exportCourse } from './exportCourse';
import { exportTrainingLedger } from './exportLedger';
import { planTrainingImport } from './planImport';
import { readTrainingFile, type TrainingFile } from './readTrainingFile';

type TrainingExcelHandlers = Pick<LedgerHandlers, keyof typeof trainingExcelContract>;

/**
 * The Excel part of the training API, spread into createLedgerApi. Imports read a file staged with
 * stageImportFile (the same staging area as the roster import); a participant list is small, so preview and
 * commit answer directly rather than as jobs.
 */
export function trainingExcelHandlers(db: Database, staging: StagingArea): TrainingExcelHandlers {
  async function read(input: ParsedInput<'previewTrainingImport'>): Promise<Result<{ file: TrainingFile; fileName: string }>> {
    const staged = staging.get(input.fileId);
    if (!staged) return fail('NOT_FOUND', '找不到要导入的文件，可能已过期，请重新选择文件');
    try {
      return ok({ file: await readTrainingFile(staged.path, staged.fileName, { sheet: input.sheet, headerRow: input.headerRow }), fileName: staged.fileName });
    } catch (error) {
      if (error instanceof SpreadsheetError) return fail(error.code, error.message);
      throw error;
    }
  }

  return {
    exportCourse: ({ courseId, maskIdNumbers }) => exportCourse(db, courseId, { maskIdNumbers }),
    exportTrainingLedger: (input) => exportTrainingLedger(db, input),
    previewTrainingImport: async (input) => {
      const r = await read(input);
      if (!r.ok) return r;
      const plan = planTrainingImport(db, r.data.file, { courseId: input.courseId, sessionId: input.sessionId, fileName: r.data.fileName });
      return plan.ok ? ok(plan.data.preview) : plan;
    },
    commitTrainingImport: async (input) => {
      const r = await read(input);
      if (!r.ok) return r;
      // 导入前 backup, right before the committing transaction; a failure only warns.
      const backupWarning = backupBeforeImport(db, r.data.fileName);
      const result = commitTrainingImport(db, r.data.file, { courseId: input.courseId, sessionId: input.sessionId, fileName: r.data.fileName });
      if (result.ok && backupWarning) result.data.warnings.unshift({ row: 0, field: '', message: backupWarning });
      return result;
    },
    undoLastTrainingImport: ({ courseId }) => undoLastTrainingImport(db, courseId),
    listTrainingImports: ({ courseId }) => ok(listTrainingImports(db, courseId)),
  };
}
