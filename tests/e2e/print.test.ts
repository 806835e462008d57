import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { dispatch } from '../../src/core/dispatch';
import type { Input, LedgerHandlers, Method } from '../../src/shared/contract';
import { maskIdNumber } from '../../src/shared/validate/idNumber';
import { syntheticId } from '../helpers/ledger';
import { startApp, type AppUnderTest } from './harness';

/**
 * The printed roster through Chromium's own PDF engine (the one Electron's printToPDF uses): 300 people,
 * A4 landscape, checked as text with pdftotext, page by page.
 */

const PEOPLE = 300;
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = ['建国', '秀英', '国强', '丽华', '明', '志刚', '桂兰', '海燕', '伟', '军', '芳', '敏', '静', '磊', '洋'];
const VILLAGES = ['红旗村', '红星村', '前进村', '和平村', '东风村', '向阳村', '新华村', '胜利村'];
const LONG_UNIT = '红旗镇红旗村第三村民小组党支部联合办公室驻地工作站';
const LONG_POST = '村党组织书记、村委会主任、村集体经济组织负责人';

// Geometry of the page (printLayout.ts / RosterPrint.vue): A4 landscape 210 mm tall, margins 12 + 14 mm,
// header row 11 mm, rows 9 mm; page 1 also carries the title and the 填报单位 line (about 22–30 mm).
const CONTENT_MM = 210 - 12 - 14;
const ROWS_OTHER_PAGES = Math.floor((CONTENT_MM - 11) / 9);
const ROWS_FIRST_PAGE_MIN = Math.floor((CONTENT_MM - 11 - 30) / 9);
const ROWS_FIRST_PAGE_MAX = Math.floor((CONTENT_MM - 11 - 22) / 9);
const PAGES_MIN = 1 + Math.ceil((PEOPLE - ROWS_FIRST_PAGE_MAX) / ROWS_OTHER_PAGES);
// The signature line may need a page of its own.
const PAGES_MAX = 2 + Math.ceil((PEOPLE - ROWS_FIRST_PAGE_MIN) / ROWS_OTHER_PAGES);

let app: AppUnderTest;
let page: Page;
let outDir: string;
let names: string[];
let ids: string[];

function seed(handlers: LedgerHandlers) {
  const must = async <M extends Method>(method: M, input: Input<M>) => {
    const result = await dispatch(handlers, method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.data;
  };
  return { must };
}

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  outDir = mkdtempSync(join(tmpdir(), 'ledger-print-'));
  const { must } = seed(createLedgerApi(app.db));
  await must('setOffice', { name: '红旗镇', code: '110101001' });
  names = SURNAMES.flatMap((s) => GIVEN.map((g) => s + g)).slice(0, PEOPLE);
  ids = names.map((_, i) => syntheticId(`${1960 + (i % 40)}0${1 + (i % 9)}15`, String(100 + i)));
  for (const [i, name] of names.entries()) {
    await must('savePerson', {
      name,
      idNumber: ids[i],
      politicalStatus: i % 3 === 0 ? '中共党员' : '群众',
      education: '大学本科',
      ethnicity: '汉族',
      phone: `139${String(10000000 + i).slice(-8)}`,
      unit: i === 7 ? LONG_UNIT : VILLAGES[i % VILLAGES.length],
      post: i === 7 ? LONG_POST : i % 4 === 0 ? '村党组织书记' : '村委会委员',
      categories: ['村（社区）两委成员'],
    });
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (outDir && !process.env.KEEP_PRINT_PDF) rmSync(outDir, { recursive: true, force: true });
});

async function openPrint(query: string): Promise<number> {
  const started = performance.now();
  await page.goto(`${app.host.url}/#/print/roster?${query}`);
  await page.locator('[data-testid="roster-print"][data-state="ready"]').waitFor({ timeout: 60_000 });
  await expect.poll(() => page.getByTestId('print-row').count()).toBe(PEOPLE);
  return performance.now() - started;
}

/** Prints to PDF the way Electron's printToPDF does, and returns each page's text. */
async function printPdf(name: string): Promise<{ pages: string[]; info: string; file: string; ms: number }> {
  const file = join(outDir, `${name}.pdf`);
  const started = performance.now();
  await page.pdf({ path: file, format: 'A4', landscape: true, preferCSSPageSize: true, printBackground: true });
  const ms = performance.now() - started;
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pages = text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== '');
  return { pages, info, file, ms };
}

/** A name as a whole word: not part of a longer run of Chinese characters. */
function countName(text: string, name: string): number {
  return text.match(new RegExp(`(?<![\\u4e00-\\u9fff])${name}(?![\\u4e00-\\u9fff])`, 'g'))?.length ?? 0;
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('printing the roster', () => {
  let masked: Awaited<ReturnType<typeof printPdf>>;

  it('renders a bare page (no app frame) with every person', async () => {
    const ms = await openPrint('view=all');
    console.log(`[print] ${PEOPLE} rows on screen in ${ms.toFixed(0)} ms`);
    expect(await page.locator('.frame').count()).toBe(0);
    expect(await page.getByTestId('print-title').textContent()).toBe('红旗镇干部花名册');
    expect(await page.getByTestId('print-status').textContent()).toContain(`共 ${PEOPLE} 人`);
    // KEEP_PRINT_PDF=1 keeps the PDFs and this screenshot, to look at the layout by eye.
    if (process.env.KEEP_PRINT_PDF) await page.screenshot({ path: join(outDir, 'screen.png') });
  });

  it('prints A4 landscape with the expected number of pages', async () => {
    masked = await printPdf('masked');
    const count = Number(/Pages:\s+(\d+)/.exec(masked.info)?.[1]);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(masked.info);
    console.log(`[print] PDF ${count} pages (expected ${PAGES_MIN}–${PAGES_MAX}) in ${masked.ms.toFixed(0)} ms: ${masked.file}`);
    // A4 landscape is 842 × 595 pt.
    expect(Math.round(Number(size?.[1]))).toBe(842);
    expect(Math.round(Number(size?.[2]))).toBe(595);
    expect(masked.pages).toHaveLength(count);
    expect(count).toBeGreaterThanOrEqual(PAGES_MIN);
    expect(count).toBeLessThanOrEqual(PAGES_MAX);
  });

  it('has the title and 填报单位 / 填报日期 on page 1 only', () => {
    const first = squash(masked.pages[0]!);
    expect(first).toContain('红旗镇干部花名册');
    expect(first).toContain('填报单位（盖章）：红旗镇');
    expect(first).toMatch(/填报日期：\d{4}年\d{1,2}月\d{1,2}日/);
    expect(squash(masked.pages[1]!)).not.toContain('红旗镇干部花名册');
  });

  it('repeats the header row and numbers every page 第 x 页 共 y 页', () => {
    const total = masked.pages.length;
    masked.pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toMatch(/序号\s+姓名\s+性别\s+民族\s+出生年月\s+政治面貌\s+学历\s+身份证号\s+单位\s+现任职务\s+联系电话/);
      expect(squash(text), `page ${i + 1}`).toContain(`第${i + 1}页共${total}页`);
    });
  });

  it('puts every row on exactly one page, whole, with fixed row heights', () => {
    const all = masked.pages.join('\n');
    const perPage = masked.pages.map(() => 0);
    names.forEach((name, i) => {
      expect(countName(all, name), name).toBe(1);
      const p = masked.pages.findIndex((text) => countName(text, name) === 1);
      perPage[p]!++;
      // The rest of the row (masked ID, phone) is on the same page: the row was not split.
      expect(masked.pages[p], name).toContain(maskIdNumber(ids[i]!));
    });
    console.log(`[print] rows per page: ${perPage.join(' ')}`);
    // Fixed row height: full pages all hold the same number of rows, the page with the long unit and
    // post included. The last two pages may hold fewer: the signature line takes the last row along.
    expect(perPage[0]).toBeGreaterThanOrEqual(ROWS_FIRST_PAGE_MIN);
    expect(perPage[0]).toBeLessThanOrEqual(ROWS_FIRST_PAGE_MAX);
    const full = perPage.slice(1, -2);
    expect(full.length).toBeGreaterThan(10);
    expect(new Set(full)).toEqual(new Set([ROWS_OTHER_PAGES]));
    for (const n of perPage.slice(-2)) expect(n).toBeLessThanOrEqual(ROWS_OTHER_PAGES);
    expect(perPage.at(-1)).toBeGreaterThan(0);
  });

  it('masks ID numbers by default', () => {
    const all = masked.pages.join('\n');
    expect(all).toContain('110101********');
    for (const id of ids) expect(all).not.toContain(id);
  });

  it('ends with the 填报人 / 审核人 / 联系电话 line on the last page', () => {
    const last = squash(masked.pages.at(-1)!);
    expect(last).toMatch(/填报人：审核人：联系电话：/);
    for (const text of masked.pages.slice(0, -1)) expect(squash(text)).not.toContain('填报人：');
  });

  it('keeps the toolbar and open popups (the column chooser) off the paper', async () => {
    await page.getByTestId('print-columns').click();
    await page.getByTestId('print-column-choices').waitFor();
    const withPopup = await printPdf('popup');
    const first = squash(withPopup.pages[0]!);
    for (const text of ['返回花名册', '选择列', '显示完整身份证号', '所在党组织', '人员类别']) expect(first).not.toContain(text);
    expect(withPopup.pages).toHaveLength(masked.pages.length);
    await page.getByTestId('print-title').click();
    await expect.poll(() => page.getByTestId('print-column-choices').isVisible()).toBe(false);
  });

  it('prints full ID numbers when the switch is on', async () => {
    await page.getByTestId('print-full-id').click();
    await expect.poll(() => page.url()).toContain('mask=0');
    await expect.poll(() => page.getByTestId('print-table').textContent()).toContain(ids[0]!);
    const full = await printPdf('full');
    const all = full.pages.join('\n');
    for (const id of ids) expect(all).toContain(id);
    expect(all).not.toContain('********');
  });

  it('prints only the chosen columns', async () => {
    await openPrint('view=all&cols=name,gender,unit,note');
    expect(await page.locator('[data-testid="print-table"] thead th').allTextContents()).toEqual(['序号', '姓名', '性别', '单位', '备注']);
    const chosen = await printPdf('columns');
    expect(chosen.pages[0]).toMatch(/序号\s+姓名\s+性别\s+单位\s+备注/);
    expect(chosen.pages.join('\n')).not.toContain('110101');
  });

  it('prints an empty roster as one page with its header, a note and the signature line', async () => {
    await page.goto(`${app.host.url}/#/print/roster?view=reserves`);
    await page.locator('[data-testid="roster-print"][data-state="ready"]').waitFor();
    const empty = await printPdf('empty');
    expect(empty.pages).toHaveLength(1);
    const text = squash(empty.pages[0]!);
    expect(text).toContain('红旗镇村级后备干部花名册');
    expect(text).toContain('本花名册暂无人员');
    expect(text).toContain('填报人：');
    expect(text).toContain('第1页共1页');
  });

  it('ran without console errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
