import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerRow } from '../../src/shared/training';
import { ledgerOver, type TempLedger } from '../helpers/ledger';
import { addSession, makeCourse, seedTownship, type SeededPerson } from '../helpers/training';
import { startApp, type AppUnderTest } from './harness';

/**
 * The yearly 学时台账 screen against what the core computes for seeded attendance: per-person hours,
 * requirement and shortfall, the summary, the 未达标名单, the coverage chart (ECharts under the strict CSP),
 * the rules dialog, and the printed 未达标名单.
 */

const YEAR = 2026;
let app: AppUnderTest;
let page: Page;
let ledger: TempLedger;
let people: SeededPerson[];
let outDir: string;

function attend(courseId: string, sessionIds: string[], who: (i: number) => boolean): void {
  const enrolled = ledger.must('listEnrolments', { courseId });
  for (const sessionId of sessionIds) {
    const entries = enrolled.filter((_, i) => who(i)).map((e) => ({ personId: e.personId, status: '出席' as const }));
    if (entries.length > 0) ledger.must('recordAttendance', { sessionId, entries });
  }
}

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  outDir = mkdtempSync(join(tmpdir(), 'ledger-training-ledger-'));
  ledger = ledgerOver(app.db);
  ledger.must('setOffice', { name: '青山镇', code: '110101001' });
  const seeded = seedTownship(ledger, 3, 20);
  people = seeded.people;
  // 党员教育: four full days (32 学时) for 东村 and 西村; everyone in 东村 comes, in 西村 only every other person.
  const party = makeCourse(ledger, { name: '2026年农村党员冬春训', kind: '冬春训', ledgers: ['党员教育培训'], startDate: '2026-01-12', endDate: '2026-01-15' });
  const partyDays = ['2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15'].map((d) => addSession(ledger, party.id, d, '全天', 8).id);
  ledger.must('enrol', { courseId: party.id, unitId: seeded.villageIds[0] });
  ledger.must('enrol', { courseId: party.id, unitId: seeded.villageIds[1] });
  const enrolledParty = ledger.must('listEnrolments', { courseId: party.id });
  const eastCount = enrolledParty.filter((e) => people.find((p) => p.id === e.personId)!.unitId === seeded.villageIds[0]).length;
  attend(party.id, partyDays, (i) => {
    const e = enrolledParty[i]!;
    const east = people.find((p) => p.id === e.personId)!.unitId === seeded.villageIds[0];
    return east || i % 2 === 0;
  });
  expect(eastCount).toBe(20);
  // 党员 and 干部 both: three days of a 集中轮训 for the first three people of each village (the 乡镇公务员 among them).
  const both = makeCourse(ledger, { name: '2026年村党组织书记集中轮训班', kind: '集中轮训', ledgers: ['党员教育培训', '干部教育培训'], startDate: '2026-03-02', endDate: '2026-03-04' });
  const bothDays = ['2026-03-02', '2026-03-03', '2026-03-04'].map((d) => addSession(ledger, both.id, d, '全天', 8).id);
  const firsts = seeded.villageIds.flatMap((v) => people.filter((p) => p.unitId === v).slice(0, 3).map((p) => p.id));
  ledger.must('enrol', { courseId: both.id, personIds: firsts });
  attend(both.id, bothDays, () => true);
}, 120_000);

afterAll(async () => {
  await app?.close();
  rmSync(outDir, { recursive: true, force: true });
});

function coreLedger(extra: { shortfallOnly?: boolean; ledger?: '党员教育培训' | '干部教育培训' } = {}) {
  return ledger.must('trainingLedger', { year: YEAR, limit: 100_000, sort: extra.shortfallOnly ? 'shortfall' : 'unit', ...extra });
}

async function openLedger(query = `year=${YEAR}`): Promise<void> {
  // Through another page, so the ledger page starts afresh (a hash change alone keeps it mounted).
  await page.goto(`${app.host.url}/#/roster`);
  await page.goto(`${app.host.url}/#/training/ledger?${query}`);
  await page.getByTestId('training-ledger').waitFor();
  await expect.poll(() => page.locator('[data-testid="ledger-table"] .el-table__row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
}

async function stat(name: string): Promise<string> {
  return ((await page.locator(`[data-testid="ledger-summary"] [data-stat="${name}"]`).textContent()) ?? '').trim();
}

/** The visible cells of a person's row, found by searching for the name. */
async function rowOf(person: Pick<LedgerRow, 'personId' | 'name'>): Promise<Record<string, string>> {
  await page.getByTestId('ledger-search').fill(person.name);
  const row = page.locator('[data-testid="ledger-table"] .el-table__row').filter({ has: page.locator(`[data-person-id="${person.personId}"]`) });
  await row.waitFor();
  await expect.poll(() => page.locator('[data-testid="ledger-table"] .el-table__row').count()).toBe(1);
  const cells: Record<string, string> = {};
  for (const col of ['name', 'unit', 'party', 'cadre', 'required', 'shortfall', 'rule']) cells[col] = ((await row.locator(`[data-col="${col}"]`).textContent()) ?? '').trim();
  return cells;
}

const text = (n: number) => String(Math.round(n * 100) / 100);

describe('the 学时台账 page', () => {
  it('opens from the nav item', async () => {
    await page.goto(`${app.host.url}/#/roster`);
    await page.getByTestId('nav-training-ledger').click();
    await expect.poll(() => page.url()).toContain('#/training/ledger');
    await page.getByTestId('training-ledger').waitFor();
    await expect.poll(() => page.locator('.el-menu-item.is-active').textContent()).toBe('学时台账');
  });

  it('shows the summary the core computes', async () => {
    await openLedger();
    const core = coreLedger().summary;
    await expect.poll(() => stat('people')).toBe(String(core.people));
    expect(await stat('required')).toBe(String(core.required));
    expect(await stat('met')).toBe(String(core.met));
    expect(await stat('behind')).toBe(String(core.behind));
    expect(await stat('shortfallHours')).toBe(text(core.shortfallHours));
    console.log(`[ledger] summary ${JSON.stringify(core)}`);
  });

  it("shows each person's hours, requirement, shortfall and rule as the core does", async () => {
    const rows = coreLedger().items;
    // A party member who met 32, one behind, a 两委 member (56), a 乡镇公务员 on both ledgers, a non-member.
    const picks = [
      rows.find((r) => r.required === 32 && r.shortfall === 0),
      rows.find((r) => r.required === 32 && r.shortfall > 0 && r.hours > 0),
      rows.find((r) => r.required === 56),
      rows.find((r) => r.standings.some((s) => s.ledger === '干部教育培训')),
      rows.find((r) => r.standings.length === 0),
    ];
    for (const pick of picks) {
      expect(pick).toBeDefined();
      const r = pick!;
      const cells = await rowOf(r);
      const main = r.standings.find((s) => s.required === r.required && s.shortfall === r.shortfall);
      expect(cells, r.name).toEqual({
        name: r.name,
        unit: r.unit ?? '',
        party: text(r.hoursByLedger.党员教育培训),
        cadre: text(r.hoursByLedger.干部教育培训),
        required: r.standings.length > 0 ? text(r.required) : '',
        shortfall: r.standings.length > 0 ? text(r.shortfall) : '',
        rule: main?.ruleName ?? '无学时要求',
      });
    }
    await page.getByTestId('ledger-search').fill('');
  });

  it('lists the people behind, largest shortfall first (未达标名单)', async () => {
    await openLedger();
    await page.getByTestId('ledger-mode-shortfall').click();
    const core = coreLedger({ shortfallOnly: true });
    await expect.poll(() => page.locator('[data-testid="ledger-pagination"] .el-pagination__total').textContent()).toContain(String(core.total));
    const names = await page.locator('[data-testid="ledger-table"] [data-col="name"]').allTextContents();
    expect(names).toEqual(core.items.slice(0, 50).map((r) => r.name));
    const shortfalls = (await page.locator('[data-testid="ledger-table"] [data-col="shortfall"]').allTextContents()).map(Number);
    expect(shortfalls).toEqual([...shortfalls].sort((a, b) => b - a));
    expect(shortfalls.every((s) => s > 0)).toBe(true);
  });

  it('draws the coverage chart on a canvas', async () => {
    const canvas = page.locator('[data-testid="coverage-chart"] canvas');
    await canvas.first().waitFor({ timeout: 15_000 });
    const box = await canvas.first().boundingBox();
    console.log(`[ledger] chart canvas ${box?.width}×${box?.height}`);
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(100);
    // Something was painted: the canvas is not blank.
    const painted = await canvas.first().evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    });
    expect(painted).toBe(true);
    // KEEP_PRINT_PDF=1 keeps a screenshot of the page and the printed list, to look at by eye.
    if (process.env.KEEP_PRINT_PDF) await page.screenshot({ path: join(tmpdir(), 'ledger-page.png') });
  });

  it('changes the requirement in the rules dialog, and the ledger follows', async () => {
    await openLedger();
    const before = coreLedger().items.find((r) => r.required === 32 && r.standings.length === 1)!;
    await page.getByTestId('ledger-rules').click();
    const dialog = page.getByTestId('rules-dialog');
    await dialog.getByTestId('rules-table').waitFor();
    await expect.poll(() => dialog.locator('input[data-testid="rule-name"]').first().inputValue()).toBe('党员集中学习培训');
    const hours = dialog.locator('[data-testid="rule-hours"] input').first();
    await hours.fill('16');
    await hours.press('Tab');
    await dialog.getByTestId('rules-save').click();
    await expect.poll(() => page.getByTestId('rules-dialog').isVisible()).toBe(false);
    expect(ledger.must('getTrainingRules', {}).rules[0]!.hours).toBe(16);
    const after = coreLedger().items.find((r) => r.personId === before.personId)!;
    expect(after.required).toBe(16);
    const cells = await rowOf(after);
    expect(cells.required).toBe('16');
    expect(cells.shortfall).toBe(text(after.shortfall));
    await page.getByTestId('ledger-search').fill('');
    await expect.poll(() => stat('met')).toBe(String(coreLedger().summary.met));

    // 恢复默认 puts the national standard back.
    await page.getByTestId('ledger-rules').click();
    await expect.poll(() => dialog.locator('[data-testid="rule-hours"] input').first().inputValue()).toBe('16');
    await dialog.getByTestId('rules-reset').click();
    await expect.poll(() => dialog.locator('[data-testid="rule-hours"] input').first().inputValue()).toBe('32');
    await dialog.getByTestId('rules-save').click();
    await expect.poll(() => page.getByTestId('rules-dialog').isVisible()).toBe(false);
    expect(ledger.must('getTrainingRules', {}).rules[0]!.hours).toBe(32);
    expect((await rowOf(after)).required).toBe('32');
    await page.getByTestId('ledger-search').fill('');
  });

  it('exports the ledger as an xlsx download', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  });

  it('prints the 未达标名单 (A4 landscape, largest shortfall first, header and page numbers on every page)', async () => {
    await openLedger(`year=${YEAR}&ledger=${encodeURIComponent('党员教育培训')}`);
    await page.getByTestId('ledger-print-shortfall').click();
    await page.locator('[data-testid="shortfall-print"][data-state="ready"]').waitFor();
    expect(page.url()).toContain('/print/shortfall?');
    const core = coreLedger({ shortfallOnly: true, ledger: '党员教育培训' });
    await expect.poll(() => page.getByTestId('print-row').count()).toBe(core.total);
    const file = join(outDir, 'shortfall.pdf');
    await page.pdf({ path: file, format: 'A4', landscape: true, preferCSSPageSize: true, printBackground: true });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
    expect([Math.round(Number(size?.[1])), Math.round(Number(size?.[2]))]).toEqual([842, 595]);
    const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
      .split('\f')
      .filter((p, i, all) => i < all.length - 1 || p.trim() !== '');
    const squash = (s: string) => s.replace(/\s+/g, '');
    expect(squash(pages[0]!)).toContain('2026年度党员教育培训学时未达标人员名单');
    pages.forEach((p, i) => {
      expect(p, `page ${i + 1}`).toMatch(/序号\s+姓名\s+单位\s+职务\s+应完成学时\s+已完成学时\s+差额\s+备注/);
      expect(squash(p)).toContain(`第${i + 1}页共${pages.length}页`);
    });
    const all = pages.join('\n');
    let last = -1;
    for (const r of core.items) {
      const line = all.split('\n').findIndex((l) => new RegExp(`(?<![\\u4e00-\\u9fff])${r.name}(?![\\u4e00-\\u9fff])`).test(l));
      expect(line, r.name).toBeGreaterThan(last);
      last = line;
      expect(squash(all.split('\n')[line]!)).toContain(`${text(r.required)}${text(r.hours)}${text(r.shortfall)}`);
    }
    console.log(`[ledger] shortfall list: ${core.total} people on ${pages.length} pages`);
    if (process.env.KEEP_PRINT_PDF) execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(tmpdir(), 'ledger-shortfall-page')]);
  });

  it('ran without console errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
