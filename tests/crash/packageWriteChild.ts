/**
 * The process the package-write crash test kills: builds the next package from a ledger to an office and writes
 * it with writePackageFile, printing a marker on stderr (synchronous writes) after each step of the write.
 *
 *   tsx tests/crash/packageWriteChild.ts <db> <target> <recipient office id> [pauseStep]
 *
 * Markers: `BYTES <sha256>` (what is about to be written) then `S <step>` for each WriteStep. With `pauseStep`,
 * the child blocks right after that step until the parent's SIGKILL lands. `DONE` when nothing killed it.
 */
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { openDatabase } from '../../src/core/db/open';
import { buildExport } from '../../src/core/sync/exportPackage';
import { writePackageFile } from '../../src/core/sync/packageFile';

const [dbFile, target, recipient, pauseStep] = process.argv.slice(2);
if (!dbFile || !target || !recipient) {
  writeSync(2, 'usage: packageWriteChild.ts <db> <target> <recipient office id> [pauseStep]\n');
  process.exit(2);
}

const db = openDatabase(dbFile);
const built = buildExport(db, { to: recipient, passphrase: null });
db.close();
writeSync(2, `BYTES ${createHash('sha256').update(built.bytes).digest('hex')}\n`);
writePackageFile(target, built.bytes, {
  verify: built.verify,
  afterStep: (step) => {
    writeSync(2, `S ${step}\n`);
    if (step === pauseStep) {
      // Wait for the SIGKILL here, synchronously: nothing else of the write runs.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      writeSync(2, 'not killed while paused\n');
      process.exit(3);
    }
  },
});
writeSync(2, 'DONE\n');
