import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runHost } from './run';

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

const running = await runHost({ dbFile, staticDir, port });
console.log(`乡镇党建台账 browser host: ${running.host.url}  (database: ${dbFile})`);

const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
