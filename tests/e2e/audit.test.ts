import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePerson } from '../../src/core/people/peopleService';
import { LOCKED_MESSAGE } from '../../src/shared/audit';
import { idCheckChar } from '../../src/shared/validate/idNumber';
import { startApp, type AppUnderTest } from './harness';
import { field, waitFocused } from './orgUi';
import { rosterAction } from './rosterTable';

/**
 * Who did what, in Chromium over the browser host and a real SQLite file: the operator chosen in the header
 * (and asked for on start), a person edited, its 修改记录 showing 操作人 and old → new; then a lock password set,
 * the lock screen covering the app while the API itself refuses, a wrong password refused and the right one opening it.
 */

let app: AppUnderTest;
let page: Page;
const ID = (() => {
  const first17 = '11010119700101001';
  return first17 + idCheckChar(first17);
})();

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  const person = savePerson(app.db, { name: '王建国', idNumber: ID, phone: '13800138001', unit: '红旗村' });
  if (!person.ok) throw new Error(person.error.message);
  await page.goto(`${app.host.url}/#/roster`);
  await page.getByTestId('add-person').waitFor();
});

afterAll(async () => {
  await app?.close();
});

async function apiCall(method: string, input: unknown = {}): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return page.evaluate(
    async ([m, body]) => (await fetch(`./api/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json(),
    [method, input] as const,
  );
}

describe('operator and 修改记录', () => {
  it('adds and chooses an operator from the header; a new session asks who is working', async () => {
    await expect.poll(() => page.getByTestId('operator-current').textContent()).toContain('选择操作人');
    await page.getByTestId('operator-current').click();
    await field(page, 'operator-new-name').fill('李秀英');
    await page.getByTestId('operator-add-confirm').click();
    await expect.poll(() => page.getByTestId('operator-current').textContent()).toContain('李秀英');
    expect(app.db.prepare('SELECT operator FROM sync_state').pluck().get()).toBe('李秀英');

    // A new session (what a restart leaves): nobody chosen, so the window asks.
    app.db.prepare('UPDATE sync_state SET operator = NULL').run();
    await page.reload();
    const dialog = page.getByTestId('operator-dialog');
    await dialog.getByTestId('operator-option').filter({ hasText: '李秀英' }).click();
    await expect.poll(() => page.getByTestId('operator-current').textContent()).toContain('李秀英');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('edits a person and shows the change with its operator, old → new, in 修改记录', async () => {
    await rosterAction(page, '王建国', 'edit-person').click();
    await waitFocused(page, 'field-name');
    await page.locator('textarea[data-testid="field-note"]').fill('调任村党支部书记');
    await page.getByTestId('person-save').click();
    await expect.poll(() => app.db.prepare("SELECT note FROM people WHERE name = '王建国'").pluck().get()).toBe('调任村党支部书记');
    await expect.poll(() => page.getByTestId('person-dialog').isVisible()).toBe(false);

    await rosterAction(page, '王建国', 'edit-person').click();
    await waitFocused(page, 'field-name');
    await page.getByTestId('person-dialog').locator('.el-tabs__item', { hasText: '修改记录' }).click();
    const history = page.getByTestId('record-history');
    const noteRow = history.locator('.el-table__body tr', { hasText: '调任村党支部书记' });
    await noteRow.waitFor();
    expect(await noteRow.getByTestId('audit-operator').textContent()).toBe('李秀英');
    expect(await noteRow.getByTestId('audit-old').textContent()).toBe('（空）');
    expect(await noteRow.getByTestId('audit-new').textContent()).toBe('调任村党支部书记');
    expect(await noteRow.textContent()).toContain('备注');
    // 身份证号 is masked in the history unless 显示完整.
    expect(await history.textContent()).not.toContain(ID);
    await page.getByTestId('person-cancel').click();
  });

  it('操作日志 lists the change and exports it to Excel, masked', async () => {
    await page.getByTestId('nav-audit').click();
    const row = page.getByTestId('audit-page').locator('.el-table__body tr', { hasText: '调任村党支部书记' });
    await row.waitFor();
    expect(await row.getByTestId('audit-operator').textContent()).toBe('李秀英');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const cells: string[] = [];
    workbook.worksheets[0]!.eachRow((r) => r.eachCell((c) => cells.push(String(c.value ?? ''))));
    expect(cells).toEqual(expect.arrayContaining(['时间', '操作人', '原值', '新值', '李秀英', '调任村党支部书记']));
    expect(cells.join('\n')).not.toContain(ID);
  });
});

describe('app lock', () => {
  it('sets a password, locks, blocks the app and its API, refuses a wrong password and opens with the right one', async () => {
    await page.getByTestId('nav-settings').click();
    await field(page, 'lock-new').fill('secret-123');
    await field(page, 'lock-repeat').fill('secret-123');
    await page.getByTestId('lock-save').click();
    // scrypt is deliberately slow (and the machine is shared): give it time.
    await expect.poll(() => page.getByTestId('lock-status').textContent(), { timeout: 15_000 }).toBe('已设置锁屏密码');
    const stored = app.db.prepare("SELECT value FROM settings WHERE key = 'appLock'").pluck().get() as string;
    expect(stored).not.toContain('secret-123');

    await page.getByTestId('lock-now').click();
    const overlay = page.getByTestId('lock-overlay');
    await overlay.waitFor();
    // The API itself is closed, not only the screen.
    expect(await apiCall('listPeople')).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: LOCKED_MESSAGE } });
    // The overlay covers the menu: a click lands on it, not on the page below.
    const box = (await page.getByTestId('nav-roster').boundingBox())!;
    expect(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('[data-testid="lock-overlay"]') !== null, [box.x + 5, box.y + 5] as const)).toBe(true);

    await field(page, 'lock-password').fill('wrong-pass');
    await page.getByTestId('lock-unlock').click();
    await expect.poll(() => page.getByTestId('lock-error').textContent(), { timeout: 15_000 }).toBe('密码不正确');
    expect(await overlay.isVisible()).toBe(true);

    await field(page, 'lock-password').fill('secret-123');
    await page.getByTestId('lock-unlock').click();
    await expect.poll(() => overlay.isVisible(), { timeout: 15_000 }).toBe(false);
    expect((await apiCall('listPeople')).ok).toBe(true);
  });

  it('a window opened while locked shows nothing of the ledger until unlocked', async () => {
    await page.getByTestId('lock-now').click();
    await page.goto(`${app.host.url}/#/roster`);
    await page.reload();
    await page.getByTestId('lock-overlay').waitFor();
    expect(await page.getByTestId('add-person').count()).toBe(0);
    await field(page, 'lock-password').fill('secret-123');
    await page.getByTestId('lock-unlock').click();
    await page.getByTestId('add-person').waitFor();
    await rosterAction(page, '王建国', 'edit-person').waitFor();
    expect(app.pageErrors).toEqual([]);
  });
});
