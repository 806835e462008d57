import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerOver, type TempLedger } from '../helpers/ledger';
import { seedCourse, seedRoster, writeMessyWorkbook, type CourseFixture } from '../unit/training/excelFixtures';
import { startApp, type AppUnderTest } from './harness';

/**
 * A course's Excel actions in Chromium, through the browser host: import the messy sign-in workbook (preview with
 * problems by row, confirm), export the course roster, undo the import.
 */

let app: AppUnderTest;
let page: Page;
let ledger: TempLedger;
let fx: CourseFixture;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  ledger = ledgerOver(app.db);
  seedRoster(ledger);
  fx = seedCourse(ledger);
  await page.goto(`${app.host.url}/#/training/${fx.course.id}`);
  await page.getByTestId('course-excel').waitFor();
});

afterAll(async () => {
  await app?.close();
});

const enrolled = () => (app.db.prepare('SELECT COUNT(*) AS n FROM enrolments WHERE course_id = ? AND deleted_at IS NULL').get(fx.course.id) as { n: number }).n;

describe('course Excel actions', () => {
  it('imports a sign-in workbook after a preview that lists every problem by row', async () => {
    const file = join(dirname(app.dbFile), '签到汇总.xlsx');
    await writeMessyWorkbook(file);
    // The attendance tab stays open through the import: it must show what was imported without a reload.
    await page.locator('.el-tabs__item', { hasText: '考勤登记' }).click();
    expect(await page.getByTestId('attendance-row').count()).toBe(0);
    await page.getByTestId('course-import-file').setInputFiles(file);
    const dialog = page.getByTestId('course-import-dialog');
    await expect.poll(() => page.getByTestId('course-import-counts').textContent()).toContain('新加入名单 4 人');
    expect(await page.getByTestId('course-import-counts').textContent()).toContain('有问题未导入 6 行');
    expect(await page.getByTestId('course-import-columns').textContent()).toContain('F 3月2日（上午） → 2026-03-02 上午');
    const problems = page.getByTestId('course-import-problems');
    expect(await problems.locator('tbody tr', { hasText: '未导入' }).count()).toBe(6);
    expect(await problems.locator('tbody tr', { hasText: '不在干部花名册中' }).locator('td').first().textContent()).toBe('8');
    expect(enrolled()).toBe(0);
    await page.getByTestId('course-import-confirm').click();
    await expect.poll(() => enrolled()).toBe(4);
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.locator('.el-message').last().textContent()).toContain('新加入名单 4 人');
    await expect.poll(() => page.getByTestId('course-counts').textContent()).toContain('4');
    await expect.poll(() => page.getByTestId('attendance-row').count()).toBe(4);
  });

  it('exports the course roster as xlsx with IDs masked', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('course-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^2026年村干部集中轮训班_参训人员名单_.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('参训人员名单')!;
    expect(ws.getCell('A1').value).toBe('《2026年村干部集中轮训班》参训人员名单');
    expect(String(ws.getCell('D4').value)).toContain('********');
  });

  it('undoes the import after asking', async () => {
    await page.getByTestId('course-import-undo').click();
    const box = page.locator('.el-message-box');
    await expect.poll(() => box.textContent()).toContain('签到汇总.xlsx');
    await box.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => enrolled()).toBe(0);
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM attendance').get()).toEqual({ n: 0 });
    await expect.poll(() => page.getByTestId('attendance-row').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
