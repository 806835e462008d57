import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceEntry } from '../../../src/cli/activities';
import type { ReportEntry } from '../../../src/cli/training';
import { countyOf, seedTown, type SeededTown } from '../../helpers/county';
import type { TestOffice } from '../../helpers/offices';

/**
 * `--office OFFICE_ID` on the reports, the exports and `people list`, on a real county file: one township's records,
 * the exports titled with its name.
 */

const BIN = resolve(import.meta.dirname, '../../../bin/ledger.mjs');

function ledgerCli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let towns: SeededTown[];
let county: TestOffice;
let out: string;

beforeAll(() => {
  towns = [seedTown('红旗镇', '110101', 12, 5, 3), seedTown('青山乡', '110102', 8, 6, 1)];
  county = countyOf('青山县', towns);
  // The CLI opens the file itself.
  county.db.close();
  out = mkdtempSync(join(tmpdir(), 'ledger-county-cli-'));
});

afterAll(() => {
  for (const t of towns ?? []) t.office.cleanup();
  county?.cleanup();
  if (out) rmSync(out, { recursive: true, force: true });
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

  /** Every string cell of the first sheet. */
  async function cellTexts(file: string): Promise<string[]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const texts: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    return texts;
  }

  it('training export-ledger: one township’s people in a workbook titled with its name', async () => {
    const east = towns[0]!;
    const file = join(out, '学时台账.xlsx');
    const exported = json<{ rows: number }>('training', 'export-ledger', file, '--office', east.office.officeId);
    // The report above: 8 of the county's 15 are 红旗镇's.
    expect(exported.rows).toBe(8);
    expect((await cellTexts(file)).some((text) => text.startsWith('红旗镇') && text.includes('学时台账'))).toBe(true);
  });

  it('activities export-compliance: one township’s branch in a workbook titled with its name', async () => {
    const west = towns[1]!;
    const all = json<{ rows: number }>('activities', 'export-compliance', join(out, '全县.xlsx'));
    const file = join(out, '青山乡.xlsx');
    const exported = json<{ rows: number }>('activities', 'export-compliance', file, '--office', west.office.officeId);
    // One branch of the two, each with a row per required type.
    expect(exported.rows * 2).toBe(all.rows);
    const texts = await cellTexts(file);
    expect(texts.some((text) => text.startsWith('青山乡') && text.includes('组织生活落实情况'))).toBe(true);
    expect(texts.some((text) => text.includes('红旗镇'))).toBe(false);
  });

  it('roster export: one township’s people, titled and made out in its name', async () => {
    const east = towns[0]!;
    const file = join(out, '花名册.xlsx');
    const run = ledgerCli('roster', 'export', file, '--db', county.file, '--office', east.office.officeId, '--json');
    expect(run.stderr).toBe('');
    const exported = JSON.parse(run.stdout) as { rows: number; sheets: { title: string }[] };
    expect(exported.rows).toBe(east.people.length);
    expect(exported.sheets[0]!.title).toMatch(/^红旗镇/);
    const texts = await cellTexts(file);
    expect(texts).toContain('填报单位（盖章）：红旗镇');
    expect(texts.filter((text) => text.startsWith('110101'))).toHaveLength(east.people.length);
    expect(texts.some((text) => text.startsWith('110102'))).toBe(false);
  });

  it('people list: one township’s people; without it, everyone', () => {
    const list = (...extra: string[]) => {
      const run = ledgerCli('people', 'list', '--db', county.file, '--json', ...extra);
      expect(run.stderr).toBe('');
      return (JSON.parse(run.stdout) as { id: string }[]).map((p) => p.id).sort();
    };
    const west = towns[1]!;
    expect(list('--office', west.office.officeId)).toEqual([...west.people].sort());
    expect(list()).toHaveLength(20);
  });

  it('the exports and people list refuse an unknown office too, and write no file', () => {
    const file = join(out, '不应生成.xlsx');
    const runs = [
      ledgerCli('training', 'export-ledger', file, '--db', county.file, '--year', '2026', '--office', 'no-such-office'),
      ledgerCli('activities', 'export-compliance', file, '--db', county.file, '--year', '2026', '--office', 'no-such-office'),
      ledgerCli('roster', 'export', file, '--db', county.file, '--office', 'no-such-office'),
      ledgerCli('people', 'list', '--db', county.file, '--office', 'no-such-office'),
    ];
    for (const run of runs) {
      expect({ code: run.code, said: run.stderr.includes('没有编号为“no-such-office”的单位') }).toEqual({ code: 2, said: true });
    }
    expect(existsSync(file)).toBe(false);
  });
});
