import { copyFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/open';
import { buildExport } from '../../../src/core/sync/exportPackage';
import { makeTempDir } from '../../helpers/ledger';
import { introduce, makeOffice, type TestOffice } from '../../helpers/offices';
import { seedTownship } from '../../helpers/training';
import { asKillPoints, killCampaign, pick, type ChildRun, type KillPoint, type Mode } from '../../crash/killHarness';

/**
 * Issue 7 item 1 for packages: a package import of about 2,000 changes runs in a child process
 * (tests/crash/packageImportChild.ts, the core's importPackage) and is killed with SIGKILL at 40 seeded points per
 * journal mode — right after it opens, once the package is checked, inside the one import transaction, after the
 * commit — in WAL and in rollback-journal mode. After every kill the file passes `PRAGMA integrity_check` and
 * holds either exactly the state before the import (every row of every table, change_log, office and sync_*
 * included) or the state an import that was not killed produced (every row equal once the fresh import id and
 * timestamps are masked). Most points pause the child right after a marker; the rest kill it a seeded few
 * milliseconds after one while it runs on. CRASH_SEED=<seed> replays the points.
 */

const POINTS_PER_MODE = Number(process.env.CRASH_POINTS ?? 40);
const CHILD = resolve(import.meta.dirname, '../../crash/packageImportChild.ts');
const CHILD_TIMEOUT_MS = 120_000;

let temp: ReturnType<typeof makeTempDir>;
let packageFile = '';
let opCount = 0;
const templates: Partial<Record<Mode, string>> = {};

beforeAll(() => {
  temp = makeTempDir();
  let town: TestOffice | null = null;
  let county: TestOffice | null = null;
  try {
    town = makeOffice('红旗镇');
    county = makeOffice('青山县');
    introduce(town, county);
    seedTownship(town, 4, 100);
    // Two rounds of edits to every person: field versions that replace earlier ones, as real work makes them.
    town.db.exec("UPDATE people SET note = '第一次核对'");
    town.db.exec("UPDATE people SET note = '第二次核对', phone = '137' || substr(phone, 4)");
    town.db.exec("UPDATE people SET post = '村务监督委员' WHERE rowid % 3 = 0");
    const built = buildExport(town.db, { to: county.officeId, passphrase: null });
    opCount = built.manifest.opCount;
    packageFile = join(temp.dir, '红旗镇_致_青山县.ledgerpkg');
    writeFileSync(packageFile, built.bytes);
    county.db.close();
    for (const mode of ['wal', 'delete'] as const) {
      templates[mode] = join(temp.dir, `template-${mode}.sqlite`);
      copyFileSync(county.file, templates[mode]);
      openDatabase(templates[mode], { journalMode: mode }).close();
    }
  } finally {
    town?.cleanup();
    county?.cleanup();
  }
}, 120_000);

afterAll(() => temp?.cleanup());

/** Spread over the run: a few before the transaction, most inside it, some after the commit. */
function killPoints(markers: ChildRun['markers'], random: () => number, count: number): KillPoint[] {
  const of = (phases: string[]) => markers.filter((m) => phases.includes(m.phase));
  const nBefore = Math.max(1, Math.round(count * 0.15));
  const nAfter = Math.max(1, Math.round(count * 0.15));
  const chosen = [...pick(of(['open', 'checked']), nBefore, random), ...pick(of(['write']), count - nBefore - nAfter, random), ...pick(of(['commit-done', 'closed']), nAfter, random)];
  return asKillPoints(chosen, random, 0.3, 30);
}

describe('a package import killed with SIGKILL', () => {
  for (const mode of ['wal', 'delete'] as const) {
    it(`leaves all of it or none, never a damaged file (${mode === 'wal' ? 'WAL' : 'rollback journal'}, ${POINTS_PER_MODE} seeded points)`, async () => {
      expect(opCount).toBeGreaterThan(1_900);
      await killCampaign({
        label: 'package',
        mode,
        dir: temp.dir,
        child: CHILD,
        childArgs: [packageFile, mode],
        childTimeoutMs: CHILD_TIMEOUT_MS,
        template: templates[mode]!,
        points: POINTS_PER_MODE,
        salt: mode === 'wal' ? 0x2545f491 : 0x6c8e9cf5,
        batchTable: 'sync_imports',
        choosePoints: killPoints,
        minInside: Math.floor(POINTS_PER_MODE / 3),
        checkReference: (before, after, stderr) => {
          expect(stderr).toMatch(/DONE \{"created":\d{3,}/);
          expect(after.change_log! - before.change_log!).toBe(opCount);
        },
      });
    }, 600_000);
  }
});
