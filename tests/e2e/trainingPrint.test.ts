import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CourseSession, Enrolment } from '../../src/shared/training';
import { maskPhone } from '../../src/shared/validate/phone';
import { pageCount, rowsOnPages } from '../../src/ui/features/print/paging';
import { SIGN_IN_COLUMNS_MM, SIGN_IN_GEOMETRY, SIGN_IN_ROW_MM } from '../../src/ui/features/trainingPrint/signInLayout';
import { ledgerOver } from '../helpers/ledger';
import { addSession, makeCourse, seedTownship } from '../helpers/training';
import { startApp, type AppUnderTest } from './harness';

/**
 * The training printouts through Chromium's own PDF engine (the one Electron's printToPDF uses): a 签到表 for a
 * session with 40 people, a blank sheet, and the course's 参训人员花名册, checked as text with pdftotext and
 * page 1 of the sign-in sheet rendered with pdftoppm (KEEP_PRINT_PDF=1 keeps the files to look at).
 */

let app: AppUnderTest;
let page: Page;
let outDir: string;
let courseId: string;
let morning: CourseSession;
let enrolments: Enrolment[];

const PX_MM = 25.4 / 96;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  outDir = process.env.KEEP_PRINT_PDF ? join(tmpdir(), 'ledger-training-print') : mkdtempSync(join(tmpdir(), 'ledger-training-print-'));
  if (process.env.KEEP_PRINT_PDF) execFileSync('mkdir', ['-p', outDir]);
  const ledger = ledgerOver(app.db);
  ledger.must('setOffice', { name: '青山镇', code: '110101001' });
  const { townId } = seedTownship(ledger, 2, 20);
  const course = makeCourse(ledger);
  courseId = course.id;
  morning = addSession(ledger, course.id, '2026-03-02', '上午', 4, { topic: '学习党的二十大精神' });
  const afternoon = addSession(ledger, course.id, '2026-03-02', '下午', 4);
  expect(ledger.must('enrol', { courseId, unitId: townId }).enrolled).toBe(40);
  enrolments = ledger.must('orderEnrolments', { courseId, by: 'unit' });
  // Attendance for the course roster: everyone in the morning, all but the first two in the afternoon.
  const sheet = ledger.must('getSessionAttendance', { sessionId: morning.id });
  ledger.must('recordAttendance', { sessionId: morning.id, entries: sheet.rows.map((r) => ({ personId: r.personId, status: '出席' as const })) });
  ledger.must('recordAttendance', {
    sessionId: afternoon.id,
    entries: sheet.rows.map((r, i) => ({ personId: r.personId, status: i < 2 ? ('请假' as const) : ('出席' as const), reason: i < 2 ? '病假' : null })),
  });
  enrolments = ledger.must('listEnrolments', { courseId });
  const first = enrolments[0]!;
  ledger.must('saveEnrolmentResult', { id: first.id, result: '合格' });
  enrolments = ledger.must('listEnrolments', { courseId });
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (outDir && !process.env.KEEP_PRINT_PDF) rmSync(outDir, { recursive: true, force: true });
});

async function open(path: string, testid: string): Promise<void> {
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

function pdfPages(info: string): number {
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

function pdfSize(info: string): [number, number] {
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  return [Math.round(Number(size?.[1])), Math.round(Number(size?.[2]))];
}

/** A name as a whole word: not part of a longer run of Chinese characters. */
function countName(text: string, name: string): number {
  return text.match(new RegExp(`(?<![\\u4e00-\\u9fff])${name}(?![\\u4e00-\\u9fff])`, 'g'))?.length ?? 0;
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('the 签到表 of a session', () => {
  let pdf: Awaited<ReturnType<typeof printPdf>>;

  it('shows the enrolled people in their printed order, phones masked', async () => {
    await open(`/print/sign-in?session=${morning.id}`, 'sign-in-print');
    expect(await page.locator('.frame').count()).toBe(0);
    await expect.poll(() => page.getByTestId('print-row').count()).toBe(40);
    const names = await page.locator('[data-testid="print-row"] td:nth-child(2)').allTextContents();
    expect(names).toEqual(enrolments.map((e) => e.name));
    expect(await page.getByTestId('print-status').textContent()).toContain(`共 40 行，预计 ${pageCount(40, SIGN_IN_GEOMETRY)} 页`);
  });

  it('has rows at least 1 cm tall and a signature column at least 3 cm wide on paper', async () => {
    // On screen the paper is A4 with the print margins as padding, so the table has its printed width.
    const row = await page.getByTestId('print-row').first().boundingBox();
    const signature = await page.locator('[data-testid="print-table"] th').nth(5).boundingBox();
    const table = await page.getByTestId('print-table').boundingBox();
    console.log(`[sign-in] table ${(table!.width * PX_MM).toFixed(1)} mm wide`);
    const rowMm = row!.height * PX_MM;
    const signatureMm = signature!.width * PX_MM;
    console.log(`[sign-in] row ${rowMm.toFixed(2)} mm tall, 签到 column ${signatureMm.toFixed(2)} mm wide`);
    expect(rowMm).toBeGreaterThanOrEqual(10);
    expect(rowMm).toBeCloseTo(SIGN_IN_ROW_MM, 0);
    expect(signatureMm).toBeGreaterThanOrEqual(30);
    expect(signatureMm).toBeCloseTo(SIGN_IN_COLUMNS_MM.signature, 0);
  });

  it('prints A4 portrait on the expected number of pages', async () => {
    pdf = await printPdf('sign-in', false);
    const expected = pageCount(40, SIGN_IN_GEOMETRY);
    console.log(`[sign-in] ${pdfPages(pdf.info)} pages (expected ${expected}: rows ${rowsOnPages(40, SIGN_IN_GEOMETRY).join('+')}): ${pdf.file}`);
    // A4 portrait is 595 × 842 pt.
    expect(pdfSize(pdf.info)).toEqual([595, 842]);
    expect(pdfPages(pdf.info)).toBe(expected);
    expect(pdf.pages).toHaveLength(expected);
  });

  it('has the header block on page 1: 培训名称, 时间, 地点, 主办单位, 应到 and a blank 实到', () => {
    const first = squash(pdf.pages[0]!);
    expect(first).toContain('签到表');
    expect(first).toContain('培训名称：2026年村党组织书记集中轮训班');
    expect(first).toContain('培训时间：2026年3月2日上午08:30—12:00');
    expect(first).toContain('培训地点：镇党校');
    expect(first).toContain('主办单位：中共青山镇委员会');
    expect(first).toContain('应到40人实到人');
    expect(squash(pdf.pages[1]!)).not.toContain('培训名称');
  });

  it('prints all 40 names once, in order, the rows per page as computed, header and 第X页 共Y页 on every page', () => {
    const all = pdf.pages.join('\n');
    let last = -1;
    for (const e of enrolments) {
      expect(countName(all, e.name), e.name).toBe(1);
      const at = all.indexOf(e.name);
      expect(at, `${e.name} after the one before`).toBeGreaterThan(last);
      last = at;
    }
    const perPage = pdf.pages.map((text) => enrolments.filter((e) => countName(text, e.name) === 1).length);
    console.log(`[sign-in] rows per page: ${perPage.join(' ')}`);
    expect(perPage).toEqual(rowsOnPages(40, SIGN_IN_GEOMETRY));
    pdf.pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toMatch(/序号\s+姓名\s+单位\s+职务\s+联系电话\s+签到（本人签名）\s+备注/);
      expect(squash(text), `page ${i + 1}`).toContain(`第${i + 1}页共${pdf.pages.length}页`);
    });
  });

  it('masks phone numbers by default', () => {
    const all = pdf.pages.join('\n');
    expect(all).toContain(maskPhone(enrolments[0]!.phone!));
    for (const e of enrolments) expect(all).not.toContain(e.phone!);
  });

  it('renders page 1 as an image (pdftoppm)', () => {
    const prefix = join(outDir, 'sign-in-page');
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf.file, prefix]);
    expect(existsSync(`${prefix}.png`)).toBe(true);
    console.log(`[sign-in] page 1 image: ${prefix}.png`);
  });

  it('prints full phone numbers when the switch is on', async () => {
    await page.getByTestId('print-full-phone').click();
    await expect.poll(() => page.url()).toContain('mask=0');
    const full = await printPdf('sign-in-full', false);
    const all = full.pages.join('\n');
    for (const e of enrolments) expect(all).toContain(e.phone!);
  });

  it('adds N numbered blank rows after the names', async () => {
    await open(`/print/sign-in?session=${morning.id}&blank=5`, 'sign-in-print');
    await expect.poll(() => page.getByTestId('print-row').count()).toBe(45);
    const indexes = await page.locator('[data-testid="print-row"] td:first-child').allTextContents();
    expect(indexes.at(-1)).toBe('45');
    expect(await page.locator('[data-testid="print-row"]').nth(44).locator('td').nth(1).textContent()).toBe('');
  });

  it('prints a blank sheet of N numbered empty rows for walk-ins', async () => {
    const rows = 30;
    await open(`/print/sign-in?session=${morning.id}&names=0&blank=${rows}`, 'sign-in-print');
    await expect.poll(() => page.getByTestId('print-row').count()).toBe(rows);
    const blank = await printPdf('sign-in-blank', false);
    expect(pdfPages(blank.info)).toBe(pageCount(rows, SIGN_IN_GEOMETRY));
    const all = blank.pages.join('\n');
    for (const e of enrolments) expect(countName(all, e.name), e.name).toBe(0);
    const numbers = [...all.matchAll(/^\s*(\d+)\s*$/gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
    const first = squash(blank.pages[0]!);
    expect(first).toContain('培训名称：2026年村党组织书记集中轮训班');
    // 应到 left for the pen too: walk-ins are not counted in advance.
    expect(first).toContain('应到人实到人');
    expect(squash(blank.pages.at(-1)!)).toContain(`第${blank.pages.length}页共${blank.pages.length}页`);
    const prefix = join(outDir, 'sign-in-blank-page');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', blank.file, prefix]);
  });
});

describe('the 参训人员花名册 of a course', () => {
  it('prints A4 landscape with the title, columns, hours, result and footer', async () => {
    await open(`/print/course-roster?course=${courseId}`, 'course-roster-print');
    await expect.poll(() => page.getByTestId('print-row').count()).toBe(40);
    const pdf = await printPdf('course-roster', true);
    console.log(`[course-roster] ${pdf.pages.length} pages: ${pdf.file}`);
    expect(pdfSize(pdf.info)).toEqual([842, 595]);
    const first = squash(pdf.pages[0]!);
    expect(first).toContain('《2026年村党组织书记集中轮训班》参训人员花名册');
    expect(first).toContain('填报单位（盖章）：青山镇');
    expect(first).toMatch(/填报日期：\d{4}年\d{1,2}月\d{1,2}日/);
    pdf.pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toMatch(/序号\s+姓名\s+性别\s+单位\s+职务\s+联系电话\s+应参加学时\s+实际学时\s+考核结果\s+备注/);
      expect(squash(text), `page ${i + 1}`).toContain(`第${i + 1}页共${pdf.pages.length}页`);
    });
    const all = pdf.pages.join('\n');
    for (const e of enrolments) expect(countName(all, e.name), e.name).toBe(1);
    // The first two took leave in the afternoon: 4 of 8 学时, noted in 备注.
    const lineOf = (name: string) => all.split('\n').find((l) => countName(l, name) === 1)!;
    expect(squash(lineOf(enrolments[0]!.name))).toMatch(/84合格请假4学时$/);
    expect(squash(lineOf(enrolments[5]!.name))).toMatch(/88$/);
    expect(squash(pdf.pages.at(-1)!)).toMatch(/填报人：审核人：联系电话：/);
    expect(all).toContain(maskPhone(enrolments[0]!.phone!));
  });

  it('ran without console errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
