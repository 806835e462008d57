import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/shared/person';
import { CJK } from '../../helpers/cjk';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { seedPeople } from './fixtures';

/** `ledger roster export` as a clerk runs it: a child process on a real ledger file. */

const BIN = resolve(import.meta.dirname, '../../../bin/ledger.mjs');

function ledgerCli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let ledger: TempLedger;
let saved: Person[];

beforeEach(() => {
  ledger = openTempLedger();
  saved = seedPeople(ledger);
  // The CLI opens the file itself; close ours so nothing is shared.
  ledger.db.close();
});
afterEach(() => ledger.cleanup());

async function sheets(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe('ledger roster export', () => {
  it('exports everyone with full ID numbers and prints a one-line Chinese summary', async () => {
    const out = join(ledger.dir, '花名册.xlsx');
    const run = ledgerCli('roster', 'export', out, '--db', ledger.file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toContain('已导出“红旗镇干部花名册”共 4 人，身份证号完整');
    const wb = await sheets(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['全部人员', '导出信息']);
    expect(wb.worksheets[0]!.getCell('A1').value).toBe('红旗镇干部花名册');
    const values = wb.worksheets[0]!.getColumn(8).values;
    expect(values).toContain('110101198001010010');
    expect(wb.getWorksheet('导出信息')!.getColumn(2).values).toContain('0.1.0');
  });

  it('filters by category, taking the title of the matching view', async () => {
    const out = join(ledger.dir, '两委.xlsx');
    const run = ledgerCli('roster', 'export', out, '--db', ledger.file, '--category', '村（社区）两委成员', '--mask-ids', '--json');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ rows: 2, maskIdNumbers: true, sheets: [{ name: '两委花名册', title: '红旗镇村（社区）“两委”成员花名册', rows: 2 }] });
    const ws = (await sheets(out)).worksheets[0]!;
    const names = [ws.getCell('B4').value, ws.getCell('B5').value];
    expect(names.sort()).toEqual(['张三', '李四梅'].sort());
  });

  it('names a category roster with no view of its own <类别>花名册', async () => {
    const out = join(ledger.dir, 'x.xlsx');
    const run = ledgerCli('roster', 'export', out, '--db', ledger.file, '--category', '致富带头人', '--view', 'all');
    expect(run.code).toBe(2);
    const ok = ledgerCli('roster', 'export', out, '--db', ledger.file, '--category', '驻村第一书记');
    expect(ok.stdout).toContain('“红旗镇驻村第一书记花名册”共 1 人');
    const custom = ledgerCli('roster', 'export', join(ledger.dir, 'y.xlsx'), '--db', ledger.file, '--category', '自定义类别', '--json');
    expect(JSON.parse(custom.stdout)).toMatchObject({ rows: 0, sheets: [{ title: '红旗镇自定义类别花名册' }] });
  });

  it('exports several views as several sheets, and a view with several categories', async () => {
    const out = join(ledger.dir, 'views.xlsx');
    const run = ledgerCli('roster', 'export', out, '--db', ledger.file, '--view', 'all,two-committees,rich-leaders', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).sheets.map((s: { name: string; rows: number }) => [s.name, s.rows])).toEqual([
      ['全部人员', 4],
      ['两委花名册', 2],
      ['致富带头人', 1],
    ]);
    expect((await sheets(out)).worksheets).toHaveLength(4);
  });

  it('writes CSV with --csv or a .csv name', () => {
    const out = join(ledger.dir, '花名册.csv');
    const run = ledgerCli('roster', 'export', out, '--db', ledger.file, '--csv');
    expect(run.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain(saved[0]!.id);
  });

  it('refuses bad arguments in Chinese, with a non-zero exit and no file', () => {
    const out = join(ledger.dir, 'out.xlsx');
    const cases: [string[], RegExp][] = [
      [['roster', 'export', out], /--db/],
      [['roster', 'export', '--db', ledger.file], /缺少导出文件名/],
      [['roster', 'export', join(ledger.dir, 'out.txt'), '--db', ledger.file], /\.xlsx/],
      [['roster', 'export', out, '--db', join(ledger.dir, 'missing.sqlite')], /找不到数据文件/],
      [['roster', 'export', out, '--db', ledger.file, '--view', 'nope'], /找不到花名册“nope”/],
      [['roster', 'export', join(ledger.dir, 'no-dir', 'out.xlsx'), '--db', ledger.file], /导出目录不存在/],
      [['roster', 'export', join(ledger.dir, 'two.csv'), '--db', ledger.file, '--view', 'all,reserves'], /CSV 只能导出一张花名册/],
      [['roster', 'frobnicate'], /未知的 roster 子命令/],
    ];
    for (const [args, message] of cases) {
      const run = ledgerCli(...args);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stderr).toMatch(CJK);
      expect(run.stdout).toBe('');
    }
    expect(readdirSync(ledger.dir).filter((f) => /\.(xlsx|csv|tmp)$/.test(f))).toEqual([]);
  });

  it('never overwrites an existing file without --force', () => {
    const out = join(ledger.dir, '村里发来的.xlsx');
    writeFileSync(out, 'the original');
    const run = ledgerCli('roster', 'export', out, '--db', ledger.file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('文件已存在');
    expect(readFileSync(out, 'utf8')).toBe('the original');
    expect(ledgerCli('roster', 'export', out, '--db', ledger.file, '--force').code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(existsSync(out)).toBe(true);
  });
});
