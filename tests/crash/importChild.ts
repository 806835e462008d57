/**
 * The process the crash test kills: one roster import of a real workbook into a real ledger file, through
 * the core's own path (importRosterFile: streamed read, plan, one IMMEDIATE commit transaction), printing
 * numbered progress markers on stderr with synchronous writes so the parent sees each one in order.
 *
 *   tsx tests/crash/importChild.ts <db> <xlsx> <wal|delete> [pauseAt]
 *
 * With CRASH_KIND=training and CRASH_COURSE_ID=<id>, the file is a participant list read with readTrainingFile
 * and committed with commitTrainingImport (the training importer's own one transaction) instead.
 *
 * Markers: `M <n> <phase>` where phase is open, read (every few rows while the file streams in), commit-begin,
 * write (every few statements inside the transaction), commit-done, closed. With `pauseAt` = n the child
 * blocks right after marker n (mid-statement-sequence, locks held, nothing rolled back) so the parent's
 * SIGKILL lands at exactly that point; without it, the child runs on and the parent may kill it at any time.
 * Exit code 0 and a last `DONE <json>` line when nothing killed it.
 */
import { writeSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../src/core/db/open';
import { importRosterFile } from '../../src/core/import/importFile';
import { commitTrainingImport } from '../../src/core/training/excel/commitImport';
import { readTrainingFile } from '../../src/core/training/excel/readTrainingFile';

const [dbFile, xlsx, mode, pauseArg] = process.argv.slice(2);
if (!dbFile || !xlsx || (mode !== 'wal' && mode !== 'delete')) {
  writeSync(2, 'usage: importChild.ts <db> <xlsx> <wal|delete> [pauseAt]\n');
  process.exit(2);
}
const pauseAt = pauseArg === undefined ? -1 : Number(pauseArg);
/** Markers while reading: one per this many rows. */
const READ_EVERY = Number(process.env.CRASH_READ_EVERY ?? 100);
/** Markers inside the transaction: one per this many statements run. */
const WRITE_EVERY = Number(process.env.CRASH_WRITE_EVERY ?? 200);

let n = 0;
function marker(phase: string): void {
  n += 1;
  writeSync(2, `M ${n} ${phase}\n`);
  if (n === pauseAt) {
    // Wait for the SIGKILL here, synchronously: no other JavaScript runs, the transaction stays open.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    writeSync(2, 'not killed while paused\n');
    process.exit(3);
  }
}

// Count every statement run inside the commit transaction (inserts and updates of people, categories,
// posts, the import log) by wrapping the statements this connection prepares.
let inCommit = false;
let writes = 0;
const proto = BetterSqlite3.prototype as unknown as { prepare(sql: string): BetterSqlite3.Statement };
const prepare = proto.prepare;
proto.prepare = function (this: BetterSqlite3.Database, sql: string) {
  const statement = prepare.call(this, sql);
  const run = statement.run;
  (statement as { run: typeof run }).run = function (this: BetterSqlite3.Statement, ...args: unknown[]) {
    const out = run.apply(this, args);
    if (inCommit && ++writes % WRITE_EVERY === 0) marker('write');
    return out;
  } as typeof run;
  return statement;
};

const db = openDatabase(dbFile, { journalMode: mode });
marker('open');
let summary: unknown;
if (process.env.CRASH_KIND === 'training') {
  const fileName = '培训名单.xlsx';
  const file = await readTrainingFile(xlsx, fileName);
  marker('read');
  marker('commit-begin');
  inCommit = true;
  const result = commitTrainingImport(db, file, { courseId: process.env.CRASH_COURSE_ID ?? '', fileName });
  if (!result.ok) {
    writeSync(2, `training import refused: ${result.error.message}\n`);
    process.exit(4);
  }
  summary = { importId: result.data.importId, counts: result.data.counts, writes };
} else {
  let lastRead = 0;
  const report = await importRosterFile(db, xlsx, {
    today: new Date(2025, 5, 1),
    onProgress: (row) => {
      if (row - lastRead >= READ_EVERY) {
        lastRead = row;
        marker('read');
      }
    },
    beforeCommit: () => {
      marker('commit-begin');
      inCommit = true;
    },
  });
  summary = { importId: report.importId, counts: report.preview.counts, writes };
}
inCommit = false;
marker('commit-done');
db.close();
marker('closed');
writeSync(2, `DONE ${JSON.stringify(summary)}\n`);
