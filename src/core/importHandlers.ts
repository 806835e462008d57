/** The import service, spread into createLedgerApi: stage a file, preview or commit as a job, undo the last import. */
export { importHandlers } from './import/jobs';
