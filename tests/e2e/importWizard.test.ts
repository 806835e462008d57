import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPerson } from '../../src/core/people/peopleRepo';
import { savePerson } from '../../src/core/people/peopleService';
import { MAX_IMPORT_FILE_BYTES } from '../../src/shared/contract';
import { idCheckChar } from '../../src/shared/validate/idNumber';
import { startApp, type AppUnderTest } from './harness';

/**
 * The import wizard in Chromium against the real core: a messy workbook as villages send them (title and
 * 填报单位 rows, header synonyms, a bad row, an update of someone already in the roster, a footer), preview,
 * a corrected column mapping, commit, undo; refusals of files that cannot be imported; progress and cancel.
 */

let app: AppUnderTest;
let page: Page;
let dir: string;

function idFor(birth: string, seq: number): string {
  const first17 = `110101${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

const EXISTING_ID = idFor('19650304', 11);
const WANG_ID = idFor('19700101', 1);
const LI_ID = idFor('19720202', 2);
const BAD_ID = `${idFor('19800303', 3).slice(0, 17)}${idFor('19800303', 3).endsWith('0') ? '1' : '0'}`;

const HEADER = ['序号', '姓名', '公民身份号码', '性别', '民族', '政治面貌', '文化程度', '手机号码', '所在村（社区）', '现任职务', '村干部类型'];

/** Rows 1–2 title and 填报单位, row 3 header, data from row 4, a blank row and a 制表人 footer. */
async function messyWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('村干部花名册');
  sheet.addRow(['红旗镇村干部花名册']);
  sheet.mergeCells('A1:K1');
  sheet.addRow(['填报单位：红旗镇党委', '', '', '', '', '', '', '', '填报日期：2024年5月']);
  sheet.addRow(HEADER);
  sheet.addRow([1, '王建国', `${WANG_ID.slice(0, 6)} ${WANG_ID.slice(6, 14)} ${WANG_ID.slice(14)}`, '男', '汉', '党员', '大专', '138-0013-8001', '红旗村', '村党组织书记', '村级后备干部']);
  sheet.addRow([2, '李秀英', LI_ID, '女', '汉族', '群众', '高中', '13900139002', '红旗村', '妇女主任', '']);
  sheet.addRow([3, '张错号', BAD_ID, '男', '汉族', '群众', '高中', '13700137003', '红旗村', '', '']);
  sheet.addRow([4, '何老', EXISTING_ID, '男', '汉族', '中共党员', '高中', '13600136004', '红旗村', '村委会委员', '']);
  sheet.addRow([]);
  sheet.addRow(['制表人：李四', '', '', '审核人：王五']);
  for (const r of [4, 5, 6, 7]) sheet.getCell(`C${r}`).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function emptyWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Sheet1');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Enough rows that reading takes a moment, so the progress bar and the cancel button can be seen working. */
async function bigWorkbook(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('花名册');
  sheet.addRow(['姓名', '身份证号', '联系电话', '单位']);
  // One birth date per person (a day apart from 1950 on), so every ID number is different; names are
  // Chinese characters only, as the name check wants.
  const start = Date.UTC(1950, 0, 1);
  const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力鹏飞斌宇浩凯健俊帆鑫波';
  for (let i = 0; i < rows; i++) {
    const birth = new Date(start + i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const name = surnames[i % surnames.length]! + given[Math.floor(i / surnames.length) % given.length]! + given[Math.floor(i / 1000) % given.length]!;
    sheet.addRow([name, idFor(birth, 101), '', '白云村']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function choose(name: string, buffer: Buffer, mimeType = XLSX): Promise<void> {
  await page.getByTestId('import-file-input').setInputFiles({ name, mimeType, buffer });
}

function count(kind: string) {
  return page.getByTestId(`import-count-${kind}`).locator('.number');
}

function livePeople(): string[] {
  return (app.db.prepare('SELECT name FROM people WHERE deleted_at IS NULL ORDER BY name').all() as { name: string }[]).map((r) => r.name);
}

function personByName(name: string) {
  const row = app.db.prepare('SELECT id FROM people WHERE name = ? AND deleted_at IS NULL').get(name) as { id: string } | undefined;
  return row ? findPerson(app.db, row.id) : undefined;
}

async function pickOption(trigger: ReturnType<Page['locator']>, label: string): Promise<void> {
  await trigger.click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: new RegExp(`^${label}$`) }).click();
}

async function confirmBox(button: string): Promise<void> {
  await page.locator('.el-message-box').getByRole('button', { name: button }).click();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-import-e2e-'));
  app = await startApp();
  page = app.page;
  const existing = savePerson(app.db, { name: '何老', idNumber: EXISTING_ID, unit: '青山村' });
  if (!existing.ok) throw new Error(existing.error.message);
  await page.goto(app.host.url);
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-choose').waitFor();
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Excel import wizard in Chromium', () => {
  it('refuses a file that is not a spreadsheet, an old .xls, and a file over the limit, in Chinese', async () => {
    await choose('名单.txt', Buffer.from('姓名\n张三'), 'text/plain');
    await expect.poll(() => page.getByTestId('import-file-problem').textContent()).toContain('“名单.txt”不是 Excel 或 CSV 文件');

    await choose('名单.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'application/vnd.ms-excel');
    await expect.poll(() => page.getByTestId('import-file-problem').textContent()).toContain('旧版 Excel（.xls）');

    // Checked from the file's size before anything is read or sent.
    const big = join(dir, '全县花名册.xlsx');
    writeFileSync(big, '');
    truncateSync(big, MAX_IMPORT_FILE_BYTES + 1024 * 1024);
    await page.getByTestId('import-file-input').setInputFiles(big);
    await expect.poll(() => page.getByTestId('import-file-problem').textContent()).toContain('超过了 64 MB 的上限');
  });

  it('says so when a workbook has no roster in it', async () => {
    await choose('空表.xlsx', await emptyWorkbook());
    await expect.poll(() => page.getByTestId('import-file-problem').textContent(), { timeout: 15_000 }).toMatch(/空表\.xlsx.*(没有找到表头行|是空的)/);
    expect(await page.getByTestId('import-choose').isVisible()).toBe(true);
  });

  it('previews a messy workbook: counts, problems by Excel row number, and the update field by field', async () => {
    await choose('红旗镇村干部花名册.xlsx', await messyWorkbook());
    await page.getByTestId('import-preview').waitFor({ timeout: 15_000 });
    expect(await count('created').textContent()).toBe('2');
    expect(await count('updated').textContent()).toBe('1');
    expect(await count('unchanged').textContent()).toBe('0');
    expect(await count('rejected').textContent()).toBe('1');
    expect(Number(await count('ignored').textContent())).toBeGreaterThanOrEqual(1);

    // The header was found under the title rows; its synonyms set the columns.
    expect(await page.getByTestId('import-header-row').locator('input').inputValue()).toBe('3');
    expect(await page.getByTestId('import-column-C').textContent()).toContain('身份证号');
    expect(await page.getByTestId('import-column-G').textContent()).toContain('学历');
    expect(await page.getByTestId('import-column-I').textContent()).toContain('单位');
    expect(await page.getByTestId('import-column-K').textContent()).toContain('不导入');

    // 张错号 is on sheet row 6 as Excel shows it.
    const problem = page.getByTestId('import-problems').locator('.el-table__body tr', { hasText: '校验位' });
    await expect.poll(() => problem.count()).toBe(1);
    const cells = await problem.locator('td').allTextContents();
    expect(cells[0]?.trim()).toBe('6');
    expect(cells[1]).toContain('不导入');
    expect(cells[2]).toContain('身份证号');
    expect(cells[3]).toContain('校验位');

    // 何老 is already in the roster: an update, shown as 原来 → 改为.
    await page.getByRole('tab', { name: /更新已有人员/ }).click();
    const update = page.getByTestId('import-update-7');
    await update.waitFor();
    expect(await update.textContent()).toContain('何老');
    const unitLine = update.locator('tbody tr', { hasText: '单位' }).first();
    expect(await unitLine.locator('.from').textContent()).toBe('青山村');
    expect(await unitLine.locator('.to').textContent()).toBe('红旗村');
    expect(livePeople()).toEqual(['何老']);
  });

  it('re-runs the preview when the clerk maps a column', async () => {
    await pickOption(page.getByTestId('import-column-K').locator('.el-select'), '人员类别');
    await expect.poll(() => page.getByTestId('import-column-K').textContent()).toContain('人员类别');
    await expect.poll(() => page.getByTestId('import-progress').count()).toBe(0);
    expect(await count('created').textContent()).toBe('2');
    expect(await page.getByTestId('import-mapping').textContent()).not.toContain('村干部类型不导入');
  });

  it('commits after a confirmation that names the rows left out, and the people are in the database', async () => {
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.locator('.el-message-box').textContent()).toContain('有 1 行有问题');
    await confirmBox('确认导入');
    await page.getByTestId('import-result').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('import-result-title').textContent()).toContain('新增 2 人，更新 1 人');
    expect(await page.getByTestId('import-result').getByTestId('import-problems').textContent()).toContain('校验位');

    expect(livePeople()).toEqual(['何老', '李秀英', '王建国'].sort());
    const wang = personByName('王建国');
    expect(wang).toMatchObject({ idNumber: WANG_ID, ethnicity: '汉族', politicalStatus: '中共党员', educationCode: '31', phone: '13800138001', unit: '红旗村', post: '村党组织书记' });
    expect(wang?.categories).toContain('村级后备干部');
    expect(personByName('何老')).toMatchObject({ unit: '红旗村', post: '村委会委员' });

    const history = page.getByTestId('import-history-table');
    await expect.poll(() => history.locator('.el-table__body tr').count()).toBe(1);
    expect(await history.textContent()).toContain('红旗镇村干部花名册.xlsx');
  });

  it('saves the problem list as an xlsx', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-result').getByTestId('import-problems-download').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = join(dir, 'problems.xlsx');
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const text = JSON.stringify(workbook.worksheets[0]?.getSheetValues());
    expect(text).toContain('校验位');
    expect(text).toContain('张错号');
  });

  it('undoes the last import after a confirmation, and the people are gone', async () => {
    await page.getByTestId('import-go-roster').click();
    await expect.poll(() => page.url()).toContain('#/roster');
    await page.getByTestId('nav-import').click();
    // The finished import waits on the page until the clerk starts another.
    await page.getByTestId('import-result').waitFor();
    await page.getByTestId('import-undo').click();
    await expect.poll(() => page.locator('.el-message-box').textContent()).toContain('红旗镇村干部花名册.xlsx');
    await confirmBox('撤销最近一次导入');
    await expect.poll(() => page.getByTestId('import-undo-result').textContent()).toContain('删除新增的 2 人，恢复更新前信息 1 人');
    expect(livePeople()).toEqual(['何老']);
    expect(personByName('何老')).toMatchObject({ unit: '青山村', post: null });
    await expect.poll(() => page.getByTestId('import-history-table').textContent()).toContain('撤销');
    expect(await page.getByTestId('import-undo').isDisabled()).toBe(true);
  });

  it('remembers the corrected mapping for a file with the same header layout', async () => {
    await page.getByTestId('import-again').click();
    await choose('红旗镇村干部花名册（修订）.xlsx', await messyWorkbook());
    await page.getByTestId('import-preview').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('import-column-K').textContent()).toContain('人员类别');
    await page.getByTestId('import-restart').click();
  });

  it('shows progress while reading and cancels the preview', async () => {
    await choose('全镇花名册.xlsx', await bigWorkbook(20_000));
    await page.getByTestId('import-progress').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('import-progress-detail').textContent(), { timeout: 15_000 }).toMatch(/已(读取|处理) \d+/);
    await page.getByTestId('import-cancel').click();
    await expect.poll(() => page.getByText('已取消读取，没有导入任何数据').count(), { timeout: 15_000 }).toBe(1);
    expect(livePeople()).toEqual(['何老']);
  });

  it('cancels a running commit and writes nothing', async () => {
    await choose('全镇花名册.xlsx', await bigWorkbook(20_000));
    await page.getByTestId('import-preview').waitFor({ timeout: 60_000 });
    expect(await count('created').textContent()).toBe('20000');
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-progress').and(page.locator('[data-mode="commit"]')).waitFor();
    // The cancel button has the focus, so Enter cancels.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('import-commit-cancelled').count(), { timeout: 30_000 }).toBe(1);
    expect(livePeople()).toEqual(['何老']);
    await expect.poll(() => page.getByTestId('import-history-table').locator('.el-table__body tr').count()).toBe(1);
  });

  it('ran without console errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
