import type { Output } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { api } from '../../api/client';

export type ProblemsFile = Output<'exportImportProblems'>;

/** The error list is written as xlsx by the core, so ExcelJS stays out of the renderer bundle. */
export function exportImportProblems(jobId: string): Promise<Result<ProblemsFile>> {
  return api.exportImportProblems({ jobId });
}
