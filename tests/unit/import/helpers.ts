import type { Database } from 'better-sqlite3';
import { createImportService, type ImportService } from '../../../src/core/import/jobs';
import type { ImportJob } from '../../../src/shared/importTypes';
import type { Result } from '../../../src/shared/result';

/** Every row of the tables an import may touch, in a stable order, for before/after equality. */
export function dumpTables(db: Database, tables = ['people', 'person_categories', 'posts', 'import_batches', 'import_changes', 'settings']): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) dump[table] = db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
  return dump;
}

/** The person data only (undo puts these back; the import log itself keeps its history). */
export function dumpPeople(db: Database): Record<string, unknown[]> {
  return dumpTables(db, ['people', 'person_categories', 'posts']);
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

export const TODAY = new Date(2025, 5, 1);

export function service(db: Database): ImportService {
  return createImportService(db, { today: () => TODAY, log: () => {} });
}

/** Polls like the UI does until the job leaves 'running'; returns every snapshot seen. */
export async function waitForJob(svc: ImportService, jobId: string, everyMs = 2): Promise<ImportJob[]> {
  const seen: ImportJob[] = [];
  for (;;) {
    const job = unwrap(await svc.handlers.getImportJob({ jobId }));
    seen.push(job);
    if (job.state !== 'running') return seen;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
