/**
 * The crash tests' harness: run a child (tests/crash/*Child.ts) that prints numbered markers, kill it with SIGKILL
 * at chosen markers, and check that every killed ledger file passes `PRAGMA integrity_check` and holds exactly the
 * state before the import or exactly the state a run that was not killed produced. Nothing in between.
 */
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { seededRandom, suiteSeed } from '../helpers/seededRandom';

export type Mode = 'wal' | 'delete';
export type Dump = Record<string, string[]>;

/** CRASH_SEED=<seed> replays the kill points of a run that printed it. */
export const SEED = suiteSeed('CRASH_SEED') >>> 0;

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  markers: { n: number; phase: string }[];
  stderr: string;
}

export interface KillPoint {
  marker: number;
  phase: string;
  /** 'pause': the child blocks after the marker until killed; 'delay': killed this many ms after it, running on. */
  kind: 'pause' | 'delay';
  delayMs: number;
}

/** Runs `tsx child ...args`; with a point, kills it with SIGKILL at that marker (`timeoutMs` is a safety net only). */
export function runChild(child: string, args: string[], point: KillPoint | undefined, options: { env?: Record<string, string>; timeoutMs: number }): Promise<ChildRun> {
  return new Promise((done, failed) => {
    const argv = ['--import', 'tsx', child, ...args];
    if (point?.kind === 'pause') argv.push(String(point.marker));
    const proc = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env, NODE_OPTIONS: '' } });
    const markers: ChildRun['markers'] = [];
    let stderr = '';
    let pending = '';
    let killing = false;
    const timer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs);
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => {
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
          if (point.kind === 'pause') proc.kill('SIGKILL');
          else setTimeout(() => proc.kill('SIGKILL'), point.delayMs);
        }
      }
    });
    proc.on('error', failed);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, markers, stderr });
    });
  });
}

export interface ExamineOptions {
  /** Tables left out of the dump (a LIKE pattern), e.g. an FTS index's shadow tables. */
  skipTables?: string;
  /** Also run the people_fts index's own integrity check. */
  fts?: boolean;
}

export interface Examined {
  integrity: string;
  /** 'ok', or what the FTS integrity check said ('ok' too when it was not asked for). */
  fts: string;
  dump: Dump;
}

/** integrity_check and every row of every table as JSON in a stable order, opened the way the app opens it (a hot journal is rolled back). */
export function examine(file: string, options: ExamineOptions = {}): Examined {
  const db = new BetterSqlite3(file);
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    let fts = 'ok';
    if (options.fts) {
      try {
        db.prepare("INSERT INTO people_fts (people_fts) VALUES ('integrity-check')").run();
      } catch (error) {
        fts = error instanceof Error ? error.message : String(error);
      }
    }
    const skip = options.skipTables === undefined ? '' : ' AND name NOT LIKE ?';
    const tables = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'${skip} ORDER BY name`)
      .pluck()
      .all(...(options.skipTables === undefined ? [] : [options.skipTables])) as string[];
    const dump: Dump = {};
    for (const table of tables) dump[table] = db.prepare(`SELECT * FROM "${table}"`).all().map((row) => JSON.stringify(row)).sort();
    return { integrity, fts, dump };
  } finally {
    db.close();
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;

/** Masks what differs between two equal imports: fresh UUIDs and timestamps. */
export function maskFresh(row: string): string {
  return row.replace(UUID, '<uuid>').replace(ISO_TIME, '<time>');
}

/** Per table: the row count and a SHA-256 of its rows, exactly as stored or through `mask`. */
export function fingerprint(dump: Dump, mask?: (row: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [table, rows] of Object.entries(dump)) {
    const lines = mask ? rows.map(mask).sort() : rows;
    out[table] = `${rows.length} rows, ${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}

export function counts(dump: Dump): Record<string, number> {
  return Object.fromEntries(Object.entries(dump).map(([t, rows]) => [t, rows.length]));
}

/** `n` markers drawn from `from`. */
export function pick(from: ChildRun['markers'], n: number, random: () => number): ChildRun['markers'] {
  return Array.from({ length: n }, () => from[Math.floor(random() * from.length)]!);
}

/** The chosen markers as kill points: a share of them killed a few ms after the marker while the child runs on. */
export function asKillPoints(chosen: ChildRun['markers'], random: () => number, delayShare: number, maxDelayMs: number): KillPoint[] {
  return chosen.map((m) => {
    const delay = random() < delayShare;
    return { marker: m.n, phase: m.phase, kind: delay ? 'delay' : 'pause', delayMs: delay ? Math.floor(random() * maxDelayMs) : 0 };
  });
}

export async function pool<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
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

/** Phases before or inside the transaction: a pause there must roll back; a pause at any other phase must keep it all. */
const ROLLED_BACK_PHASES = ['open', 'read', 'checked', 'commit-begin', 'write'];
/** Phases inside the transaction. */
const INSIDE_PHASES = ['commit-begin', 'write'];

export interface Campaign {
  label: string;
  mode: Mode;
  /** Where the reference and killed copies go. */
  dir: string;
  child: string;
  /** The child's arguments after the ledger file (the input, the mode). */
  childArgs: string[];
  env?: Record<string, string>;
  childTimeoutMs: number;
  template: string;
  points: number;
  /** XORed into SEED: each campaign draws its own points. */
  salt: number;
  examine?: ExamineOptions;
  /** Masks what differs between two equal imports; maskFresh when not given. */
  mask?: (row: string) => string;
  /** The table that holds one row per import: a row more means the import is in. */
  batchTable: string;
  choosePoints(markers: ChildRun['markers'], random: () => number, count: number): KillPoint[];
  /** How many kills must land inside the transaction, at least. */
  minInside: number;
  /** Checks that the reference run did real work, given the table counts before and after it. */
  checkReference(before: Record<string, number>, after: Record<string, number>, stderr: string): void;
}

/**
 * One import, run once to the end for reference, then killed at `points` seeded points, each on a fresh copy of
 * the template. Every killed file must pass integrity_check and hold exactly the before or the after state.
 */
export async function killCampaign(c: Campaign): Promise<void> {
  const started = Date.now();
  const seed = (SEED ^ c.salt) >>> 0;
  const mask = c.mask ?? maskFresh;
  console.log(`crash test (${c.label}, ${c.mode}): CRASH_SEED=${SEED} replays these kill points`);
  const before = examine(c.template, c.examine);
  expect(before.integrity).toBe('ok');

  // The reference: the same import, not killed.
  const refFile = join(c.dir, `reference-${c.label}-${c.mode}.sqlite`);
  copyFileSync(c.template, refFile);
  const reference = await runChild(c.child, [refFile, ...c.childArgs], undefined, { env: c.env, timeoutMs: c.childTimeoutMs });
  expect(reference.code, reference.stderr).toBe(0);
  const after = examine(refFile, c.examine);
  expect(after.integrity).toBe('ok');
  const beforeCounts = counts(before.dump);
  const afterCounts = counts(after.dump);
  expect(afterCounts[c.batchTable]).toBe(beforeCounts[c.batchTable]! + 1);
  c.checkReference(beforeCounts, afterCounts, reference.stderr);
  const expectedBefore = fingerprint(before.dump);
  const expectedAfter = fingerprint(after.dump, mask);

  const points = c.choosePoints(reference.markers, seededRandom(seed), c.points);
  const width = Math.max(1, Math.min(2, availableParallelism()));
  const outcomes = await pool(points, width, async (point, i) => {
    const file = join(c.dir, `kill-${c.label}-${c.mode}-${i}.sqlite`);
    copyFileSync(c.template, file);
    const run = await runChild(c.child, [file, ...c.childArgs], point, { env: c.env, timeoutMs: c.childTimeoutMs });
    const where = `CRASH_SEED=${SEED} ${c.label} ${c.mode} point ${i}: ${point.kind} after marker ${point.marker} (${point.phase})${point.kind === 'delay' ? ` +${point.delayMs}ms` : ''}`;
    const killed = run.signal === 'SIGKILL';
    // A delayed kill may come after a short child has finished; a paused child must be killed.
    if (point.kind === 'pause') expect(killed, `${where}: ${run.stderr.slice(-300)}`).toBe(true);
    else expect(killed || run.code === 0, `${where}: ${run.stderr.slice(-300)}`).toBe(true);
    // A kill inside the transaction in rollback-journal mode must leave a hot journal for the next open to roll back.
    if (c.mode === 'delete' && point.kind === 'pause' && point.phase === 'write') expect(existsSync(`${file}-journal`), `${where}: no hot journal`).toBe(true);
    const state = examine(file, c.examine);
    expect(state.integrity, where).toBe('ok');
    expect(state.fts, where).toBe('ok');
    const now = counts(state.dump);
    let outcome: 'none' | 'all';
    if (now[c.batchTable] === beforeCounts[c.batchTable]) {
      outcome = 'none';
      expect(fingerprint(state.dump), `${where}: the import is absent, so nothing may have changed`).toEqual(expectedBefore);
    } else {
      outcome = 'all';
      expect(now, where).toEqual(afterCounts);
      expect(fingerprint(state.dump, mask), `${where}: the import is present, so all of it`).toEqual(expectedAfter);
    }
    return { point, outcome, killed };
  });

  const none = outcomes.filter((o) => o.outcome === 'none').length;
  const all = outcomes.filter((o) => o.outcome === 'all').length;
  const inside = outcomes.filter((o) => o.killed && INSIDE_PHASES.includes(o.point.phase)).length;
  console.log(
    `crash test (${c.label}, ${c.mode}): ${points.length} kills, ${none} left the ledger as before, ${all} with the whole import, ${inside} inside the transaction; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  // Every pause before or inside the transaction must have rolled back; every pause after commit-done must have kept it.
  for (const o of outcomes) {
    if (o.point.kind !== 'pause') continue;
    expect(o.outcome, `marker ${o.point.marker} ${o.point.phase}`).toBe(ROLLED_BACK_PHASES.includes(o.point.phase) ? 'none' : 'all');
  }
  expect(inside).toBeGreaterThanOrEqual(c.minInside);
}
