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
import { openDatabase } from '../../src/core/db/open';
import { importRosterFile } from '../../src/core/import/importFile';
import { commitTrainingImport } from '../../src/core/training/excel/commitImport';
import { readTrainingFile } from '../../src/core/training/excel/readTrainingFile';
import { childMarkers } from './childMarkers';

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

const { marker, startWrites, stopWrites, writes } = childMarkers(pauseAt, WRITE_EVERY);

const db = openDatabase(dbFile, { journalMode: mode });
marker('open');
let summary: unknown;
if (process.env.CRASH_KIND === 'training') {
  const fileName = '培训名单.xlsx';
  const file = await readTrainingFile(xlsx, fileName);
  marker('read');
  marker('commit-begin');
  startWrites();
  const result = commitTrainingImport(db, file, { courseId: process.env.CRASH_COURSE_ID ?? '', fileName });
  if (!result.ok) {
    writeSync(2, `training import refused: ${result.error.message}\n`);
    process.exit(4);
  }
  summary = { importId: result.data.importId, counts: result.data.counts, writes: writes() };
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
      startWrites();
    },
  });
  summary = { importId: report.importId, counts: report.preview.counts, writes: writes() };
}
stopWrites();
marker('commit-done');
db.close();
marker('closed');
writeSync(2, `DONE ${JSON.stringify(summary)}\n`);
