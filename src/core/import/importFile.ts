import { basename } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ImportPreview, ImportResult } from '../../shared/importTypes';
import { collectRoster, type CollectOptions, type CollectedFile } from './collectRows';
import { rememberedMapping, type ColumnMapping } from './columnMapping';
import { commitImport } from './commit';
import { planAgainstDb, previewOf, rejectedCellsOf } from './plan';

/**
 * One import from a file on disk, start to finish: the CLI's entry point, and the body of every job.
 * A dry run reads and plans but writes nothing, not even the remembered mapping.
 */

export interface ImportFileOptions extends Omit<CollectOptions, 'remembered'> {
  dryRun?: boolean;
  /** The name to show in messages; the path's base name by default (staged files have UUID names). */
  fileName?: string;
  mapping?: ColumnMapping;
  /** Called after reading and before the (synchronous) commit: a cancel arriving later is too late. */
  beforeCommit?: () => void;
}

export interface ImportFileReport {
  /** The preview for a dry run; the result, with importId, after a commit. */
  preview: ImportPreview | ImportResult;
  importId: string | null;
  /** Header texts by column number and the original cells of each rejected row, for the error list. */
  headerTexts: string[];
  rejectedCells: Map<number, string[]>;
}

export async function readForImport(db: Database, path: string, options: ImportFileOptions = {}): Promise<CollectedFile> {
  return collectRoster(path, options.fileName ?? basename(path), {
    ...options,
    remembered: (key) => rememberedMapping(db, key),
  });
}

export async function importRosterFile(db: Database, path: string, options: ImportFileOptions = {}): Promise<ImportFileReport> {
  const collected = await readForImport(db, path, options);
  const report = (preview: ImportPreview | ImportResult, importId: string | null): ImportFileReport => ({
    preview,
    importId,
    headerTexts: collected.header.texts,
    rejectedCells: rejectedCellsOf(collected, preview),
  });
  if (options.dryRun) {
    return report(previewOf(collected, planAgainstDb(db, collected, options.today)), null);
  }
  options.beforeCommit?.();
  const result = commitImport(db, collected, { mapping: options.mapping, today: options.today });
  return report(result, result.importId);
}
