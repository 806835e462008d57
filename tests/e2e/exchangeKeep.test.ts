import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { listConflicts } from '../../src/core/sync/conflicts';
import { importPackage } from '../../src/core/sync/importPackage';
import { importInto, makeOffice, syncedState, type TestOffice } from '../helpers/offices';
import { seedTownship, type SeededPerson } from '../helpers/training';
import { startApp, type AppUnderTest } from './harness';
import { exchangeBothWays, introduceApp, officeIdOf, openExchange, packageBetween } from './exchangeUi';

/**
 * The two conflict choices exchangeConflicts.test.ts does not click: 保留本单位的 (keep mine) on a field both
 * offices changed, and 保持删除 (keep deleted) on a record one office deleted while the other edited it. The
 * county settles both in Chromium, and the package back settles the township's copies the same way.
 */

let app: AppUnderTest;
let page: Page;
let town: TestOffice;
let countyId: string;
let seeded: SeededPerson[];
const countyCol = (column: string, id: string) => app.db.prepare(`SELECT ${column} FROM people WHERE id = ?`).pluck().get(id);
const townCol = (column: string, id: string) => town.db.prepare(`SELECT ${column} FROM people WHERE id = ?`).pluck().get(id);
const items = () => page.getByTestId('conflict-item');

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  createLedgerApi(app.db).setOffice({ name: '青山县', code: null });
  countyId = officeIdOf(app.db);
  town = makeOffice('红旗镇');
  introduceApp(app.db, town);
  seeded = seedTownship(town, 1, 2).people;
  exchangeBothWays(app.db, town);

  const [a, b] = seeded.map((p) => p.id) as [string, string];
  town.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13911111111', a);
  app.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13922222222', a);
  town.must('deletePerson', { id: b });
  app.db.prepare('UPDATE people SET note = ? WHERE id = ?').run('县里补充的备注', b);
  importInto(town, packageBetween(app.db, town.officeId).bytes);
  const stick = packageBetween(town.db, countyId);
  importPackage(app.db, { bytes: stick.bytes, fileName: stick.name, passphrase: null, dryRun: false });
  await page.goto(app.host.url);
});

afterAll(async () => {
  await app?.close();
  town?.cleanup();
});

describe('keeping this office’s value and keeping a delete', () => {
  it('keeps the county’s phone and the township’s delete, and the township settles the same way', async () => {
    const [a, b] = seeded.map((p) => p.id) as [string, string];
    await openExchange(page, 'conflicts');
    await expect.poll(() => items().count()).toBe(2);

    const phone = items().filter({ hasText: '联系电话' });
    await phone.getByTestId('conflict-keep-mine').click();
    await expect.poll(() => items().count()).toBe(1);
    expect(countyCol('phone', a)).toBe('13922222222');

    const deleted = items().filter({ hasText: '删除与修改' });
    await deleted.getByTestId('conflict-keep-deleted').click();
    await expect.poll(() => page.getByTestId('conflicts-empty').isVisible()).toBe(true);
    expect(countyCol('deleted_at', b)).not.toBeNull();
    expect(listConflicts(app.db)).toEqual([]);

    // The township held the same two conflicts; the county's settlements close them there too.
    expect(listConflicts(town.db)).toHaveLength(2);
    importInto(town, packageBetween(app.db, town.officeId).bytes);
    expect(listConflicts(town.db)).toEqual([]);
    expect(townCol('phone', a)).toBe('13922222222');
    expect(townCol('deleted_at', b)).not.toBeNull();
    expect(syncedState(town)).toEqual(syncedState({ db: app.db } as TestOffice));
    expect(app.pageErrors).toEqual([]);
  });
});
