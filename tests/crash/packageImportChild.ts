/**
 * The process the package-import crash test kills: one package import into a real ledger file through the core's
 * own path (importPackage: open and check, then one IMMEDIATE transaction), printing numbered progress markers
 * on stderr with synchronous writes so the parent sees each one in order.
 *
 *   tsx tests/crash/packageImportChild.ts <db> <package> <wal|delete> [pauseAt]
 *
 * Markers: `M <n> <phase>` where phase is open, checked (the package opened and verified, right before the
 * transaction), write (every few statements run inside it), commit-done, closed. With `pauseAt` = n the child
 * blocks right after marker n (locks held, nothing rolled back) so the parent's SIGKILL lands exactly there.
 * Exit code 0 and a last `DONE <json>` line when nothing killed it.
 */
import { readFileSync, writeSync } from 'node:fs';
import { openDatabase } from '../../src/core/db/open';
import { importPackage } from '../../src/core/sync/importPackage';
import { childMarkers } from './childMarkers';

const [dbFile, packageFile, mode, pauseArg] = process.argv.slice(2);
if (!dbFile || !packageFile || (mode !== 'wal' && mode !== 'delete')) {
  writeSync(2, 'usage: packageImportChild.ts <db> <package> <wal|delete> [pauseAt]\n');
  process.exit(2);
}
const pauseAt = pauseArg === undefined ? -1 : Number(pauseArg);
/** Markers inside the transaction: one per this many statements run. */
const WRITE_EVERY = Number(process.env.CRASH_WRITE_EVERY ?? 250);

const { marker, startWrites, stopWrites, writes } = childMarkers(pauseAt, WRITE_EVERY);

const db = openDatabase(dbFile, { journalMode: mode });
marker('open');
const summary = importPackage(db, {
  bytes: readFileSync(packageFile),
  fileName: '镇到县.ledgerpkg',
  passphrase: null,
  dryRun: false,
  beforeApply: () => {
    marker('checked');
    startWrites();
  },
});
stopWrites();
marker('commit-done');
db.close();
marker('closed');
writeSync(2, `DONE ${JSON.stringify({ created: summary.created, updated: summary.updated, held: summary.held, writes: writes() })}\n`);
