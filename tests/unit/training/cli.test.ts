import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportEntry as Entry } from '../../../src/cli/training';
import { CJK } from '../../helpers/cjk';
import type { TempLedger } from '../../helpers/ledger';
import { IDS, openCourseLedger, writeMessyWorkbook, type CourseFixture, type Roster } from './excelFixtures';

/** `ledger training …` as a clerk runs it: a child process on a real ledger file. */

const BIN = resolve(import.meta.dirname, '../../../bin/ledger.mjs');

function ledgerCli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, signal: run.signal };
}

let ledger: TempLedger;
let roster: Roster;
let fx: CourseFixture;

/**
 * 2026: 李四 (party member) attends all three 4-学时 sessions: 12 of 32. 张三 (party member, 两委) attends two: 8 of
 * 56. 赵六 (乡镇公务员, not a member) attends three: 12 of min(90, 12 days × 8) = 90. 钱七's hours were set to 32 (补学).
 */
beforeEach(() => {
  ({ ledger, roster, fx } = openCourseLedger());
  const p = roster.people;
  ledger.must('enrol', { courseId: fx.course.id, personIds: [p.zhang, p.li, p.zhao, p.qian] });
  fx.sessions.forEach((s, i) => {
    const entries = [p.li, p.zhao, ...(i < 2 ? [p.zhang] : [])].map((personId) => ({ personId, status: '出席' as const }));
    ledger.must('recordAttendance', { sessionId: s.id, entries });
  });
  const qian = ledger.must('listEnrolments', { courseId: fx.course.id }).find((e) => e.personId === p.qian)!;
  ledger.must('saveEnrolmentResult', { id: qian.id, hoursOverride: 32, overrideReason: '县委党校补学' });
  // The CLI opens the file itself; close ours so nothing is shared.
  ledger.db.close();
});
afterEach(() => ledger.cleanup());

function report(...extra: string[]): Entry[] {
  const run = ledgerCli('training', 'report', '--db', ledger.file, '--year', '2026', '--json', ...extra);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Entry[];
}

describe('ledger training report', () => {
  it('prints every person with hours, requirement and shortfall as JSON', () => {
    const rows = report();
    const by = new Map(rows.map((r) => [r.id, r]));
    const p = roster.people;
    expect(by.get(p.li)).toMatchObject({ name: '李四', idNumber: IDS.li, unit: '西村', hours: 12, required: 32, shortfall: 20 });
    expect(by.get(p.zhang)).toMatchObject({ name: '张三', hours: 8, required: 56, shortfall: 48 });
    expect(by.get(p.zhang)!.standings).toEqual([expect.objectContaining({ ledger: '党员教育培训', ruleId: 'branch-leaders', required: 56, hours: 8, shortfall: 48 })]);
    expect(by.get(p.zhao)).toMatchObject({ name: '赵六', idNumber: IDS.zhao, hours: 12, required: 90, shortfall: 78 });
    expect(by.get(p.zhao)!.standings).toEqual([expect.objectContaining({ ledger: '干部教育培训', ruleId: 'township-cadres', required: 90 })]);
    expect(by.get(p.qian)).toMatchObject({ hours: 32, required: 32, shortfall: 0 });
    expect(by.get(p.wu)).toMatchObject({ hours: 0, required: 32, shortfall: 32 });
    expect(rows).toHaveLength(8);
  });

  it('filters: --shortfall-only leaves out who met it, --unit takes a unit name, --ledger one ledger', () => {
    const behind = report('--shortfall-only');
    expect(behind.map((r) => r.name)).not.toContain('钱七');
    expect(behind).toHaveLength(7);
    expect(report('--unit', '东村').map((r) => r.name).sort()).toEqual(['张三', '周八', '王芳', '钱七'].sort());
    const cadres = report('--ledger', '干部教育培训');
    expect(cadres.filter((r) => r.required > 0).map((r) => r.name)).toEqual(['赵六']);
    const masked = report('--mask-ids');
    expect(masked.find((r) => r.name === '李四')!.idNumber).toBe(`${IDS.li.slice(0, 6)}********${IDS.li.slice(-4)}`);
  });

  it('prints a Chinese table without --json, IDs masked', () => {
    const run = ledgerCli('training', 'report', '--db', ledger.file, '--year', '2026', '--shortfall-only');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('序号\t姓名\t身份证号\t单位\t已完成学时\t应完成学时\t差额\t适用规则');
    const li = lines.find((l) => l.includes('李四'))!;
    expect(li).toContain(`${IDS.li.slice(0, 6)}********${IDS.li.slice(-4)}`);
    expect(li).toContain('\t12\t32\t20\t党员集中学习培训12/32');
    // 20 + 48 + 78 + 4 × 32
    expect(lines.at(-1)).toBe('共 7 人，未达标 7 人，差额合计 274 学时');
  });

  it('refuses bad arguments in Chinese with exit code 2, and a missing ledger file with 1', () => {
    const noYear = ledgerCli('training', 'report', '--db', ledger.file);
    expect(noYear.code).toBe(2);
    expect(noYear.stderr).toContain('--year');
    expect(noYear.stderr).toMatch(CJK);
    const unit = ledgerCli('training', 'report', '--db', ledger.file, '--year', '2026', '--unit', '北村');
    expect(unit.code).toBe(2);
    expect(unit.stderr).toContain('找不到名为“北村”的单位');
    const ledgerName = ledgerCli('training', 'report', '--db', ledger.file, '--year', '2026', '--ledger', '网络培训');
    expect(ledgerName.code).toBe(2);
    const missing = ledgerCli('training', 'report', '--db', join(ledger.dir, 'none.sqlite'), '--year', '2026');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到数据文件');
    const sub = ledgerCli('training', 'nope', '--db', ledger.file);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('report、export-course、export-ledger、import');
  });
});

describe('ledger training import', () => {
  it('previews with --dry-run, writing nothing, then imports; problems by row in Chinese', async () => {
    const file = join(ledger.dir, '签到汇总.xlsx');
    await writeMessyWorkbook(file);
    const dry = ledgerCli('training', 'import', file, '--course', fx.course.id, '--db', ledger.file, '--dry-run', '--json');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const preview = JSON.parse(dry.stdout);
    // 张三, 李四, 赵六 are in already; 西村's 王芳 joins.
    expect(preview.counts).toMatchObject({ rows: 10, enrolled: 1, alreadyEnrolled: 3, rejected: 6, ignored: 3 });
    expect(preview.rejected.map((p: { row: number }) => p.row)).toEqual([8, 9, 11, 12, 13, 14]);
    const run = ledgerCli('training', 'import', file, '--course', fx.course.id, '--db', ledger.file);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('已导入：共 10 行，新加入名单 1 人');
    expect(run.stdout).toContain('第8行 公民身份号码（C列）：');
    const again = ledgerCli('training', 'import', file, '--course', fx.course.id, '--db', ledger.file, '--json');
    expect(JSON.parse(again.stdout).counts).toMatchObject({ enrolled: 0, alreadyEnrolled: 4 });
  });
});

describe('ledger training export-course / export-ledger', () => {
  it('writes the course roster with masked IDs, and refuses to overwrite without --force', async () => {
    const out = join(ledger.dir, '参训名单.xlsx');
    const run = ledgerCli('training', 'export-course', fx.course.id, out, '--db', ledger.file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('已导出参训人员名单共 4 人，身份证号已部分隐藏');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('参训人员名单')!;
    expect(ws.getCell('A1').value).toBe('《2026年村干部集中轮训班》参训人员名单');
    expect(String(ws.getCell('D4').value)).toContain('********');
    const again = ledgerCli('training', 'export-course', fx.course.id, out, '--db', ledger.file);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('文件已存在');
    const full = ledgerCli('training', 'export-course', fx.course.id, out, '--db', ledger.file, '--full-ids', '--force', '--json');
    expect(JSON.parse(full.stdout)).toMatchObject({ rows: 4, maskIdNumbers: false });
  });

  it('writes the shortfall list of the year', async () => {
    const out = join(ledger.dir, '未达标.xlsx');
    const run = ledgerCli('training', 'export-ledger', out, '--db', ledger.file, '--year', '2026', '--shortfall-only', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 7, maskIdNumbers: true });
    expect(existsSync(out)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets[0]!.getCell('A1').value).toBe('青山镇2026年度学时未达标人员名单');
  });
});
