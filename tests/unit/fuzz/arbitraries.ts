import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { createLedgerApi } from '../../../src/core/api';
import { openDatabase } from '../../../src/core/db/open';
import { contract, METHODS, type LedgerHandlers, type Method } from '../../../src/shared/contract';
import { CJK } from '../../helpers/cjk';
import { REF_IDS } from '../../fixtures/ids';

/**
 * Shared pieces of the fuzz tests: arbitrary inputs (anything at all, and near-valid ones built from each
 * method's own zod schema: the right keys with wrong, edge or hostile values), a checker that the answer is a
 * typed Result, and a ledger whose backup folder and USB target stay inside the temp dir.
 */

export const ERROR_CODES = ['VALIDATION', 'NOT_FOUND', 'DUPLICATE', 'CONFLICT', 'FORBIDDEN', 'UNKNOWN_CHANNEL', 'INTERNAL'];

/** FUZZ_SEED=<n> replays a run; otherwise fast-check picks a seed and prints it on failure. */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
export const fuzzParams = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }) });

const edgeStrings = fc.constantFrom(
  '',
  ' ',
  '张三',
  '2024-01-01',
  '1980-13-45',
  '0000-00-00',
  REF_IDS.man1980,
  `${REF_IDS.man1980.slice(0, 17)}X`,
  '中共党员',
  'preview',
  'commit',
  'xlsx',
  'csv',
  'all',
  '男',
  '\u0000',
  '\u202e',
  '=HYPERLINK("http://x")',
  '../../../etc/passwd',
  'C:\\Windows\\System32',
  '__proto__',
  'constructor',
  "'; DROP TABLE people; --",
  'a'.repeat(5000),
  '00000000-0000-0000-0000-000000000000',
  'UEsDBBQAAAAIAA==',
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  edgeStrings,
  fc.uuid(),
  fc.integer(),
  fc.constantFrom(0, -1, 1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e308, -0, 0.5),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

export const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('id', 'name', '__proto__')), leaf, { maxKeys: 3 }) },
);

/** The top-level keys a method's input schema accepts (zod 4 objects expose `shape`). */
export function schemaKeys(method: Method): string[] {
  const schema = contract[method].input as unknown as { shape?: Record<string, unknown>; def?: { in?: { shape?: Record<string, unknown> } } };
  return Object.keys(schema.shape ?? schema.def?.in?.shape ?? {});
}

/** The right keys with arbitrary values, some left out, sometimes one extra key. */
export function nearValid(method: Method): fc.Arbitrary<unknown> {
  const keys = schemaKeys(method);
  const record = fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] });
  return fc.oneof(record, fc.tuple(record, fc.string({ maxLength: 6 }), leaf).map(([r, k, v]) => ({ ...r, [k]: v })));
}

/** Anything at all, or near-valid. */
export function inputFor(method: Method): fc.Arbitrary<unknown> {
  return fc.oneof(fc.anything({ maxDepth: 3 }), nearValid(method), nearValid(method));
}

/**
 * Methods that can lock the app: once locked, every later call is refused, so the rest of a run would fuzz
 * nothing. They are fuzzed last in the per-method run and left out of the random-channel runs.
 */
export const LOCKING_METHODS: readonly string[] = ['setLockPassword', 'setLockIdleMinutes', 'lock'];
export const METHODS_LOCKING_LAST = [...METHODS.filter((m) => !LOCKING_METHODS.includes(m)), ...METHODS.filter((m) => LOCKING_METHODS.includes(m))];
export const methodArb = fc.constantFrom(...METHODS.filter((m) => !LOCKING_METHODS.includes(m)));

/** A typed Result: ok with data, or a known error code with a Chinese message. */
export function expectTypedResult(result: unknown, where: string): void {
  expect(typeof result, where).toBe('object');
  expect(result, where).not.toBeNull();
  const r = result as { ok: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) {
    expect('data' in r, where).toBe(true);
    return;
  }
  expect(r.ok, where).toBe(false);
  expect(ERROR_CODES, where).toContain(r.error?.code);
  expect(typeof r.error?.message, where).toBe('string');
  expect(r.error!.message as string, where).toMatch(CJK);
}

export function integrityOk(db: Database): string {
  return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
}

export interface FuzzLedger {
  db: Database;
  api: LedgerHandlers;
  /** Errors the core logged: each is an exception a handler threw (answered as INTERNAL). */
  logged: unknown[];
  close(): void;
}

/**
 * A real ledger for fuzzing. The backup folder and staging folder are inside `dir`, and `backupTo`'s folder
 * (which the main process fills from a save dialog, never the page) is pinned inside `dir` too, so random
 * strings cannot write files elsewhere on this machine.
 */
export function fuzzLedger(dir: string): FuzzLedger {
  const db = openDatabase(join(dir, 'ledger.sqlite'));
  const logged: unknown[] = [];
  const api = createLedgerApi(db, { stagingDir: join(dir, 'staging'), backup: { dir: join(dir, 'backups'), log: (_m, e) => e && logged.push(e) } });
  const backupTo = api.backupTo;
  api.backupTo = (input) => backupTo({ ...input, ...(input.folder === undefined ? {} : { folder: join(dir, 'usb', input.folder.replace(/[^\p{L}\p{N}_-]/gu, '_').slice(0, 40) || 'x') }) });
  return { db, api, logged, close: () => db.close() };
}
