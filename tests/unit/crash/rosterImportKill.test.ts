import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/open';
import { importRosterFile } from '../../../src/core/import/importFile';
import { createLedgerApi } from '../../../src/core/api';
import { CLEAN_HEADERS, cleanPerson, writeSimpleRoster } from '../../fixtures/buildRosterWorkbooks';
import { writeParticipantList } from '../training/excelFixtures';
import { idFor } from '../../fixtures/ids';
import { makeTempDir } from '../../helpers/ledger';
import { asKillPoints, killCampaign, maskFresh, pick, type Campaign, type ChildRun, type KillPoint, type Mode } from '../../crash/killHarness';

/**
 * Crash safety, proven: a roster import runs in a child process (tests/crash/importChild.ts, the core's own
 * import path) and is killed with SIGKILL at 40 seeded points per journal mode — while the workbook streams in,
 * inside the one commit transaction, and right after it — in WAL and in rollback-journal mode. After every kill
 * the file passes `PRAGMA integrity_check`, and holds either exactly the state before the import (every row of
 * every table equal) or exactly the state a run that was not killed produced (every row equal once the fresh
 * UUIDs and timestamps are masked). Nothing in between. A training participant import (readTrainingFile +
 * commitTrainingImport, enrolling 800 people in a course) gets the same treatment at fewer points.
 *
 * Kill points are deterministic: the child prints numbered markers (synchronous writes) and, for most points,
 * blocks right after the chosen marker until the SIGKILL arrives; the rest are killed a seeded few milliseconds
 * after a marker without pausing, so some kills also land mid-write or mid-fsync. The seed is printed;
 * CRASH_SEED=<seed> replays the same points. Budget: about 110 child processes of 1–2 s CPU each, two at a
 * time, so roughly 1½–2 minutes on an idle 2-core machine.
 */

const ROWS = 1_600;
/** People already in the ledger before the import: the import updates them (new phone numbers). */
const EXISTING = 250;
const POINTS_PER_MODE = 40;
/** The training importer is killed at fewer points: it shares the journal machinery already proven above. */
const TRAINING_POINTS_PER_MODE = 10;
const TRAINING_ROWS = 800;
const CHILD = resolve(import.meta.dirname, '../../crash/importChild.ts');
/** A safety net only (a busy CI machine can be slow): every child is normally killed or done within seconds. */
const CHILD_TIMEOUT_MS = 90_000;
const TODAY = new Date(2025, 5, 1);

// The change log's hybrid logical clock reads the wall clock too.
const CLOCK = /"hlc":\d+/g;
const mask = (row: string) => maskFresh(row).replace(CLOCK, '"hlc":<clock>');

/** A messy village workbook: title rows, header synonyms, mixed date forms, bad rows, blank rows, a footer. */
async function writeBigMessyRoster(path: string): Promise<void> {
  const rows: (string | number | null)[][] = [['序号', '姓  名', '性别', '民族', '出生\n年月', '公民身份号码', '政治面貌', '入党\n时间', '文化程度', '现任职务', '所在村（社区）', '联系电话']];
  expect(rows[0]!.length).toBe(CLEAN_HEADERS.length);
  for (let i = 0; i < ROWS; i++) {
    const row: (string | number | null)[] = [...cleanPerson(i)];
    if (i < EXISTING) row[11] = `137${String(i).padStart(8, '0')}`; // an update for the people already there
    if (i % 5 === 1) row[4] = `${String(row[4]).slice(0, 4)}年${Number(String(row[4]).slice(5, 7))}月`;
    if (i % 7 === 2) row[11] = `${String(row[11]).slice(0, 3)} ${String(row[11]).slice(3, 7)} ${String(row[11]).slice(7)}`;
    if (i % 11 === 3 && row[6] === '中共党员') row[6] = '党员';
    if (i % 97 === 5) row[5] = `${String(row[5]).slice(0, 17)}${String(row[5]).endsWith('0') ? '1' : '0'}`; // bad checksum: rejected
    if (i % 131 === 7) row[1] = null; // no name: rejected
    rows.push(row);
    if (i % 250 === 249) rows.push([]); // blank rows between blocks
  }
  rows.push(['制表人：张三        审核人：李四']);
  await writeSimpleRoster(path, rows, { sheet: '花名册', titleRows: ['红旗镇村干部花名册', '填报单位：红旗镇党委（盖章）'] });
}

/** The people already in the ledger: the first EXISTING of the workbook, with their old phone numbers. */
async function writeExistingRoster(path: string): Promise<void> {
  const rows: (string | number | null)[][] = [CLEAN_HEADERS];
  for (let i = 0; i < EXISTING; i++) rows.push(cleanPerson(i));
  rows.push(['张三', '男', '汉族', '1970.02', idFor('19700203', 11)].map(String));
  await writeSimpleRoster(path, rows);
}

let temp: ReturnType<typeof makeTempDir>;
let xlsx: string;
let trainingXlsx: string;
const courseIds: Partial<Record<Mode, string>> = {};

beforeAll(async () => {
  temp = makeTempDir();
  xlsx = join(temp.dir, '红旗镇村干部花名册.xlsx');
  await writeBigMessyRoster(xlsx);
  const existing = await writeExistingRoster(join(temp.dir, 'existing.xlsx')).then(() => join(temp.dir, 'existing.xlsx'));
  trainingXlsx = join(temp.dir, '培训名单.xlsx');
  const participants: (string | null)[][] = [];
  for (let i = 0; participants.length < TRAINING_ROWS; i++) {
    if (i % 97 === 5 || i % 131 === 7) continue; // rows the roster import rejects
    const p = cleanPerson(i);
    participants.push([String(p[1]), String(p[5]), String(p[10]), String(p[11])]);
  }
  await writeParticipantList(trainingXlsx, participants);
  for (const mode of ['wal', 'delete'] as const) {
    const db = openDatabase(join(temp.dir, `template-${mode}.sqlite`), { journalMode: mode });
    await importRosterFile(db, existing, { today: TODAY });
    db.close();
    // The training template: the whole roster in, and a course to enrol its people in.
    copyFileSync(join(temp.dir, `template-${mode}.sqlite`), join(temp.dir, `template-training-${mode}.sqlite`));
    const training = openDatabase(join(temp.dir, `template-training-${mode}.sqlite`), { journalMode: mode });
    await importRosterFile(training, xlsx, { today: TODAY });
    const course = await createLedgerApi(training).saveCourse({ name: '2026年村干部集中轮训班', kind: '集中轮训', organizer: '中共红旗镇委员会', location: '镇党校', startDate: '2026-03-02', endDate: '2026-03-03' } as never);
    if (!course.ok) throw new Error(course.error.message);
    courseIds[mode] = course.data.id;
    training.close();
  }
}, 120_000);

afterAll(() => temp?.cleanup());

/** Picks the kill points from a reference run's markers: spread over reading, the transaction, and after commit. */
function killPoints(markers: ChildRun['markers'], random: () => number, count: number): KillPoint[] {
  const byPhase = (phases: string[]) => markers.filter((m) => phases.includes(m.phase));
  const reading = byPhase(['open', 'read']);
  const committing = byPhase(['commit-begin', 'write']);
  const after = byPhase(['commit-done', 'closed']);
  const nRead = Math.round(count * 0.3);
  const nCommit = Math.round(count * 0.5);
  const nAfter = Math.max(1, Math.round(count * 0.1));
  const chosen = [...pick(reading, nRead, random), ...pick(committing, nCommit, random), ...pick(after, nAfter, random), ...pick([...reading, ...committing, ...after], count - nRead - nCommit - nAfter, random)];
  return asKillPoints(chosen, random, 0.35, 25);
}

/** One import, run once for reference, then killed at seeded points: see killCampaign. */
function campaign(label: 'roster' | 'training', mode: Mode, c: Pick<Campaign, 'template' | 'points' | 'env' | 'checkReference'> & { xlsx: string }): Promise<void> {
  return killCampaign({
    label,
    mode,
    dir: temp.dir,
    child: CHILD,
    childArgs: [c.xlsx, mode],
    env: c.env,
    childTimeoutMs: CHILD_TIMEOUT_MS,
    template: c.template,
    points: c.points,
    salt: (mode === 'wal' ? 0x9e3779b9 : 0x7f4a7c15) ^ (label === 'roster' ? 0 : 0x1234567),
    examine: { skipTables: 'people_fts_%', fts: true },
    mask,
    batchTable: 'import_batches',
    choosePoints: killPoints,
    minInside: Math.floor(c.points / 4),
    checkReference: c.checkReference,
  });
}

describe('a roster import killed with SIGKILL', () => {
  for (const mode of ['wal', 'delete'] as const) {
    it(`leaves all of it or none, never a damaged file (${mode === 'wal' ? 'WAL' : 'rollback journal'}, ${POINTS_PER_MODE} seeded points)`, async () => {
      await campaign('roster', mode, {
        template: join(temp.dir, `template-${mode}.sqlite`),
        xlsx,
        points: POINTS_PER_MODE,
        checkReference: (before, after, stderr) => {
          // The import did real work: created and updated people, logged every change, in one batch.
          expect(after.people! - before.people!).toBeGreaterThan(ROWS - EXISTING - 100);
          expect(after.import_changes! - before.import_changes!).toBeGreaterThan(ROWS - 100);
          expect(stderr).toMatch(/"updated":\d{3}/);
        },
      });
    }, 900_000);
  }
});

describe('a training participant import killed with SIGKILL', () => {
  for (const mode of ['wal', 'delete'] as const) {
    it(`leaves all of it or none (${mode === 'wal' ? 'WAL' : 'rollback journal'}, ${TRAINING_POINTS_PER_MODE} seeded points)`, async () => {
      await campaign('training', mode, {
        template: join(temp.dir, `template-training-${mode}.sqlite`),
        xlsx: trainingXlsx,
        points: TRAINING_POINTS_PER_MODE,
        env: { CRASH_KIND: 'training', CRASH_COURSE_ID: courseIds[mode]! },
        checkReference: (before, after) => {
          expect(after.enrolments! - before.enrolments!).toBe(TRAINING_ROWS);
          expect(after.import_changes! - before.import_changes!).toBeGreaterThanOrEqual(TRAINING_ROWS);
        },
      });
    }, 900_000);
  }
});
