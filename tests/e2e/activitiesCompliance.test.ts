import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, ActivityAttendance } from '../../src/shared/activities';
import { complianceRows, typeSummaries } from '../../src/shared/complianceView';
import { MEETING_SIGN_IN_COLUMNS_MM, MEETING_SIGN_IN_GEOMETRY } from '../../src/ui/features/activitiesCompliance/activityPrint';
import { pageCount } from '../../src/ui/features/print/paging';
import { SIGN_IN_ROW_MM } from '../../src/ui/features/trainingPrint/signInLayout';
import { recordActivity, seedBranch, type SeededBranch } from '../helpers/activities';
import { ledgerOver, type TempLedger } from '../helpers/ledger';
import { startApp, type AppUnderTest } from './harness';

/**
 * The 三会一课台账 in Chromium against a real ledger: the calendar shows the core's statuses, changes when an
 * activity is recorded, draws its chart, follows the rules dialog; then the printouts through Chromium's PDF
 * engine: the calendar, the 会议记录 of a 主题党日 that is also the 党员大会, and its 签到表 (KEEP_PRINT_PDF=1
 * keeps the PDFs and PNGs in /tmp/ledger-activities-print).
 */

let app: AppUnderTest;
let page: Page;
let ledger: TempLedger;
let outDir: string;
let east: SeededBranch;
let west: SeededBranch;
const PX_MM = 25.4 / 96;

/** A year whose January has passed, so January activities can be recorded and January cells have ended. */
const now = new Date();
const YEAR = now.getMonth() >= 1 ? now.getFullYear() : now.getFullYear() - 1;
const day = (md: string) => `${YEAR}-${md}`;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  outDir = process.env.KEEP_PRINT_PDF ? join(tmpdir(), 'ledger-activities-print') : mkdtempSync(join(tmpdir(), 'ledger-activities-print-'));
  mkdirSync(outDir, { recursive: true });
  ledger = ledgerOver(app.db);
  ledger.must('setOffice', { name: '青山镇', code: '110101001' });
  east = seedBranch(ledger, { name: '东村党支部', size: 10, full: 8 });
  west = seedBranch(ledger, { name: '西村党支部', size: 4, full: 4, committee: false, seqBase: 300 });
  recordActivity(ledger, { partyOrgId: east.branchId, types: ['主题党日', '支部党员大会'], topic: '一季度党员大会', date: day('01-08') });
  recordActivity(ledger, { partyOrgId: east.branchId, types: ['支部委员会'], topic: '研究发展党员', date: day('01-12') });
  recordActivity(ledger, { partyOrgId: east.groupIds[0]!, types: ['党小组会'], topic: '谈心谈话', date: day('01-16') });
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (outDir && !process.env.KEEP_PRINT_PDF) rmSync(outDir, { recursive: true, force: true });
});

async function openCalendar(): Promise<void> {
  await page.goto(`${app.host.url}/#/activities/compliance?year=${YEAR}`);
  await page.locator('[data-testid="compliance-page"][data-loading="false"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('compliance-grid').waitFor();
}

/** Every cell on screen: "branch|type|index" → status. */
async function screenStatuses(): Promise<Map<string, string>> {
  const cells = await page.locator('[data-testid="compliance-row"]').evaluateAll((rows) =>
    rows.flatMap((row) =>
      [...row.querySelectorAll<HTMLElement>('[data-testid="compliance-cell"]')].map((c) => [`${row.dataset.branch}|${row.dataset.type}|${c.dataset.index}`, c.dataset.status!] as const),
    ),
  );
  return new Map(cells);
}

function coreStatuses(): Map<string, string> {
  const report = ledger.must('complianceReport', { year: YEAR });
  return new Map(report.branches.flatMap((b) => b.cells.map((c) => [`${b.name}|${c.type}|${c.index}`, c.status] as const)));
}

function cell(branch: string, type: string, month: number) {
  return page.locator(`[data-testid="compliance-row"][data-branch="${branch}"][data-type="${type}"] [data-testid="compliance-cell"][data-month="${month}"]`);
}

describe('the compliance calendar', () => {
  it('is in the menu and shows, cell for cell, the statuses the core computes', async () => {
    await page.goto(`${app.host.url}/#/roster`);
    await page.getByTestId('nav-compliance').click();
    await page.getByTestId('compliance-grid').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('nav-compliance').textContent()).toContain('三会一课台账');
    await openCalendar();
    const screen = await screenStatuses();
    const core = coreStatuses();
    expect(screen.size).toBe(core.size);
    expect(Object.fromEntries(screen)).toEqual(Object.fromEntries(core));
    // 2 branches × 6 rules on by default.
    expect(await page.getByTestId('compliance-row').count()).toBe(12);
    expect(await cell('东村党支部', '主题党日', 1).getAttribute('data-status')).toBe('done');
    expect(await cell('东村党支部', '支部党员大会', 1).getAttribute('data-status')).toBe('done');
    // The quarter's cell spans its three months; the year's all twelve.
    expect(await cell('东村党支部', '支部党员大会', 1).getAttribute('colspan')).toBe('3');
    expect(await cell('东村党支部', '组织生活会', 1).getAttribute('colspan')).toBe('12');
    // Two 党小组, one met in January: 1 of 2, overdue.
    await expect.poll(() => cell('东村党支部', '党小组会', 1).textContent()).toContain('1/2');
    // 西村 has no 支委: grey, the reason in the tooltip.
    const noCommittee = cell('西村党支部', '支部委员会', 1);
    expect(await noCommittee.getAttribute('data-status')).toBe('not-required');
    expect(await noCommittee.getAttribute('title')).toContain('未设支委会');
    const colour = await cell('西村党支部', '主题党日', 1).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(colour).toBe('rgb(253, 226, 226)');
  });

  it('sums each type: required, done, overdue and the overdue periods', async () => {
    const summaries = typeSummaries(complianceRows(ledger.must('complianceReport', { year: YEAR })));
    for (const s of summaries) {
      const row = page.locator('.el-table__row', { has: page.locator(`[data-testid="summary-row"][data-type="${s.type}"]`) });
      expect(await row.locator('[data-col="required"]').textContent(), s.type).toBe(String(s.required));
      expect(await row.locator('[data-col="done"]').textContent(), s.type).toBe(String(s.done));
      expect(await row.locator('[data-col="overdue"]').textContent(), s.type).toBe(String(s.overdue));
    }
    const themeDay = page.locator('.el-table__row', { has: page.locator('[data-testid="summary-row"][data-type="主题党日"]') });
    expect(await themeDay.locator('[data-col="overdue-periods"]').textContent()).toContain(`西村党支部 ${YEAR}年1月`);
  });

  it('draws the chart on a canvas', async () => {
    const canvas = page.locator('[data-testid="compliance-chart"] canvas');
    await canvas.first().waitFor({ timeout: 30_000 });
    const box = await canvas.first().boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(150);
    // Something was painted: the canvas is not one flat colour.
    const colours = await canvas.first().evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d')!;
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 16) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(3);
    await page.screenshot({ path: join(outDir, 'calendar.png'), fullPage: true });
    await page.getByTestId('compliance-chart-by').getByText('按党支部').click();
    await expect.poll(() => canvas.count()).toBeGreaterThan(0);
  });

  it('lists the activities a cell counted and opens one', async () => {
    await cell('东村党支部', '主题党日', 1).click();
    const dialog = page.getByTestId('compliance-cell-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('cell-activity').count()).toBe(1);
    expect(await dialog.getByTestId('cell-activity').textContent()).toContain('一季度党员大会');
    const id = await dialog.getByTestId('cell-activity').getAttribute('data-id');
    await dialog.getByTestId('cell-activity').click();
    await expect.poll(() => page.url()).toContain(`#/activities/${id}`);
  });

  it('turns an overdue cell into done once the activity is recorded (seeing the calendar change)', async () => {
    await openCalendar();
    expect(await cell('西村党支部', '主题党日', 1).getAttribute('data-status')).toBe('overdue');
    const before = Number(await page.locator('[data-stat="done"]').textContent());
    recordActivity(ledger, { partyOrgId: west.branchId, types: ['主题党日'], topic: '西村一月主题党日', date: day('01-20') });
    await page.reload();
    await page.locator('[data-testid="compliance-page"][data-loading="false"]').waitFor();
    await expect.poll(() => cell('西村党支部', '主题党日', 1).getAttribute('data-status')).toBe('done');
    expect(await cell('西村党支部', '主题党日', 1).textContent()).toContain('✓');
    expect(Number(await page.locator('[data-stat="done"]').textContent())).toBe(before + 1);
    expect(Object.fromEntries(await screenStatuses())).toEqual(Object.fromEntries(coreStatuses()));
  });

  it('adds 党课 rows when the quarterly 党课 rule is enabled in the rules dialog, and 恢复默认 takes them away', async () => {
    await page.getByTestId('compliance-rules').click();
    const dialog = page.getByTestId('compliance-rules-dialog');
    await dialog.locator('[data-testid="rule-row"][data-type="党课"]').waitFor();
    expect(await dialog.getByText('地方规定', { exact: true }).count()).toBe(1);
    await dialog.locator('[data-testid="rule-enabled"][data-type="党课"]').click();
    await dialog.getByTestId('compliance-rules-save').click();
    await expect.poll(() => page.getByTestId('compliance-row').count()).toBe(14);
    expect(await page.locator('[data-testid="compliance-row"][data-type="党课"]').count()).toBe(2);
    expect(await cell('东村党支部', '党课', 1).getAttribute('colspan')).toBe('3');
    expect(ledger.must('getComplianceRules', {}).rules.find((r) => r.type === '党课')).toMatchObject({ enabled: true, period: 'quarter' });
    expect(Object.fromEntries(await screenStatuses())).toEqual(Object.fromEntries(coreStatuses()));

    await page.getByTestId('compliance-rules').click();
    await dialog.getByTestId('compliance-rules-reset').click();
    await dialog.getByTestId('compliance-rules-save').click();
    await expect.poll(() => page.getByTestId('compliance-row').count()).toBe(12);
  });
});

async function openPrint(path: string, testid: string): Promise<void> {
  await page.goto(`${app.host.url}/#${path}`);
  await page.locator(`[data-testid="${testid}"][data-state="ready"]`).waitFor({ timeout: 30_000 });
}

async function printPdf(name: string, landscape: boolean): Promise<{ pages: string[]; info: string; file: string }> {
  const file = join(outDir, `${name}.pdf`);
  await page.pdf({ path: file, format: 'A4', landscape, preferCSSPageSize: true, printBackground: true });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pages = text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== '');
  return { pages, info, file };
}

function pdfSize(info: string): [number, number] {
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  return [Math.round(Number(size?.[1])), Math.round(Number(size?.[2]))];
}

function png(pdf: string, name: string): string {
  const prefix = join(outDir, name);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  expect(existsSync(`${prefix}.png`)).toBe(true);
  console.log(`[activities-print] page 1 image: ${prefix}.png`);
  return `${prefix}.png`;
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('the compliance printout', () => {
  it('prints the calendar A4 landscape with the symbols, header and page numbers', async () => {
    await openPrint(`/print/compliance?year=${YEAR}`, 'compliance-print');
    expect(await page.locator('.frame').count()).toBe(0);
    expect(await page.getByTestId('print-row').count()).toBe(12);
    const pdf = await printPdf('compliance', true);
    expect(pdfSize(pdf.info)).toEqual([842, 595]);
    const first = squash(pdf.pages[0]!);
    expect(first).toContain(`青山镇${YEAR}年度“三会一课”等组织生活落实情况`);
    expect(first).toContain('填报单位（盖章）：青山镇');
    expect(first).toContain('序号党组织活动类型频次要求1月2月3月');
    expect(first).toContain('✓');
    expect(first).toContain('✗');
    expect(first).toContain('未设支委会');
    pdf.pages.forEach((text, i) => expect(squash(text), `page ${i + 1}`).toContain(`第${i + 1}页共${pdf.pages.length}页`));
    expect(squash(pdf.pages.at(-1)!)).toContain('图例：✓已完成');
    png(pdf.file, 'compliance-page');
  });
});

describe('the 会议记录 and the 签到表 of a meeting', () => {
  let meeting: Activity;
  let attendance: ActivityAttendance;
  const minutes = [
    '会议记录开头：书记王建国传达上级精神。',
    ...Array.from({ length: 36 }, (_, i) => `第${i + 1}位发言：围绕村集体经济发展、人居环境整治和党员教育管理谈了看法，提出要落实“三会一课”制度，按时足额交纳党费，积极参加组织生活。`),
    '会议记录结尾：与会党员一致表示认真抓好落实。',
  ].join('\n');

  beforeAll(() => {
    meeting = recordActivity(ledger, {
      partyOrgId: east.branchId,
      types: ['主题党日', '支部党员大会'],
      topic: '讨论接收预备党员',
      date: day('01-25'),
      startTime: '09:00',
      endTime: '11:30',
      location: '村党群服务中心',
      host: '王建国',
      recorder: '李秀英',
      content: '一、学习党章；二、讨论接收张伟为预备党员；三、部署春节前走访慰问。',
      minutes,
      resolutions: [{ text: '同意接收张伟为预备党员', for: 4, against: 0, abstain: 0 }],
    });
    const rows = ledger.must('getActivityAttendance', { activityId: meeting.id }).rows;
    const byName = new Map(east.members.map((m) => [m.name, m.id]));
    const status = (name: string) => (['王建国', '李秀英', '张伟', '刘芳'].includes(name) ? '出席' : name === '陈强' || name === '杨静' ? '请假' : '缺席');
    attendance = ledger.must('recordActivityAttendance', {
      activityId: meeting.id,
      entries: rows.map((r) => ({ personId: byName.get(r.name)!, status: status(r.name), reason: r.name === '陈强' ? '外出务工' : r.name === '杨静' ? '生病住院' : null })),
      observers: [{ name: '刘志明', note: '镇党委组织委员' }],
    });
    meeting = attendance.activity;
  });

  it('prints the 会议记录: title, both types, 应到/实到, leave with reasons, minutes over pages, votes, quorum, signatures', async () => {
    await openPrint(`/print/activity-record?activity=${meeting.id}`, 'activity-record-print');
    const pdf = await printPdf('activity-record', false);
    console.log(`[activity-record] ${pdf.pages.length} pages: ${pdf.file}`);
    png(pdf.file, 'activity-record-page');
    expect(pdfSize(pdf.info)).toEqual([595, 842]);
    expect(pdf.pages.length).toBeGreaterThanOrEqual(2);
    const first = squash(pdf.pages[0]!);
    const all = squash(pdf.pages.join('\n'));
    expect(first).toContain('东村党支部会议记录');
    expect(first).toContain('会议类型支部党员大会、主题党日');
    expect(first).toContain(`${YEAR}年1月25日09:00—11:30`);
    expect(first).toContain('村党群服务中心');
    expect(first).toContain('应到10人（其中有表决权8人）');
    expect(first).toContain('实到4人（其中有表决权4人）');
    expect(first).toMatch(/请假(陈强（外出务工）、杨静（生病住院）|杨静（生病住院）、陈强（外出务工）)/);
    expect(first).toContain('缺席');
    for (const name of ['赵磊', '黄敏', '周军', '吴艳']) expect(first).toContain(name);
    expect(first).toContain('列席刘志明（镇党委组织委员）');
    expect(first).toContain('会议主题讨论接收预备党员');
    expect(first).toContain('会议记录开头：书记王建国传达上级精神。');
    expect(all).toContain('会议记录结尾：与会党员一致表示认真抓好落实。');
    expect(all).toContain('同意接收张伟为预备党员（赞成4票，反对0票，弃权0票），未通过');
    expect(all).toContain('未超过应到8人的半数');
    const last = squash(pdf.pages.at(-1)!);
    expect(last).toContain('主持人签字：');
    expect(last).toContain('记录人签字：');
    pdf.pages.forEach((text, i) => expect(squash(text), `page ${i + 1}`).toContain(`第${i + 1}页共${pdf.pages.length}页`));
  });

  it('prints the 签到表 with the 应到 members in order, 列席 and blank rows, room to sign', async () => {
    await openPrint(`/print/activity-sign-in?activity=${meeting.id}`, 'activity-sign-in-print');
    const expectedRows = attendance.rows.length + 1 + 3;
    await expect.poll(() => page.getByTestId('print-row').count()).toBe(expectedRows);
    const names = await page.locator('[data-testid="print-row"][data-kind="member"] td:nth-child(2)').allTextContents();
    expect(names).toEqual(attendance.rows.map((r) => r.name));
    const row = await page.getByTestId('print-row').first().boundingBox();
    const signature = await page.locator('[data-testid="print-table"] th').nth(4).boundingBox();
    expect(row!.height * PX_MM).toBeGreaterThanOrEqual(10);
    expect(row!.height * PX_MM).toBeCloseTo(SIGN_IN_ROW_MM, 0);
    expect(signature!.width * PX_MM).toBeGreaterThanOrEqual(30);
    expect(signature!.width * PX_MM).toBeCloseTo(MEETING_SIGN_IN_COLUMNS_MM.signature, 0);

    const pdf = await printPdf('activity-sign-in', false);
    png(pdf.file, 'activity-sign-in-page');
    expect(pdfSize(pdf.info)).toEqual([595, 842]);
    expect(pdf.pages).toHaveLength(pageCount(expectedRows, MEETING_SIGN_IN_GEOMETRY));
    const first = squash(pdf.pages[0]!);
    expect(first).toContain('会议签到表');
    expect(first).toContain('党组织：东村党支部');
    expect(first).toContain('会议类型：支部党员大会、主题党日');
    expect(first).toContain('会议主题：讨论接收预备党员');
    expect(first).toContain(`时间：${YEAR}年1月25日09:00—11:30`);
    expect(first).toContain('地点：村党群服务中心');
    expect(first).toContain('应到10人实到人');
    expect(pdf.pages[0]).toMatch(/序号\s+姓名\s+身份（正式\/预备）\s+党小组\s+签到（本人签名）\s+备注/);
    const text = pdf.pages.join('\n');
    let last = -1;
    for (const r of attendance.rows) {
      const at = text.indexOf(r.name, last + 1);
      expect(at, `${r.name} after the one before`).toBeGreaterThan(last);
      last = at;
    }
    expect(text).toContain('刘志明');
    expect(text).toMatch(/正式党员/);
    expect(text).toMatch(/预备党员/);
    pdf.pages.forEach((p, i) => expect(squash(p)).toContain(`第${i + 1}页共${pdf.pages.length}页`));
  });

  it('ran without console errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
