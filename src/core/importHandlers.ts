import type { Database } from 'better-sqlite3';
import type { LedgerHandlers } from '../shared/contract';
import { fail } from '../shared/result';

type ImportMethods = 'stageImportFile' | 'startRosterImport' | 'getImportJob' | 'cancelImportJob' | 'listImports' | 'undoLastImport';

/** Placeholder until the import service lands: every import method answers with a typed refusal. */
export function importHandlers(_db: Database, _options: { stagingDir?: string }): Pick<LedgerHandlers, ImportMethods> {
  const notYet = () => fail('INTERNAL', '导入功能尚未就绪');
  return {
    stageImportFile: notYet,
    startRosterImport: notYet,
    getImportJob: notYet,
    cancelImportJob: notYet,
    listImports: notYet,
    undoLastImport: notYet,
  };
}
