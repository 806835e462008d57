import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { listPeople } from '../../src/core/people/peopleRepo';
import { peopleListSchema } from '../../src/shared/contract';
import { startApp, type AppUnderTest } from './harness';
import { domRowCount, rosterRow, scrollRosterTo, visibleIndexAndNames } from './rosterTable';
import { seedName, seedPeople } from './seed';

/**
 * 100,000 people: the virtualised roster keeps few rows in the DOM, searches and scrolls right. Times are
 * printed, not gated: these machines are noisy, and `npm run bench` sets them beside a baseline from the same run.
 */

const COUNT = 100_000;
const seededNames = Array.from({ length: COUNT }, (_, i) => seedName(i));
let app: AppUnderTest;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  const api = createLedgerApi(app.db);
  api.setOffice({ name: '红旗镇', code: '130131100' });
  const town = api.saveUnit({ name: '红旗镇', kind: '乡镇' });
  if (!('ok' in town) || !town.ok) throw new Error('unit');
  const villages = ['红旗村', '东风村', '向阳村', '前进村'].map((name) => {
    const saved = api.saveUnit({ name, kind: '村', parentId: town.data.id });
    if (!('ok' in saved) || !saved.ok) throw new Error('unit');
    return saved.data;
  });
  const started = performance.now();
  seedPeople(app.db, { count: COUNT, units: villages, categories: (i) => (i % 10 === 0 ? ['村（社区）两委成员'] : []) });
  console.log(`[scale] seeded ${COUNT} people in ${Math.round(performance.now() - started)} ms`);
});

afterAll(async () => {
  await app?.close();
});

/** What the core lists at a position, for comparing with the screen. */
function coreList(input: Record<string, unknown>) {
  return listPeople(app.db, peopleListSchema.parse(input));
}

function totalText() {
  return page.getByTestId('roster-total').textContent();
}

/**
 * Types a search. Measured inside the page, from the input event to the moment the new total is on screen
 * (MutationObserver), so Playwright's polling does not count; plus the listPeople request as the page saw it.
 */
async function timedSearch(text: string, expected: number): Promise<{ uiMs: number; requestMs: number }> {
  await page.evaluate((want) => {
    performance.clearResourceTimings();
    const w = window as unknown as { __search?: { typed: number; shown: number } };
    w.__search = { typed: 0, shown: 0 };
    const input = document.querySelector('input[data-testid="roster-search"]')!;
    input.addEventListener('input', () => (w.__search!.typed = performance.now()), { once: true });
    const total = document.querySelector('[data-testid="roster-total"]')!;
    const observer = new MutationObserver(() => {
      if (total.textContent === want) {
        w.__search!.shown = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(total, { childList: true, characterData: true, subtree: true });
  }, `共 ${expected} 人`);
  await page.locator('input[data-testid="roster-search"]').fill(text);
  await expect.poll(totalText, { interval: 10 }).toBe(`共 ${expected} 人`);
  return page.evaluate(() => {
    const w = window as unknown as { __search: { typed: number; shown: number } };
    const requests = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/listPeople'));
    return { uiMs: Math.round(w.__search.shown - w.__search.typed), requestMs: Math.round(Math.max(0, ...requests.map((e) => e.duration))) };
  });
}

describe('roster with 100,000 people', () => {
  it('shows the first screen fast with few rows in the DOM', async () => {
    const started = Date.now();
    await page.goto(app.host.url);
    await expect.poll(() => rosterRow(page, coreList({ limit: 1 }).items[0]!.name).count(), { interval: 10 }).toBeGreaterThan(0);
    const firstRenderMs = Date.now() - started;
    await expect.poll(totalText).toBe(`共 ${COUNT} 人`);
    const rows = await domRowCount(page);
    console.log(`[scale] first render ${firstRenderMs} ms (page load to first row); ${rows} table rows in the DOM`);
    expect(rows).toBeLessThan(100);
    const expected = coreList({ limit: 5 }).items.map((p, k) => ({ index: k + 1, name: p.name }));
    expect((await visibleIndexAndNames(page)).slice(0, 5)).toEqual(expected);

    // ID numbers and phones are masked until the switch is on.
    const first = coreList({ limit: 1 }).items[0]!;
    expect(await rosterRow(page, first.name).first().textContent()).toContain(`${first.idNumber!.slice(0, 6)}********${first.idNumber!.slice(-4)}`);
    await page.getByTestId('toggle-full-id').click();
    await expect.poll(() => rosterRow(page, first.name).first().textContent()).toContain(first.idNumber!);
    expect(await rosterRow(page, first.name).first().textContent()).toContain(first.phone!);
    await page.getByTestId('toggle-full-id').click();
  });

  it('scrolls to the middle and shows the right 序号 and names there', async () => {
    await scrollRosterTo(page, COUNT / 2);
    await expect.poll(async () => (await visibleIndexAndNames(page)).some((r) => r.index === COUNT / 2 + 1 && r.name !== '')).toBe(true);
    const shown = (await visibleIndexAndNames(page)).filter((r) => r.name !== '');
    const first = shown[0]!.index;
    const expected = coreList({ offset: first - 1, limit: shown.length }).items.map((p, k) => ({ index: first + k, name: p.name }));
    expect(shown).toEqual(expected);
    expect(await domRowCount(page)).toBeLessThan(100);

    // Double-clicking a row there opens that person.
    const target = shown.find((r) => r.index === COUNT / 2 + 1)!;
    await page.locator(`[data-testid="roster-table"] .el-table-v2__left .el-table-v2__row[data-name="${target.name}"]`).first().dblclick();
    await expect.poll(() => page.getByTestId('person-dialog').locator('.el-dialog__title').textContent()).toBe(`编辑人员：${target.name}`);
    await page.getByTestId('person-cancel').click();
  });

  it('searches by name, pinyin initials and ID fragment in the same list', async () => {
    for (const [text, query] of [
      ['王伟', '王伟'],
      ['zs', 'zs'],
      ['19800101', '19800101'],
    ] as const) {
      const expected = coreList({ query }).total;
      expect(expected).toBeGreaterThan(0);
      // The seeded search indexes agree with the names themselves.
      if (query === '王伟') expect(expected).toBe(seededNames.filter((n) => n.includes('王伟')).length);
      const { uiMs, requestMs } = await timedSearch(text, expected);
      console.log(`[scale] search "${text}": ${expected} found; ${uiMs} ms from typing to the new total on screen (150 ms of it is the typing pause), request ${requestMs} ms`);
      const firstName = coreList({ query, limit: 1 }).items[0]!.name;
      await expect.poll(() => rosterRow(page, firstName).count()).toBeGreaterThan(0);
    }
    await timedSearch('', COUNT);
  });

  it('sorts by name descending from the header', async () => {
    await page.locator('[data-testid="roster-table"] .el-table-v2__header-cell[data-key="name"]').click();
    const last = coreList({ sort: 'name', direction: 'desc', limit: 3 }).items.map((p, k) => ({ index: k + 1, name: p.name }));
    await expect.poll(async () => (await visibleIndexAndNames(page)).slice(0, 3)).toEqual(last);
  });

  it('ran without console errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
