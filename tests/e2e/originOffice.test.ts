import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complianceRows } from '../../src/shared/complianceView';
import { importTownships, seedTown, type SeededTown } from '../helpers/county';
import { ledgerOver, type TempLedger } from '../helpers/ledger';
import { startApp, type AppUnderTest } from './harness';

/**
 * Issue 6 item 5 in the browser: a county file holding two townships' packages. The 来源单位 select on the roster
 * and the 学时台账 narrows each to one township and, cleared, rolls both up — the same numbers the core gives — and
 * the printouts and exports of a filtered view carry only that township's rows, in its name.
 */

let app: AppUnderTest;
let page: Page;
let county: TempLedger;
let towns: SeededTown[];

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  county = ledgerOver(app.db);
  county.must('setOffice', { name: '青山县', code: '110100' });
  towns = [seedTown('红旗镇', '110101', 12, 5, 3), seedTown('青山乡', '110102', 8, 6, 1)];
}, 120_000);

afterAll(async () => {
  for (const t of towns ?? []) t.office.cleanup();
  await app?.close();
});

async function pickOffice(name: string): Promise<void> {
  await page.getByTestId('filter-origin-office').click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: new RegExp(`^${name}$`) }).click();
}

async function clearOffice(): Promise<void> {
  await page.getByTestId('filter-origin-office').hover();
  await page.locator('[data-testid="filter-origin-office"] .el-select__clear').click();
}

describe('来源单位 filter in a county file', () => {
  it('is hidden while the file knows only its own office', async () => {
    await page.goto(`${app.host.url}/#/roster`);
    await page.getByTestId('roster-total').waitFor();
    await page.getByTestId('filter-status').waitFor();
    expect(await page.getByTestId('filter-origin-office').count()).toBe(0);
    importTownships(app.db, towns);
    // The offices are read once per page load.
    await page.reload();
  });

  it('roster: one township at a time, both when cleared', async () => {
    await page.goto(`${app.host.url}/#/roster`);
    await expect.poll(() => page.getByTestId('roster-total').textContent(), { timeout: 15_000 }).toContain('共 20 人');
    for (const t of towns) {
      await pickOffice(t.office.officeName);
      await expect.poll(() => page.getByTestId('roster-total').textContent()).toContain(`共 ${t.people.length} 人`);
    }
    await clearOffice();
    await expect.poll(() => page.getByTestId('roster-total').textContent()).toContain('共 20 人');
    expect(app.pageErrors).toEqual([]);
  });

  it('学时台账: each township’s summary as the core computes it, and the county total their sum', async () => {
    await page.goto(`${app.host.url}/#/training/ledger?year=2026`);
    await page.getByTestId('training-ledger').waitFor();
    const stat = async (name: string) => ((await page.locator(`[data-testid="ledger-summary"] [data-stat="${name}"]`).textContent()) ?? '').trim();
    const shown = async () => ({ people: await stat('people'), behind: await stat('behind'), shortfallHours: await stat('shortfallHours') });
    const fromCore = (originOffice?: string) => {
      const s = county.must('trainingLedger', { year: 2026, originOffice }).summary;
      return { people: String(s.people), behind: String(s.behind), shortfallHours: String(s.shortfallHours) };
    };
    await expect.poll(shown, { timeout: 15_000 }).toEqual(fromCore());
    const parts = [];
    for (const t of towns) {
      await pickOffice(t.office.officeName);
      const expected = fromCore(t.office.officeId);
      await expect.poll(shown).toEqual(expected);
      parts.push(expected);
    }
    const total = fromCore();
    expect(Number(total.people)).toBe(parts.reduce((n, p) => n + Number(p.people), 0));
    expect(Number(total.shortfallHours)).toBe(parts.reduce((n, p) => n + Number(p.shortfallHours), 0));
    await clearOffice();
    await expect.poll(shown).toEqual(total);
    expect(app.pageErrors).toEqual([]);
  });

  /** The print page's rows, once loaded: the text of each cell, 序号 first. */
  async function printRows(frame: string): Promise<string[][]> {
    await page.locator(`[data-testid="${frame}"][data-state="ready"]`).waitFor({ timeout: 15_000 });
    return page.getByTestId('print-row').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
  }

  const fillUnit = async () => ((await page.locator('.sheet-fill-lines').textContent()) ?? '').replace(/\s+/g, '');

  it('学时台账: the 未达标名单 printed from a filtered view lists only that township’s people, in its name', async () => {
    const east = towns[0]!;
    await page.goto(`${app.host.url}/#/training/ledger?year=2026`);
    await page.getByTestId('training-ledger').waitFor();
    await pickOffice(east.office.officeName);
    await page.getByTestId('ledger-mode-shortfall').click();
    await page.getByTestId('ledger-print-shortfall').click();
    const rows = await printRows('shortfall-print');
    expect(page.url()).toContain(`office=${east.office.officeId}`);
    const core = county.must('trainingLedger', { year: 2026, originOffice: east.office.officeId, shortfallOnly: true, sort: 'shortfall', limit: 1000 });
    // 6 of the county's 10 who are behind.
    expect(core.total).toBe(6);
    expect(rows.map((r) => r[1])).toEqual(core.items.map((r) => r.name));
    expect(await fillUnit()).toContain('填报单位（盖章）：红旗镇');
    expect(app.pageErrors).toEqual([]);
  });

  it('三会一课: the compliance printout of a filtered view holds only that township’s branch, titled with its name', async () => {
    const west = towns[1]!;
    await page.goto(`${app.host.url}/#/activities/compliance?year=2026`);
    await page.locator('[data-testid="compliance-page"][data-loading="false"]').waitFor();
    await pickOffice(west.office.officeName);
    await page.getByTestId('compliance-print').click();
    const rows = await printRows('compliance-print');
    expect(page.url()).toContain(`office=${west.office.officeId}`);
    const core = county.must('complianceReport', { year: 2026, originOffice: west.office.officeId });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r[2])).toEqual(complianceRows(core).map((r) => r.type));
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['青山乡东村党支部']));
    expect(await page.getByTestId('print-title').textContent()).toMatch(/^青山乡2026年度/);
    expect(await fillUnit()).toContain('填报单位（盖章）：青山乡');
    expect(app.pageErrors).toEqual([]);
  });

  it('roster: the print and the Excel export of a filtered view follow the 来源单位', async () => {
    const east = towns[0]!;
    await page.goto(`${app.host.url}/#/roster`);
    await expect.poll(() => page.getByTestId('roster-total').textContent(), { timeout: 15_000 }).toContain('共 20 人');
    await pickOffice(east.office.officeName);
    await expect.poll(() => page.getByTestId('roster-total').textContent()).toContain(`共 ${east.people.length} 人`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-roster').click()]);
    expect(download.suggestedFilename()).toMatch(/^红旗镇.*\.xlsx$/);
    await page.getByTestId('print-roster').click();
    const rows = await printRows('roster-print');
    expect(rows).toHaveLength(east.people.length);
    expect(await page.getByTestId('print-title').textContent()).toMatch(/^红旗镇/);
    expect(await fillUnit()).toContain('填报单位（盖章）：红旗镇');
    // Back on the roster, the filter is still set; cleared, print shows everyone again.
    await page.getByTestId('print-back').click();
    await clearOffice();
    await expect.poll(() => page.getByTestId('roster-total').textContent()).toContain('共 20 人');
    await page.getByTestId('print-roster').click();
    expect(await printRows('roster-print')).toHaveLength(20);
    expect(app.pageErrors).toEqual([]);
  });
});
