import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../src/core/db/open';
import { updateSelfOffice } from '../src/core/office/officeRepo';
import { buildExport, recordExport } from '../src/core/sync/exportPackage';
import { importPackage } from '../src/core/sync/importPackage';
import { registerOffice, selfKeys } from '../src/core/sync/officeKeys';
import { writePackageFile } from '../src/core/sync/packageFile';
import { seedPeople } from '../tests/e2e/seed';
import { row, timeMs, type BenchRow } from './types';

/**
 * Issue 6: a package of 100,000 changes (half people inserted, half a field edited on each of them), all captured
 * by migration 6's triggers. Export (build + write to disk with fsync and read-back) is timed beside `VACUUM INTO`
 * of the same file; the import into an empty office beside copying that vacuumed file in and checking it; the
 * re-import of the same package (which must change nothing) beside the first import; the package size beside the
 * database's. BENCH_CHANGES sets the count (even).
 */

const CHANGES = Number(process.env.BENCH_CHANGES ?? 100_000);
const PEOPLE = Math.floor(CHANGES / 2);
const RUNS = 3;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function office(dir: string, name: string): Database {
  const db = openDatabase(join(dir, `${name}.sqlite`));
  updateSelfOffice(db, name, null);
  selfKeys(db);
  return db;
}

/** What an import could change: the synced rows, the log, held changes, conflicts and the import history. */
function fingerprint(db: Database): string {
  return JSON.stringify(
    db
      .prepare(
        `SELECT (SELECT count(*) FROM change_log), (SELECT max(rowid) FROM change_log), (SELECT count(*) FROM people),
           (SELECT sum(rev) FROM people), (SELECT count(*) FROM field_heads), (SELECT count(*) FROM sync_held),
           (SELECT count(*) FROM sync_imports), (SELECT acked FROM office WHERE is_self = 0 LIMIT 1)`,
      )
      .raw()
      .get(),
  );
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-package-'));
  const town = office(dir, '红旗镇');
  const counties: Database[] = [];
  try {
    const insertMs = timeMs(() => seedPeople(town, { count: PEOPLE }));
    // One field edit per person: the update trigger logs one change each.
    const updateMs = timeMs(() => town.transaction(() => town.prepare("UPDATE people SET phone = '138' || substr(phone, 4)").run())());
    const logged = town.prepare('SELECT count(*) FROM change_log').pluck().get() as number;
    console.log(`[package] seeded ${PEOPLE.toLocaleString('en')} people and ${logged.toLocaleString('en')} logged changes (inserts ${(insertMs / 1000).toFixed(1)} s, updates ${(updateMs / 1000).toFixed(1)} s)`);

    const newCounty = (i: number): Database => {
      const county = office(dir, `县委组织部${i}`);
      registerOffice(county, selfKeys(town).card);
      registerOffice(town, selfKeys(county).card);
      counties.push(county);
      return county;
    };
    const target = newCounty(0);
    const targetId = selfKeys(target).card.id;

    // Export: every change the county has not acknowledged, built, written and verified.
    let bytes: Buffer = Buffer.alloc(0);
    let opCount = 0;
    const pkgPath = join(dir, 'out.ledgerpkg');
    const exportTimes: number[] = [];
    const vacuumTimes: number[] = [];
    const vacuumPath = join(dir, 'vacuum.sqlite');
    for (let r = 0; r < RUNS; r++) {
      rmSync(pkgPath, { force: true });
      exportTimes.push(
        timeMs(() => {
          const built = buildExport(town, { to: targetId, passphrase: null });
          writePackageFile(pkgPath, built.bytes, { verify: built.verify });
          bytes = built.bytes;
          opCount = built.manifest.opCount;
        }),
      );
      rmSync(vacuumPath, { force: true });
      vacuumTimes.push(timeMs(() => town.exec(`VACUUM INTO '${vacuumPath}'`)));
    }

    // Import into an empty office, beside bringing the vacuumed copy in and checking it.
    const importTimes: number[] = [];
    const copyTimes: number[] = [];
    let first = null as ReturnType<typeof importPackage> | null;
    for (let r = 0; r < Math.min(RUNS, 2); r++) {
      const county = r === 0 ? target : newCounty(r);
      // A package is addressed to one office: each further county gets its own, with the same changes.
      if (r > 0) {
        const built = buildExport(town, { to: selfKeys(county).card.id, passphrase: null });
        writePackageFile(join(dir, `out${r}.ledgerpkg`), built.bytes, { verify: built.verify });
      }
      const onDisk = readFileSync(r === 0 ? pkgPath : join(dir, `out${r}.ledgerpkg`));
      importTimes.push(timeMs(() => (first = importPackage(county, { bytes: onDisk, fileName: 'out.ledgerpkg', passphrase: null, dryRun: false }))));
      const copy = join(dir, `copy${r}.sqlite`);
      copyTimes.push(
        timeMs(() => {
          copyFileSync(vacuumPath, copy);
          const opened = openDatabase(copy);
          const ok = opened.pragma('integrity_check', { simple: true });
          opened.close();
          if (ok !== 'ok') throw new Error(`copy failed integrity_check: ${String(ok)}`);
        }),
      );
    }
    const summary = first!;
    if (summary.created !== PEOPLE || summary.held !== 0) throw new Error(`first import: ${summary.message}`);
    const people = target.prepare('SELECT count(*) FROM people').pluck().get() as number;
    if (people !== PEOPLE) throw new Error(`county holds ${people} people, not ${PEOPLE}`);

    // Re-import of the same package: nothing may change.
    const before = fingerprint(target);
    let again = null as ReturnType<typeof importPackage> | null;
    const reimportMs = timeMs(() => (again = importPackage(target, { bytes: readFileSync(pkgPath), fileName: 'out.ledgerpkg', passphrase: null, dryRun: false })));
    const changedNothing = fingerprint(target) === before && again!.alreadyImported;
    console.log(`[package] first import: ${summary.message}`);
    console.log(`[package] re-import: ${changedNothing ? 'changed nothing' : 'CHANGED THE DATABASE'} — ${again!.message}`);
    if (!changedNothing) throw new Error('re-import of the same package changed the database');

    // Recorded only now, so every export above carried the same changes.
    recordExport(town, buildExport(town, { to: targetId, passphrase: null }), 'out.ledgerpkg');
    const dbBytes = statSync(join(dir, '红旗镇.sqlite')).size + (statSync(join(dir, '红旗镇.sqlite-wal'), { throwIfNoEntry: false })?.size ?? 0);
    const label = `${opCount.toLocaleString('en')} changes`;
    return [
      row(`export (build + write + verify) median, ${label}`, median(exportTimes), 'ms', 'VACUUM INTO of the same file', median(vacuumTimes)),
      row(`import into an empty office median, ${label}`, median(importTimes), 'ms', 'copy VACUUM INTO file in + integrity_check', median(copyTimes)),
      row(`re-import of the same package (${changedNothing ? 'changed nothing' : 'CHANGED DATA'})`, reimportMs, 'ms', 'first import', median(importTimes)),
      row(`package size, ${label}`, bytes.length / 1e6, 'MB', 'VACUUM INTO file size', statSync(vacuumPath).size / 1e6),
      row(`package size, ${label}`, bytes.length / 1e6, 'MB', 'database file (+ WAL) size', dbBytes / 1e6),
    ];
  } finally {
    town.close();
    for (const c of counties) c.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
