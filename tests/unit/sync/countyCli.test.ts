import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceEntry } from '../../../src/cli/activities';
import type { ReportEntry } from '../../../src/cli/training';
import { countyOf, seedTown, type SeededTown } from '../../helpers/county';
import type { TestOffice } from '../../helpers/offices';

/** `--office OFFICE_ID` on `ledger training report` and `ledger activities compliance`, on a real county file. */

const BIN = resolve(import.meta.dirname, '../../../bin/ledger.mjs');

function ledgerCli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let towns: SeededTown[];
let county: TestOffice;

beforeAll(() => {
  towns = [seedTown('红旗镇', '110101', 12, 5, 3), seedTown('青山乡', '110102', 8, 6, 1)];
  county = countyOf('青山县', towns);
  // The CLI opens the file itself.
  county.db.close();
});

afterAll(() => {
  for (const t of towns ?? []) t.office.cleanup();
  county?.cleanup();
});

function json<T>(...args: string[]): T {
  const run = ledgerCli(...args, '--db', county.file, '--year', '2026', '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
}

describe('ledger … --office', () => {
  it('training report: one township’s people; without it, both', () => {
    // Each CLI run starts a process: one township filtered, the roll-up, and the sum checked by the unit tests.
    const all = json<ReportEntry[]>('training', 'report');
    const east = json<ReportEntry[]>('training', 'report', '--office', towns[0]!.office.officeId);
    expect(east.every((r) => towns[0]!.people.includes(r.id))).toBe(true);
    expect([east.length, all.length]).toEqual([8, 15]);
    expect(all.filter((r) => towns[0]!.people.includes(r.id))).toEqual(east);
  });

  it('activities compliance: one township’s branch; without it, both', () => {
    const branches = (rows: ComplianceEntry[]) => [...new Set(rows.map((r) => r.partyOrgId))];
    expect(branches(json<ComplianceEntry[]>('activities', 'compliance', '--today', '2026-06-30')).sort()).toEqual(towns.map((t) => t.branchId).sort());
    const west = towns[1]!;
    expect(branches(json<ComplianceEntry[]>('activities', 'compliance', '--today', '2026-06-30', '--office', west.office.officeId))).toEqual([west.branchId]);
  });

  it('refuses an office the file has never heard of, naming the ones it knows', () => {
    const run = ledgerCli('training', 'report', '--db', county.file, '--year', '2026', '--office', 'no-such-office');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('没有编号为“no-such-office”的单位');
    expect(run.stderr).toContain('红旗镇');
  });
});
