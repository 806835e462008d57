import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/open';
import { importRosterFile } from '../../../src/core/import/importFile';
import { createLedgerApi } from '../../../src/core/api';
import { CLEAN_HEADERS, cleanPerson, writeSimpleRoster } from '../../fixtures/buildRosterWorkbooks';
import { writeParticipantList } from '../training/excelFixtures';
import { idFor } from '../../fixtures/ids';
import { makeTempDir } from '../../helpers/ledger';
import { seededRandom } from '../../helpers/seededRandom';

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

const SEED = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;

type Mode = 'wal' | 'delete';
type Dump = Record<string, string[]>;

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  markers: { n: number; phase: string }[];
  stderr: string;
}

interface KillPoint {
  marker: number;
  phase: string;
  /** 'pause': the child blocks after the marker until killed; 'delay': killed this many ms after it, running on. */
  kind: 'pause' | 'delay';
  delayMs: number;
}

function runChild(db: string, xlsx: string, mode: Mode, point?: KillPoint, env: Record<string, string> = {}): Promise<ChildRun> {
  return new Promise((done, failed) => {
    const args = ['--import', 'tsx', CHILD, db, xlsx, mode];
    if (point?.kind === 'pause') args.push(String(point.marker));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env, NODE_OPTIONS: '' } });
    const markers: ChildRun['markers'] = [];
    let stderr = '';
    let pending = '';
    let killing = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const m = /^M (\d+) (\S+)$/.exec(line);
        if (!m) continue;
        const n = Number(m[1]);
        markers.push({ n, phase: m[2]! });
        if (point && !killing && n === point.marker) {
          killing = true;
          if (point.kind === 'pause') child.kill('SIGKILL');
          else setTimeout(() => child.kill('SIGKILL'), point.delayMs);
        }
      }
    });
    child.on('error', failed);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, markers, stderr });
    });
  });
}

/** Every row of every ordinary table (the FTS index's content included) as JSON, in a stable order. */
function dumpAll(db: BetterSqlite3.Database): Dump {
  const tables = (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'people_fts_%' ORDER BY name").all() as { name: string }[]
  ).map((t) => t.name);
  const dump: Dump = {};
  for (const table of tables) dump[table] = db.prepare(`SELECT * FROM "${table}"`).all().map((row) => JSON.stringify(row)).sort();
  return dump;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;
// The change log's hybrid logical clock reads the wall clock too.
const CLOCK = /"hlc":\d+/g;

/** Per table: the row count and a SHA-256 of its rows, exactly as stored or with the values that differ between two equal imports (fresh UUIDs, timestamps) masked. */
function fingerprint(dump: Dump, mask: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [table, rows] of Object.entries(dump)) {
    const lines = mask ? rows.map((r) => r.replace(UUID, '<uuid>').replace(ISO_TIME, '<time>').replace(CLOCK, '"hlc":<clock>')).sort() : rows;
    out[table] = `${rows.length} rows, ${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}

function counts(dump: Dump): Record<string, number> {
  return Object.fromEntries(Object.entries(dump).map(([t, rows]) => [t, rows.length]));
}

interface Examined {
  integrity: string;
  fts: 'ok' | string;
  dump: Dump;
}

function examine(file: string): Examined {
  const db = new BetterSqlite3(file);
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    let fts = 'ok';
    try {
      db.prepare("INSERT INTO people_fts (people_fts) VALUES ('integrity-check')").run();
    } catch (error) {
      fts = error instanceof Error ? error.message : String(error);
    }
    return { integrity, fts, dump: dumpAll(db) };
  } finally {
    db.close();
  }
}

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
  const pick = (from: typeof markers, n: number) => Array.from({ length: n }, () => from[Math.floor(random() * from.length)]!);
  const nRead = Math.round(count * 0.3);
  const nCommit = Math.round(count * 0.5);
  const nAfter = Math.max(1, Math.round(count * 0.1));
  const chosen = [...pick(reading, nRead), ...pick(committing, nCommit), ...pick(after, nAfter), ...pick([...reading, ...committing, ...after], count - nRead - nCommit - nAfter)];
  return chosen.map((m) => {
    const delay = random() < 0.35;
    return { marker: m.n, phase: m.phase, kind: delay ? 'delay' : 'pause', delayMs: delay ? Math.floor(random() * 25) : 0 };
  });
}

async function pool<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
}

interface Campaign {
  label: string;
  mode: Mode;
  template: string;
  xlsx: string;
  points: number;
  env?: Record<string, string>;
  /** Checks that the reference run did real work, given the table counts before and after it. */
  checkReference(before: Record<string, number>, after: Record<string, number>, stderr: string): void;
}

/**
 * One import, run once to the end for reference, then killed at `points` seeded points, each on a fresh copy of
 * the template. Every killed file must pass integrity_check and hold exactly the before or the after state.
 */
async function killCampaign(c: Campaign): Promise<void> {
  const started = Date.now();
  const seed = (SEED ^ (c.mode === 'wal' ? 0x9e3779b9 : 0x7f4a7c15) ^ (c.label === 'roster' ? 0 : 0x1234567)) >>> 0;
  console.log(`crash test (${c.label}, ${c.mode}): CRASH_SEED=${SEED} replays these kill points`);
  const before = examine(c.template);
  expect(before.integrity).toBe('ok');

  // The reference: the same import, not killed.
  const refFile = join(temp.dir, `reference-${c.label}-${c.mode}.sqlite`);
  copyFileSync(c.template, refFile);
  const reference = await runChild(refFile, c.xlsx, c.mode, undefined, c.env);
  expect(reference.code, reference.stderr).toBe(0);
  const after = examine(refFile);
  expect(after.integrity).toBe('ok');
  const beforeCounts = counts(before.dump);
  const afterCounts = counts(after.dump);
  expect(afterCounts.import_batches).toBe(beforeCounts.import_batches! + 1);
  c.checkReference(beforeCounts, afterCounts, reference.stderr);
  const expectedBefore = fingerprint(before.dump, false);
  const expectedAfter = fingerprint(after.dump, true);

  const points = killPoints(reference.markers, seededRandom(seed), c.points);
  const width = Math.max(1, Math.min(2, availableParallelism()));
  const outcomes = await pool(points, width, async (point, i) => {
    const file = join(temp.dir, `kill-${c.label}-${c.mode}-${i}.sqlite`);
    copyFileSync(c.template, file);
    const run = await runChild(file, c.xlsx, c.mode, point, c.env);
    const where = `CRASH_SEED=${SEED} ${c.label} ${c.mode} point ${i}: ${point.kind} after marker ${point.marker} (${point.phase})${point.kind === 'delay' ? ` +${point.delayMs}ms` : ''}`;
    const killed = run.signal === 'SIGKILL';
    // A delayed kill may come after a short child has finished; a paused child must be killed.
    if (point.kind === 'pause') expect(killed, `${where}: ${run.stderr.slice(-300)}`).toBe(true);
    else expect(killed || run.code === 0, `${where}: ${run.stderr.slice(-300)}`).toBe(true);
    // A kill inside the transaction in rollback-journal mode must leave a hot journal for the next open to roll back.
    const hotJournal = existsSync(`${file}-journal`);
    if (c.mode === 'delete' && point.kind === 'pause' && point.phase === 'write') expect(hotJournal, `${where}: no hot journal`).toBe(true);
    const state = examine(file);
    expect(state.integrity, where).toBe('ok');
    expect(state.fts, where).toBe('ok');
    const now = counts(state.dump);
    let outcome: 'none' | 'all';
    if (now.import_batches === beforeCounts.import_batches) {
      outcome = 'none';
      expect(fingerprint(state.dump, false), `${where}: the import is absent, so nothing may have changed`).toEqual(expectedBefore);
    } else {
      outcome = 'all';
      expect(now, where).toEqual(afterCounts);
      expect(fingerprint(state.dump, true), `${where}: the import is present, so all of it`).toEqual(expectedAfter);
    }
    return { point, outcome, killed };
  });

  const none = outcomes.filter((o) => o.outcome === 'none').length;
  const all = outcomes.filter((o) => o.outcome === 'all').length;
  const killedInCommit = outcomes.filter((o) => o.killed && (o.point.phase === 'write' || o.point.phase === 'commit-begin')).length;
  console.log(
    `crash test (${c.label}, ${c.mode}): ${points.length} kills, ${none} left the ledger as before, ${all} with the whole import, ${killedInCommit} inside the transaction; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  // Every pause before or inside the transaction must have rolled back; every pause after commit-done must have kept it.
  for (const o of outcomes) {
    if (o.point.kind !== 'pause') continue;
    if (['open', 'read', 'commit-begin', 'write'].includes(o.point.phase)) expect(o.outcome, `marker ${o.point.marker} ${o.point.phase}`).toBe('none');
    else expect(o.outcome, `marker ${o.point.marker} ${o.point.phase}`).toBe('all');
  }
  expect(killedInCommit).toBeGreaterThanOrEqual(Math.floor(c.points / 4));
}

describe('a roster import killed with SIGKILL', () => {
  for (const mode of ['wal', 'delete'] as const) {
    it(`leaves all of it or none, never a damaged file (${mode === 'wal' ? 'WAL' : 'rollback journal'}, ${POINTS_PER_MODE} seeded points)`, async () => {
      await killCampaign({
        label: 'roster',
        mode,
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
      await killCampaign({
        label: 'training',
        mode,
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
