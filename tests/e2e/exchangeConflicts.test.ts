import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { listConflicts } from '../../src/core/sync/conflicts';
import { listDuplicates } from '../../src/core/sync/duplicates';
import { syntheticId } from '../helpers/ledger';
import { importInto, makeOffice, syncedState, type TestOffice } from '../helpers/offices';
import { seedTownship, type SeededPerson } from '../helpers/training';
import { startApp, type AppUnderTest } from './harness';
import { choosePackage, exchangeBothWays, exportFromUi, inputOf, introduceApp, officeIdOf, openExchange, packageBetween } from './exchangeUi';

/**
 * Conflicts and duplicates in Chromium: the county and the township both edit the same people between two sticks.
 * The county clerk settles each conflict side by side (采用对方的, 手工填写, 恢复记录), merges a person both offices
 * entered, and the package sent back settles the township's copies of the same conflicts.
 */

let app: AppUnderTest;
let page: Page;
let town: TestOffice;
let dir: string;
let countyId: string;
let seeded: SeededPerson[];
const DUP_ID = syntheticId('19850101', '234');
const col = (table: string, column: string, id: string) => app.db.prepare(`SELECT ${column} FROM ${table} WHERE id = ?`).pluck().get(id);
const townCol = (column: string, id: string) => town.db.prepare(`SELECT ${column} FROM people WHERE id = ?`).pluck().get(id);

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-conflicts-'));
  console.log(`[e2e] exchange files and screenshots in ${dir}`);
  const county = createLedgerApi(app.db);
  county.setOffice({ name: '青山县', code: null });
  countyId = officeIdOf(app.db);
  town = makeOffice('红旗镇');
  introduceApp(app.db, town);
  seeded = seedTownship(town, 1, 4).people;
  // A first exchange both ways: both offices hold the same four people.
  exchangeBothWays(app.db, town);

  // Then both edit between sticks.
  const [a, b, c] = seeded.map((p) => p.id) as [string, string, string];
  town.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13911111111', a);
  app.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13922222222', a);
  town.must('deletePerson', { id: b });
  app.db.prepare('UPDATE people SET note = ? WHERE id = ?').run('县里补充的备注', b);
  town.db.prepare('UPDATE people SET note = ? WHERE id = ?').run('镇里的备注', c);
  app.db.prepare('UPDATE people SET note = ? WHERE id = ?').run('县里的备注', c);
  county.savePerson({ name: '王芳', idNumber: DUP_ID, phone: '13800000001' });
  town.must('savePerson', { name: '王芳', idNumber: DUP_ID, phone: '13800000002', unit: '东村' });
  // The sticks cross: the county's edits reach the township first, so it holds the same conflicts.
  importInto(town, packageBetween(app.db, town.officeId).bytes);
  await page.goto(app.host.url);
});

afterAll(async () => {
  await app?.close();
  town?.cleanup();
  if (process.env.KEEP_E2E_SCREENSHOTS !== '1') rmSync(dir, { recursive: true, force: true });
});

const items = () => page.getByTestId('conflict-item');
const item = (text: string) => items().filter({ hasText: text });

describe('conflicts and duplicates between the county and a township', () => {
  it('previews the conflicts and the duplicate the package brings, then imports it', async () => {
    const stick = packageBetween(town.db, countyId);
    await choosePackage(page, stick.name, stick.bytes);
    await expect.poll(() => page.getByTestId('preview-conflicts').innerText()).toMatch(/联系电话[\s\S]*13911111111/);
    const conflicts = await page.getByTestId('preview-conflicts').innerText();
    expect(conflicts).toMatch(/删除与修改/);
    expect(conflicts).toMatch(/备注/);
    expect(await page.getByTestId('preview-duplicates').innerText()).toMatch(/^110101\*+\d{3}[\dX]：王芳（.+）、王芳（.+）$/);
    await page.screenshot({ path: join(dir, 'conflict-preview.png'), fullPage: true });
    await page.getByTestId('import-confirm').click();
    await expect.poll(() => page.getByTestId('import-message').innerText()).toMatch(/冲突 3 处待处理，疑似重复人员 1 组/);
    await expect.poll(() => page.getByTestId('conflict-count').innerText()).toBe('3');
    expect(await page.getByTestId('duplicate-count').innerText()).toBe('1');
  });

  it('settles each conflict side by side: take theirs, type a value, restore the deleted record', async () => {
    const [a, b, c] = seeded.map((p) => p.id) as [string, string, string];
    await openExchange(page, 'conflicts');
    await expect.poll(() => items().count()).toBe(3);
    const phone = item('联系电话');
    const versions = await phone.getByTestId('conflict-version').allInnerTexts();
    expect(versions.map((v) => v.replace(/\s+/g, ' ')).sort()).toEqual([
      expect.stringMatching(/^红旗镇 .*13911111111 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/),
      expect.stringMatching(/^青山县 本单位.*13922222222/),
    ]);
    expect(await phone.getByTestId('conflict-shown').count()).toBe(1);
    await page.screenshot({ path: join(dir, 'conflicts.png'), fullPage: true });

    await phone.getByTestId('conflict-take-theirs').click();
    await expect.poll(() => items().count()).toBe(2);
    expect(col('people', 'phone', a)).toBe('13911111111');

    const note = items().filter({ hasText: '镇里的备注' });
    await note.getByTestId('conflict-edit').click();
    const typed = inputOf(page, 'conflict-edit-input');
    expect(['镇里的备注', '县里的备注']).toContain(await typed.inputValue());
    await typed.fill('镇县核对后的备注');
    await note.getByTestId('conflict-edit-save').click();
    await expect.poll(() => items().count()).toBe(1);
    expect(col('people', 'note', c)).toBe('镇县核对后的备注');

    const deleted = item('删除与修改');
    expect((await deleted.innerText()).replace(/\s+/g, ' ')).toMatch(/红旗镇 已删除[\s\S]*青山县 本单位 备注改为：县里补充的备注/);
    await deleted.getByTestId('conflict-restore').click();
    await expect.poll(() => page.getByTestId('conflicts-empty').isVisible()).toBe(true);
    expect(col('people', 'deleted_at', b)).toBeNull();
    expect(col('people', 'note', b)).toBe('县里补充的备注');
    expect(await page.getByTestId('conflict-count').count()).toBe(0);
    expect(listConflicts(app.db)).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it('merges the person both offices entered only as the clerk chose: keep ours, take their phone', async () => {
    await openExchange(page, 'duplicates');
    const pair = page.getByTestId('duplicate-item');
    await expect.poll(() => pair.count()).toBe(1);
    const id = pair.getByTestId('duplicate-id');
    expect(await id.innerText()).toMatch(/^110101\*{8}\d{3}[\dX]$/);
    await id.click();
    expect(await id.innerText()).toBe(DUP_ID);
    const origins = await pair.getByTestId('duplicate-origin').allInnerTexts();
    expect([...origins].sort()).toEqual(['红旗镇', '青山县'].sort());
    const ours = origins.indexOf('青山县');
    const theirs = origins.indexOf('红旗镇');
    expect(await pair.getByTestId('duplicate-diff-phone').innerText()).toMatch(/13800000001[\s\S]*13800000002|13800000002[\s\S]*13800000001/);
    // Ids and codes are shown by name: the unit chosen in 组织机构 reads 东村, not its id.
    expect(await pair.getByTestId('duplicate-diff-unit_id').innerText()).toMatch(/^所属单位（组织机构）\s+（空）\s+东村$|^所属单位（组织机构）\s+东村\s+（空）$/);
    await pair.getByTestId(`duplicate-keep-${ours}`).locator('.el-radio').click();
    await pair.getByTestId(`duplicate-take-phone-${theirs}`).locator('.el-radio').click();
    await page.screenshot({ path: join(dir, 'duplicates.png'), fullPage: true });

    const [countyRow] = app.db.prepare("SELECT id FROM people WHERE id_number = ? AND origin_office = ?").pluck().all(DUP_ID, countyId) as string[];
    // Nothing is merged before the clerk confirms; cancelling leaves both records.
    await pair.getByTestId('duplicate-merge').click();
    const box = page.locator('.el-message-box');
    await expect.poll(() => box.innerText()).toMatch(/将保留“王芳”（青山县）这条记录/);
    await box.getByRole('button', { name: '取消' }).click();
    expect(app.db.prepare('SELECT count(*) FROM people WHERE id_number = ? AND deleted_at IS NULL').pluck().get(DUP_ID)).toBe(2);

    await pair.getByTestId('duplicate-merge').click();
    await box.getByRole('button', { name: '确定合并' }).click();
    await expect.poll(() => page.getByTestId('duplicates-empty').isVisible()).toBe(true);
    expect(app.db.prepare('SELECT id, phone FROM people WHERE id_number = ? AND deleted_at IS NULL').all(DUP_ID)).toEqual([{ id: countyRow, phone: '13800000002' }]);
    expect(listDuplicates(app.db)).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it("sends the settlements back: the township's copies of the conflicts and the duplicate settle, and both ledgers match", async () => {
    const [a, b, c] = seeded.map((p) => p.id) as [string, string, string];
    expect(listConflicts(town.db).map((c) => c.fieldLabel).sort()).toEqual(['删除与修改', '备注', '联系电话'].sort());
    expect(listDuplicates(town.db)).toHaveLength(1);
    const back = await exportFromUi(page, '红旗镇', dir);
    importInto(town, back.bytes);
    expect(listConflicts(town.db)).toEqual([]);
    expect(listDuplicates(town.db)).toEqual([]);
    expect(townCol('phone', a)).toBe('13911111111');
    expect(townCol('deleted_at', b)).toBeNull();
    expect(townCol('note', c)).toBe('镇县核对后的备注');
    expect(town.db.prepare('SELECT phone FROM people WHERE id_number = ? AND deleted_at IS NULL').pluck().all(DUP_ID)).toEqual(['13800000002']);
    expect(syncedState(town)).toEqual(syncedState({ db: app.db } as TestOffice));
    expect(app.pageErrors).toEqual([]);
  });
});
