import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPackage } from '../../src/core/sync/importPackage';
import { ledgerOver } from '../helpers/ledger';
import { makeOffice, type TestOffice } from '../helpers/offices';
import { seedTownship } from '../helpers/training';
import { startApp, type AppUnderTest } from './harness';
import { exchangeBothWays, introduceApp, officeIdOf, openExchange, packageBetween } from './exchangeUi';

/** 数据交换 with hundreds of conflicts and dozens of duplicate people: a page at a time, and settling one keeps the place. */

let app: AppUnderTest;
let page: Page;
let town: TestOffice;
const CONFLICTS = 300;
const DUPLICATES = 60;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  const county = ledgerOver(app.db);
  county.must('setOffice', { name: '青山县', code: null });
  town = makeOffice('红旗镇');
  introduceApp(app.db, town);
  // The county entered the first 60 people itself (same 身份证号, its own ids): they meet as duplicates.
  seedTownship(county, 1, DUPLICATES);
  const { people } = seedTownship(town, 5, CONFLICTS / 5);
  exchangeBothWays(app.db, town);
  for (const [i, p] of people.entries()) {
    town.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run(`1371${String(i).padStart(7, '0')}`, p.id);
    app.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run(`1362${String(i).padStart(7, '0')}`, p.id);
  }
  // The township's stick with its phones: one conflict per person at the county.
  const stick = packageBetween(town.db, officeIdOf(app.db));
  importPackage(app.db, { bytes: stick.bytes, fileName: stick.name, passphrase: null, dryRun: false });
  await page.goto(app.host.url);
}, 120_000);

afterAll(async () => {
  await app?.close();
  town?.cleanup();
});

describe('hundreds of conflicts and duplicates', () => {
  it('shows conflicts a page at a time and stays on the page after settling one', async () => {
    await openExchange(page, 'conflicts');
    await expect.poll(() => page.getByTestId('conflict-count').innerText()).toBe(String(CONFLICTS));
    await expect.poll(() => page.getByTestId('conflict-item').count()).toBe(20);
    const pager = page.getByTestId('conflict-list').locator('.el-pagination');
    expect(await pager.innerText()).toMatch(new RegExp(`共 ${CONFLICTS} 条`));
    for (let i = 1; i < 10; i++) await pager.locator('.btn-next').click();
    await expect.poll(() => pager.locator('.el-pager li.is-active').innerText()).toBe('10');
    const first = page.getByTestId('conflict-item').first();
    const label = await first.getByTestId('conflict-record').innerText();
    await first.getByTestId('conflict-take-theirs').click();
    await expect.poll(() => page.getByTestId('conflict-count').innerText()).toBe(String(CONFLICTS - 1));
    expect(await pager.locator('.el-pager li.is-active').innerText()).toBe('10');
    await expect.poll(() => page.getByTestId('conflict-item').count()).toBe(20);
    expect(await page.getByTestId('conflict-record').allInnerTexts()).not.toContain(label);
    expect(app.pageErrors).toEqual([]);
  });

  it('shows duplicate people ten at a time', async () => {
    await openExchange(page, 'duplicates');
    await expect.poll(() => page.getByTestId('duplicate-count').innerText()).toBe(String(DUPLICATES));
    await expect.poll(() => page.getByTestId('duplicate-item').count()).toBe(10);
    expect(await page.getByTestId('duplicate-list').locator('.el-pagination').innerText()).toMatch(new RegExp(`共 ${DUPLICATES} 条`));
    expect(app.pageErrors).toEqual([]);
  });
});
