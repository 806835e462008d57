import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTownships, seedTown, type SeededTown } from '../helpers/county';
import { ledgerOver, type TempLedger } from '../helpers/ledger';
import { startApp, type AppUnderTest } from './harness';

/**
 * Issue 6 item 5 in the browser: a county file holding two townships' packages. The 来源单位 select on the roster
 * and the 学时台账 narrows each to one township and, cleared, rolls both up — the same numbers the core gives.
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
});
