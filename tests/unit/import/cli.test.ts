import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/open';
import { CJK } from '../../helpers/cjk';
import { makeTempDir } from '../../helpers/ledger';
import { MESSY, MESSY_IDS, writeMessyRoster } from '../../fixtures/buildRosterWorkbooks';
import { dumpTables } from './helpers';

/** `ledger roster import` as a clerk runs it: a child process on real files. */

const BIN = resolve(import.meta.dirname, '../../../bin/ledger.mjs');

function ledger(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** Runs a command that must print JSON; when it does not, the failure says how the child ended and what it said. */
function ledgerJson(...args: string[]) {
  const run = ledger(...args);
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`ledger ${args.join(' ')} printed no JSON (exit ${run.code}, signal ${run.signal}): ${run.stderr.slice(0, 2000)}`);
  }
}

/** Backups next to the data file (see src/core/backup). */
function backups(): string[] {
  const dir = join(temp.dir, 'backups');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sqlite')).sort() : [];
}

function dump(db: string) {
  const handle = openDatabase(db);
  try {
    return dumpTables(handle);
  } finally {
    handle.close();
  }
}

let temp: ReturnType<typeof makeTempDir>;
let roster: string;
let db: string;
beforeAll(async () => {
  temp = makeTempDir();
  roster = await writeMessyRoster(temp.dir);
  db = join(temp.dir, 'hq.sqlite');
  expect(ledger('init', '--db', db, '--office', '红旗镇').code).toBe(0);
});
afterAll(() => temp.cleanup());

describe('ledger roster import', () => {
  it('writes nothing on --dry-run and prints a readable Chinese summary', () => {
    const before = dump(db);
    const run = ledger('roster', 'import', roster, '--db', db, '--dry-run');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`文件：${MESSY.fileName}（工作表“${MESSY.sheet}”，表头在第3行）`);
    expect(run.stdout).toContain('新增 6 人，更新 0 人，无变化 0 人，未导入 7 行，跳过空行和表尾 4 行');
    expect(run.stdout).toContain('（试运行：没有写入任何数据）');
    expect(run.stdout).toContain('第9行 身份证号：公民身份号码（F列）：身份证号校验位不正确');
    expect(dump(db)).toEqual(before);
    expect(backups()).toEqual([]);
  });

  it('imports, prints the report as JSON, saves the rejected rows as xlsx, and exits 0 despite them', async () => {
    const errors = join(temp.dir, '未导入.xlsx');
    const run = ledger('roster', 'import', roster, '--db', db, '--json', '--errors-xlsx', errors);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ created: 6, updated: 0, unchanged: 0, ignored: 4, rejectedRows: 7, warnings: [], importId: expect.any(String) });
    expect(Object.keys(report).slice(0, 5)).toEqual(['created', 'updated', 'unchanged', 'rejected', 'warnings']);
    expect(report.rejected).toHaveLength(7);
    expect(report.rejected[0]).toEqual({ row: MESSY.rows.badChecksum, field: 'idNumber', message: '公民身份号码（F列）：身份证号校验位不正确，请核对是否抄错' });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(errors);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe('未导入的行');
    expect((sheet.getRow(2).values as unknown[]).slice(1, 6)).toEqual(['行号', '字段', '问题', '序号', '姓名']);
    const first = sheet.getRow(3);
    expect(first.getCell(1).value).toBe(MESSY.rows.badChecksum);
    expect(first.getCell(2).value).toBe('身份证号');
    expect(String(first.getCell(3).value)).toContain('校验位不正确');
    expect(first.getCell(5).value).toBe('孙伟');
    // The ID stays text, all 18 characters.
    expect(first.getCell(9).value).toBe(MESSY_IDS.sun);
    expect(sheet.rowCount).toBe(2 + 7);

    expect(dump(db).people).toHaveLength(6);
    // As in the app: a 导入前 backup of the data as it was just before the import (no people yet).
    const made = backups();
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(/^导入前_\d{4}-\d{2}-\d{2}_\d{6}.*\.sqlite$/);
    const saved = openDatabase(join(temp.dir, 'backups', made[0]!), { readonly: true });
    try {
      expect(saved.prepare('SELECT COUNT(*) FROM people').pluck().get()).toBe(0);
    } finally {
      saved.close();
    }
  });

  it('reads the sheet asked for; a second run of the first sheet finds everyone unchanged', () => {
    const second = ledgerJson('roster', 'import', roster, '--db', db, '--sheet', MESSY.secondSheet, '--json');
    expect(second).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: [], warnings: [], sheet: MESSY.secondSheet, dryRun: false });
    const again = ledgerJson('roster', 'import', roster, '--db', db, '--json');
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 6, rejectedRows: 7 });
    expect(dump(db).people).toHaveLength(8);
  });

  it('exits non-zero with a Chinese reason when the file cannot be read, changing nothing', () => {
    const fake = join(temp.dir, '假表格.xlsx');
    writeFileSync(fake, '姓名,身份证号\n张三,1\n');
    const before = dump(db);
    const run = ledger('roster', 'import', fake, '--db', db, '--json');
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(CJK);
    expect(run.stderr).toContain('“假表格.xlsx”');
    expect(dump(db)).toEqual(before);
  });
});
