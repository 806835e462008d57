import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageImport } from '../../../src/cli/packages';
import { CliError } from '../../../src/cli/output';
import { buildExport } from '../../../src/core/sync/exportPackage';
import { selfKeys } from '../../../src/core/sync/officeKeys';
import { PACKAGE_EXTENSION, readManifest } from '../../../src/core/sync/packageFormat';
import { PackageWriteError, writePackageFile, type WriteStep } from '../../../src/core/sync/packageFile';
import { makeTempDir, syntheticId } from '../../helpers/ledger';
import { openDatabase } from '../../../src/core/db/open';
import { importInto, introduce, makeOffice, syncedState, type TestOffice } from '../../helpers/offices';
import { seedTownship } from '../../helpers/training';

/**
 * Issue 6: a crash at every step of writing a package never leaves a file under the real name that verifies but is
 * wrong. For every WriteStep of writePackageFile, the write is (a) stopped by an exception at that step in-process
 * and (b) killed with SIGKILL at that step in a child process (tests/crash/packageWriteChild.ts). Afterwards the
 * destination either does not exist (or still holds the older package it held, byte for byte) or is the complete
 * new package: exactly the bytes meant, signed, and importing to the sender's data. A leftover `.part` is never
 * named like a package and `ledger package import` refuses it.
 */

const STEPS: WriteStep[] = ['temp-opened', 'temp-written', 'temp-synced', 'renamed', 'dir-synced', 'verified'];
const CHILD = resolve(import.meta.dirname, '../../crash/packageWriteChild.ts');

let town: TestOffice;
let county: TestOffice;
let temp: ReturnType<typeof makeTempDir>;
let expectedState: Record<string, unknown[]>;
let townSignKey = '';
/** An older package from the town, already on the stick under the name the new one will take. */
let older: Buffer;

beforeAll(() => {
  temp = makeTempDir();
  town = makeOffice('红旗镇');
  county = makeOffice('青山县');
  introduce(town, county);
  seedTownship(town, 1, 4);
  older = buildExport(town.db, { to: county.officeId, passphrase: null }).bytes;
  town.must('savePerson', { name: '后来的', idNumber: syntheticId('19900101', '012') });
  expectedState = syncedState(town);
  townSignKey = selfKeys(town.db).card.signKey;
}, 60_000);

afterAll(() => {
  for (const o of [town, county]) o?.cleanup();
  temp?.cleanup();
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A throwaway copy of the county's ledger (made on the county's own connection) imports the file: it must then hold the town's data. */
function importsToTheTownsData(bytes: Buffer): void {
  readManifest(bytes, { registeredSignKey: () => townSignKey });
  const copy = makeTempDir();
  try {
    const file = join(copy.dir, 'county.sqlite');
    county.db.prepare('VACUUM INTO ?').run(file);
    const db = openDatabase(file);
    try {
      const office = { db } as TestOffice;
      importInto(office, bytes);
      expect(syncedState(office)).toEqual(expectedState);
    } finally {
      db.close();
    }
  } finally {
    copy.cleanup();
  }
}

/** The destination after a stopped write: absent, the older package untouched, or exactly the new one. */
function checkDestination(target: string, meant: string, options: { olderThere: boolean }): 'absent' | 'older' | 'new' {
  const dir = resolve(target, '..');
  for (const name of readdirSync(dir)) {
    // Whatever else is in the folder is never named like a package: only the real name is.
    if (name !== basename(target)) expect(name.endsWith(PACKAGE_EXTENSION), `${name} looks like a package`).toBe(false);
  }
  if (!existsSync(target)) {
    expect(options.olderThere, 'the older package was lost').toBe(false);
    return 'absent';
  }
  const bytes = readFileSync(target);
  if (options.olderThere && bytes.equals(older)) return 'older';
  expect(sha(bytes), 'a file under the real name that is not the package meant').toBe(meant);
  importsToTheTownsData(bytes);
  return 'new';
}

async function partIsRefused(part: string): Promise<void> {
  await expect(packageImport({ db: county.file, file: part, json: true })).rejects.toThrow(CliError);
  await expect(packageImport({ db: county.file, file: part, json: true })).rejects.toThrow(/未写完的临时文件/);
}

describe('writePackageFile stopped by an exception at each step', () => {
  for (const olderThere of [false, true]) {
    for (const step of STEPS) {
      it(`after ${step}${olderThere ? ', over an older package' : ''}: nothing, ${olderThere ? 'the older package, ' : ''}or the whole new package`, async () => {
        const dir = join(temp.dir, `throw-${step}-${olderThere ? 'over' : 'fresh'}`);
        mkdirSync(dir);
        const target = join(dir, '红旗镇_致_青山县.ledgerpkg');
        if (olderThere) writeFileSync(target, older);
        const built = buildExport(town.db, { to: county.officeId, passphrase: null });
        expect(() =>
          writePackageFile(target, built.bytes, {
            verify: built.verify,
            afterStep: (s) => {
              if (s === step) throw new Error(`simulated crash after ${s}`);
            },
          }),
        ).toThrow(`simulated crash after ${step}`);
        const outcome = checkDestination(target, sha(built.bytes), { olderThere });
        // Before the rename the real name is untouched and the temp file is cleaned up; from the rename on, it is the new package.
        const beforeRename = STEPS.indexOf(step) < STEPS.indexOf('renamed');
        expect(outcome).toBe(beforeRename ? (olderThere ? 'older' : 'absent') : 'new');
        expect(existsSync(`${target}.part`)).toBe(false);
      }, 60_000);
    }
  }

  it('a stick that lies about what it stored: the read-back catches it and the file is removed', () => {
    const dir = join(temp.dir, 'lying-stick');
    mkdirSync(dir);
    const target = join(dir, '红旗镇_致_青山县.ledgerpkg');
    const built = buildExport(town.db, { to: county.officeId, passphrase: null });
    expect(() =>
      writePackageFile(target, built.bytes, {
        verify: built.verify,
        afterStep: (s) => {
          if (s === 'dir-synced') truncateSync(target, built.bytes.length - 10);
        },
      }),
    ).toThrow(PackageWriteError);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

interface Killed {
  signal: NodeJS.Signals | null;
  code: number | null;
  meant: string | null;
  steps: string[];
  stderr: string;
}

function runChild(target: string, pauseStep: WriteStep): Promise<Killed> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, town.file, target, county.officeId, pauseStep], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const run: Killed = { signal: null, code: null, meant: null, steps: [], stderr: '' };
    let pending = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      run.stderr += chunk;
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.startsWith('BYTES ')) run.meant = line.slice(6);
        if (line.startsWith('S ')) {
          run.steps.push(line.slice(2));
          if (line.slice(2) === pauseStep) child.kill('SIGKILL');
        }
      }
    });
    child.on('error', failed);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ ...run, code, signal });
    });
  });
}

describe('writePackageFile killed with SIGKILL at each step (a child process)', () => {
  it(`leaves nothing, the older package, or the whole new package, for all ${STEPS.length} steps`, async () => {
    // The town's file is shared with the child: close it here meanwhile (the child only reads it).
    town.db.close();
    try {
      const cases = STEPS.flatMap((step, i) => [{ step, olderThere: i % 2 === 0 }]);
      const results: { step: WriteStep; outcome: string; part: boolean }[] = [];
      // Two children at a time: each one starts a TypeScript runtime.
      for (let i = 0; i < cases.length; i += 2) {
        const batch = cases.slice(i, i + 2);
        const runs = await Promise.all(
          batch.map(async ({ step, olderThere }) => {
            const dir = join(temp.dir, `kill-${step}`);
            mkdirSync(dir);
            const target = join(dir, '红旗镇_致_青山县.ledgerpkg');
            if (olderThere) writeFileSync(target, older);
            return { step, olderThere, target, run: await runChild(target, step) };
          }),
        );
        for (const { step, olderThere, target, run } of runs) {
          expect(run.signal, `${step}: ${run.stderr.slice(-300)}`).toBe('SIGKILL');
          expect(run.steps.at(-1)).toBe(step);
          const part = `${target}.part`;
          const hasPart = existsSync(part);
          // The temp file exists only from its opening to the rename.
          expect(hasPart, step).toBe(STEPS.indexOf(step) < STEPS.indexOf('renamed'));
          if (hasPart) await partIsRefused(part);
          const outcome = checkDestination(target, run.meant!, { olderThere });
          expect(outcome, step).toBe(STEPS.indexOf(step) < STEPS.indexOf('renamed') ? (olderThere ? 'older' : 'absent') : 'new');
          results.push({ step, outcome, part: hasPart });
        }
      }
      console.log(`package write killed: ${results.map((r) => `${r.step} → ${r.outcome}${r.part ? ' (+ .part, refused)' : ''}`).join('; ')}`);
    } finally {
      if (!town.db.open) town.reopen();
    }
  }, 240_000);
});
