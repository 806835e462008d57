import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { listConflicts } from '../../src/core/sync/conflicts';
import { importInto, introduce, makeOffice, syncedState, type TestOffice } from '../helpers/offices';
import { syntheticId } from '../helpers/ledger';
import { startApp, type AppUnderTest } from './harness';
import { choosePackage, exportFromUi, introduceApp, officeIdOf, openExchange, packageBetween } from './exchangeUi';

/**
 * Issue 6's "done when", as a clerk at the county would live it: two townships send sticks, one is lost, one
 * arrives after a newer one, one is plugged in twice. The county imports each through the 数据交换 screen, and
 * sends sticks back from it. After one more round every office holds the same ledger, and the only conflict
 * listed is the one two offices really made.
 */

let app: AppUnderTest;
let page: Page;
let dir: string;
let countyId: string;
let red: TestOffice;
let east: TestOffice;
type Stick = { name: string; bytes: Buffer };

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-sticks-'));
  createLedgerApi(app.db).setOffice({ name: '青山县', code: null });
  countyId = officeIdOf(app.db);
  red = makeOffice('红旗镇');
  east = makeOffice('东风乡');
  introduce(red, east);
  for (const town of [red, east]) introduceApp(app.db, town);
  await page.goto(app.host.url);
});

afterAll(async () => {
  await app?.close();
  red?.cleanup();
  east?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** The county clerk plugs in a stick: preview, then 确认导入 when there is something new. */
async function plugIn(stick: Stick): Promise<string> {
  await choosePackage(page, stick.name, stick.bytes);
  await expect.poll(async () => (await page.getByTestId('package-preview').isVisible()) || (await page.getByTestId('import-already').isVisible())).toBe(true);
  if (await page.getByTestId('import-already').isVisible()) return page.getByTestId('import-already').innerText();
  await page.getByTestId('import-confirm').click();
  await expect.poll(() => page.getByTestId('import-message').innerText()).toMatch(/来自「/);
  return page.getByTestId('import-message').innerText();
}

const phoneOf = (db: AppUnderTest['db'], name: string) => db.prepare('SELECT phone FROM people WHERE name = ? AND deleted_at IS NULL').pluck().get(name);

describe('sticks between a county and two townships, lost, late and repeated', () => {
  it('ends with the same ledgers everywhere and only the real conflict listed', async () => {
    // Monday: both townships send what they have. 红旗镇's stick is lost on the way.
    ['张红一', '李红二', '王红三'].forEach((name, i) => red.must('savePerson', { name, idNumber: syntheticId('19800101', `10${i}`), phone: `1391000000${i}`, unit: '红旗村' }));
    ['赵东一', '钱东二'].forEach((name, i) => east.must('savePerson', { name, idNumber: syntheticId('19810101', `20${i}`), phone: `1392000000${i}`, unit: '东风村' }));
    packageBetween(red.db, countyId); // lost
    const eastMonday = packageBetween(east.db, countyId);
    expect(await plugIn(eastMonday)).toMatch(/来自「东风乡」的数据包：新增/);

    // Tuesday: 红旗镇 corrects a phone and sends again; the stick carries Monday's changes too.
    const [first] = red.must('listPeople', { limit: 10 }).items;
    red.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13911110000', first!.id);
    const redTuesday = packageBetween(red.db, countyId);
    // 东风乡 sends a newer stick before the clerk found the older one.
    east.must('savePerson', { name: '东风新人', gender: '男', phone: '13800009999' });
    const eastTuesday = packageBetween(east.db, countyId);
    expect(await plugIn(eastTuesday)).toMatch(/来自「东风乡」的数据包：新增 1 条/);
    expect(await plugIn(redTuesday)).toMatch(/来自「红旗镇」的数据包：新增/);
    expect(phoneOf(app.db, first!.name)).toBe('13911110000');
    // The older 东风乡 stick turns up late, and is plugged in twice: nothing new either time.
    expect(await plugIn(eastMonday)).toMatch(/导入过，没有新的变更/);
    expect(await plugIn(eastTuesday)).toMatch(/导入过，没有新的变更/);

    // Both the county and 红旗镇 change the same phone before seeing each other's: a real conflict.
    app.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13922220000', first!.id);
    red.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13933330000', first!.id);

    // The county sends back to both from the screen; the one to 东风乡 is lost, the next one heals it.
    const toRed = await exportFromUi(page, '红旗镇', dir);
    await exportFromUi(page, '东风乡', dir); // lost
    importInto(red, toRed.bytes);
    createLedgerApi(app.db).savePerson({ name: '县里新录', gender: '女', phone: '13700001111' });
    importInto(east, (await exportFromUi(page, '东风乡', dir)).bytes);
    importInto(red, (await exportFromUi(page, '红旗镇', dir)).bytes);
    // The townships swap sticks between themselves too, and everyone sends one last round to the county.
    importInto(east, packageBetween(red.db, east.officeId).bytes);
    importInto(red, packageBetween(east.db, red.officeId).bytes);
    await plugIn(packageBetween(red.db, countyId));
    await plugIn(packageBetween(east.db, countyId));
    importInto(red, (await exportFromUi(page, '红旗镇', dir)).bytes);
    importInto(east, (await exportFromUi(page, '东风乡', dir)).bytes);

    const county = { db: app.db } as TestOffice;
    expect(syncedState(red)).toEqual(syncedState(county));
    expect(syncedState(east)).toEqual(syncedState(county));
    for (const db of [app.db, red.db, east.db]) {
      expect(listConflicts(db).map((c) => [c.recordLabel.split('（')[0], c.fieldLabel, c.values.map((v) => v.display).sort()])).toEqual([
        [first!.name, '联系电话', ['13922220000', '13933330000']],
      ]);
    }
    await openExchange(page, 'conflicts');
    await expect.poll(() => page.getByTestId('conflict-item').count()).toBe(1);
    expect(await page.getByTestId('conflict-item').innerText()).toMatch(/13922220000[\s\S]*13933330000|13933330000[\s\S]*13922220000/);
    expect(app.pageErrors).toEqual([]);
  });
});
