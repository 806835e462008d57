import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComplianceEntry } from '../../../src/cli/activities';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { COMPLIANCE_TODAY, seedComplianceYear } from '../../helpers/complianceSeed';

/** `ledger activities …` as a clerk runs it: a child process on a real ledger file. */

const BIN = resolve(import.meta.dirname, '../../../bin/ledger.mjs');

function ledgerCli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let ledger: TempLedger;

beforeEach(() => {
  ledger = openTempLedger();
  seedComplianceYear(ledger);
  // The CLI opens the file itself.
  ledger.db.close();
});
afterEach(() => ledger.cleanup());

function compliance(...extra: string[]): ComplianceEntry[] {
  const today = extra.includes('--today') ? [] : ['--today', COMPLIANCE_TODAY];
  const run = ledgerCli('activities', 'compliance', '--db', ledger.file, '--year', '2025', ...today, '--json', ...extra);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ComplianceEntry[];
}

describe('ledger activities compliance', () => {
  it('prints per branch and type the periods required, activities held, periods done and overdue (fixed --today)', () => {
    const rows = compliance();
    expect(rows).toHaveLength(12);
    const row = (branch: string, type: string) => {
      const found = rows.find((r) => r.branch === branch && r.type === type)!;
      const { partyOrgId: _id, ...rest } = found;
      return rest;
    };
    expect(row('东村党支部', '主题党日')).toEqual({ branch: '东村党支部', type: '主题党日', period: 'month', required: 12, held: 2, done: 2, overdue: 2, overduePeriods: ['2025年3月', '2025年4月'], reason: null });
    expect(row('东村党支部', '支部党员大会')).toMatchObject({ period: 'quarter', required: 4, held: 1, done: 1, overdue: 0, overduePeriods: [] });
    expect(row('东村党支部', '支部委员会')).toMatchObject({ required: 12, held: 2, done: 2, overdue: 2, overduePeriods: ['2025年2月', '2025年4月'] });
    expect(row('东村党支部', '党小组会')).toMatchObject({ required: 12, held: 1, done: 0, overdue: 4 });
    expect(row('东村党支部', '组织生活会')).toMatchObject({ period: 'year', required: 1, held: 0, done: 0, overdue: 0 });
    expect(row('西村党支部', '支部委员会')).toMatchObject({ required: 0, done: 0, overdue: 0, reason: '未设支委会' });
    expect(row('西村党支部', '主题党日')).toMatchObject({ required: 12, held: 0, overdue: 4 });
  });

  it('judges on another day with --today and narrows with --org', () => {
    // Early the next year every month has ended: 10 主题党日 months overdue (on 31 December, December is still due).
    const late = compliance('--today', '2026-01-05').find((r) => r.branch === '东村党支部' && r.type === '主题党日')!;
    expect(late).toMatchObject({ done: 2, overdue: 10 });
    const east = compliance('--org', '东村党支部');
    expect(new Set(east.map((r) => r.branch))).toEqual(new Set(['东村党支部']));
    expect(east).toHaveLength(6);
  });

  it('prints a Chinese table without --json', () => {
    const run = ledgerCli('activities', 'compliance', '--db', ledger.file, '--year', '2025', '--today', COMPLIANCE_TODAY);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('2025年度“三会一课”等组织生活落实情况（统计截至 2025-05-20）');
    expect(lines[1]).toBe('党组织\t活动类型\t频次要求\t应开期数\t已开次数\t完成期数\t逾期期数\t逾期期次');
    expect(lines).toContain('东村党支部\t主题党日\t每月1次\t12\t2\t2\t2\t2025年3月、2025年4月');
    expect(lines).toContain('西村党支部\t支部委员会\t每月1次\t0\t0\t0\t0\t未设支委会');
    expect(lines.at(-1)).toBe('共 2 个党支部，逾期 17 期，涉及 2 个党支部');
  });

  it('refuses bad arguments in Chinese with a non-zero exit', () => {
    const noYear = ledgerCli('activities', 'compliance', '--db', ledger.file);
    expect(noYear.code).toBe(2);
    expect(noYear.stderr).toContain('缺少 --year 参数');
    const badDay = ledgerCli('activities', 'compliance', '--db', ledger.file, '--year', '2025', '--today', '2025-02-30');
    expect(badDay.code).toBe(2);
    expect(badDay.stderr).toContain('--today 应为日期');
    const noOrg = ledgerCli('activities', 'compliance', '--db', ledger.file, '--year', '2025', '--org', '南村党支部');
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toContain('找不到名为“南村党支部”的党组织');
    const help = ledgerCli('--help');
    expect(help.stdout).toContain('ledger activities compliance --db FILE --year YYYY');
    expect(help.stdout).toContain('ledger activities export-compliance FILE.xlsx');
  });
});

describe('ledger activities export-compliance', () => {
  it('writes the official workbook and refuses to overwrite without --force', async () => {
    const file = join(ledger.dir, '组织生活落实情况.xlsx');
    const run = ledgerCli('activities', 'export-compliance', file, '--db', ledger.file, '--year', '2025', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ file, rows: 12 });
    expect(existsSync(file)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.getWorksheet('落实情况')!.getCell('A1').value).toBe('青山镇2025年度“三会一课”等组织生活落实情况');
    expect(wb.getWorksheet('月度明细')!.getCell('C4').value).toBe('支部党员大会');
    const again = ledgerCli('activities', 'export-compliance', file, '--db', ledger.file, '--year', '2025');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('文件已存在');
    expect(ledgerCli('activities', 'export-compliance', file, '--db', ledger.file, '--year', '2025', '--force').code).toBe(0);
  });
});
