import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLedgerApi } from '../core/api';
import { runStartupBackups, scheduleDailyBackups } from '../core/backup/backup';
import { openDatabase } from '../core/db/open';
import { startHost } from './server';

/** `npm run host -- --db FILE [--port N]`: the app in any browser, for development and tests. */
const { values } = parseArgs({
  options: { db: { type: 'string' }, port: { type: 'string' } },
  allowPositionals: false,
});

const dbFile = resolve(values.db ?? process.env.LEDGER_DB ?? 'ledger.sqlite');
const port = Number(values.port ?? process.env.LEDGER_PORT ?? 5174);
const staticDir = resolve(import.meta.dirname, '../../dist/renderer');

if (!existsSync(resolve(staticDir, 'index.html'))) {
  console.error('界面尚未构建，请先运行 npm run build:web（The renderer is not built: run npm run build:web first.）');
  process.exit(1);
}

const db = openDatabase(dbFile);
// Once per start: 启动时 (and 每日 if today has none) in backups/ beside the data file; a refusal only logs.
runStartupBackups(db);
scheduleDailyBackups(db);
const host = await startHost({ handlers: createLedgerApi(db), staticDir, port });
console.log(`乡镇党建台账 browser host: ${host.url}  (database: ${dbFile})`);

const stop = () => {
  void host.close().then(() => {
    db.close();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
