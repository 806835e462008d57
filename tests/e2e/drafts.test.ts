import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePerson } from '../../src/core/people/peopleService';
import { idCheckChar } from '../../src/shared/validate/idNumber';
import { startApp, type AppUnderTest } from './harness';
import { field, waitFocused } from './orgUi';
import { rosterAction } from './rosterTable';

/**
 * Nothing typed is lost: the person form, the org dialogs and the paste grid keep what is typed on this
 * computer, and a reload (what a crash or a closed window leaves) or a dialog closed with X or Esc offers
 * it back with 恢复草稿 / 放弃草稿. Saved through every layer into the real SQLite file.
 */

let app: AppUnderTest;
let page: Page;

function idFor(birth: string, seq: number): string {
  const first17 = `110101${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

function dbPerson(name: string) {
  return app.db.prepare('SELECT id, name, id_number, phone, unit, note, rev FROM people WHERE name = ? AND deleted_at IS NULL').get(name) as
    | { id: string; name: string; id_number: string | null; phone: string | null; unit: string | null; note: string | null; rev: number }
    | undefined;
}

function stored(key: string): Promise<string | null> {
  return page.evaluate((k) => localStorage.getItem(k), key);
}

/** Leaves the page the way a crash or a closed window does, without saving, and starts it again on its route. */
async function reloadAt(route: string): Promise<void> {
  expect(new URL(page.url()).hash).toBe(`#${route}`);
  await page.reload();
  await page.waitForLoadState('load');
}

const personDialog = () => page.getByTestId('person-dialog');
const unitDialog = () => page.getByTestId('unit-dialog');

async function openNewPerson(): Promise<void> {
  await page.getByTestId('add-person').click();
  await waitFocused(page, 'field-name');
}

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  const existing = savePerson(app.db, { name: '王建国', idNumber: idFor('19700101', 1), phone: '13800138001', unit: '红旗村' });
  if (!existing.ok) throw new Error(existing.error.message);
  await page.goto(`${app.host.url}/#/roster`);
  await page.getByTestId('add-person').waitFor();
});

afterAll(async () => {
  await app?.close();
});

describe('form drafts in Chromium', () => {
  it('gives back a new person typed but not saved after a reload, and saves it', async () => {
    await openNewPerson();
    await field(page, 'field-name').fill('李草稿');
    await field(page, 'field-idNumber').fill(idFor('19850505', 12));
    await field(page, 'field-phone').fill('13900139000');
    // Kept on this computer while typing (the renderer's localStorage), before anything is saved.
    await expect.poll(async () => (await stored('ledger.drafts.person.new')) ?? '').toContain('13900139000');
    expect(dbPerson('李草稿')).toBeUndefined();

    await reloadAt('/roster');
    await openNewPerson();
    const prompt = personDialog().getByTestId('draft-prompt');
    await expect.poll(() => prompt.textContent()).toMatch(/有未保存的草稿（保存于 \d{2}:\d{2}）/);
    expect(await personDialog().getByTestId('draft-stale').count()).toBe(0);
    // Until the clerk answers, the form is the empty new form.
    expect(await field(page, 'field-name').inputValue()).toBe('');
    await personDialog().getByTestId('draft-restore').click();
    await expect.poll(() => field(page, 'field-name').inputValue()).toBe('李草稿');
    expect(await field(page, 'field-phone').inputValue()).toBe('13900139000');
    expect(await prompt.isVisible()).toBe(false);

    await page.getByTestId('person-save').click();
    await expect.poll(() => dbPerson('李草稿')?.phone ?? null).toBe('13900139000');
    expect(dbPerson('李草稿')?.id_number).toBe(idFor('19850505', 12));
    // Saved: the draft is gone, and a new form opens empty without a prompt.
    await expect.poll(() => stored('ledger.drafts.person.new')).toBeNull();
    await expect.poll(() => personDialog().isVisible()).toBe(false);
    await openNewPerson();
    expect(await personDialog().getByTestId('draft-prompt').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => personDialog().isVisible()).toBe(false);
  });

  it('keeps an edit closed with Esc, says when the person changed since, and saves it on request', async () => {
    const before = dbPerson('王建国')!;
    const key = `ledger.drafts.person.${before.id}`;
    await rosterAction(page, '王建国', 'edit-person').click();
    await expect.poll(() => field(page, 'field-name').inputValue()).toBe('王建国');
    await field(page, 'field-phone').fill('13911112222');
    await page.keyboard.press('Escape');
    await expect.poll(() => personDialog().isVisible()).toBe(false);
    await expect.poll(async () => (await stored(key)) ?? '').toContain('13911112222');

    // Opened again and closed without an answer: the draft stays.
    await rosterAction(page, '王建国', 'edit-person').click();
    await expect.poll(() => personDialog().getByTestId('draft-prompt').isVisible()).toBe(true);
    expect(await field(page, 'field-phone').inputValue()).toBe('13800138001');
    await page.keyboard.press('Escape');
    await expect.poll(() => personDialog().isVisible()).toBe(false);
    expect(await stored(key)).toContain('13911112222');

    // Meanwhile the person is changed elsewhere (another window, an import): the core writes a new rev.
    const changed = savePerson(app.db, { id: before.id, rev: before.rev, name: '王建国', idNumber: before.id_number!, phone: '13800138001', unit: '红旗村', note: '别处修改' });
    if (!changed.ok) throw new Error(changed.error.message);

    await reloadAt('/roster');
    await rosterAction(page, '王建国', 'edit-person').click();
    await expect.poll(() => personDialog().getByTestId('draft-stale').textContent()).toContain('已被修改');
    await personDialog().getByTestId('draft-restore').click();
    await expect.poll(() => field(page, 'field-phone').inputValue()).toBe('13911112222');
    await page.getByTestId('person-save').click();
    await expect.poll(() => dbPerson('王建国')?.phone ?? null).toBe('13911112222');
    expect(dbPerson('王建国')!.rev).toBe(before.rev + 2);
    await expect.poll(() => stored(key)).toBeNull();
  });

  it('gives back a new unit closed with X after a reload, and 放弃草稿 removes one', async () => {
    await page.getByTestId('nav-org').click();
    await page.getByTestId('unit-add-root').click();
    await waitFocused(page, 'unit-name');
    await field(page, 'unit-name').fill('草稿村');
    await field(page, 'unit-code').fill('130131100201');
    await expect.poll(async () => (await stored('ledger.drafts.unit.new')) ?? '').toContain('草稿村');
    await unitDialog().locator('.el-dialog__headerbtn').click();
    await expect.poll(() => unitDialog().isVisible()).toBe(false);

    await reloadAt('/org');
    await page.getByTestId('unit-add-root').click();
    await waitFocused(page, 'unit-name');
    await expect.poll(() => unitDialog().getByTestId('draft-prompt').textContent()).toContain('有未保存的草稿');
    await unitDialog().getByTestId('draft-restore').click();
    await expect.poll(() => field(page, 'unit-name').inputValue()).toBe('草稿村');
    expect(await field(page, 'unit-code').inputValue()).toBe('130131100201');
    await page.getByTestId('unit-save').click();
    await expect.poll(() => app.db.prepare("SELECT division_code FROM units WHERE name = '草稿村'").get()).toEqual({ division_code: '130131100201' });
    await expect.poll(() => stored('ledger.drafts.unit.new')).toBeNull();
    await expect.poll(() => unitDialog().isVisible()).toBe(false);

    await page.getByTestId('unit-add-root').click();
    await waitFocused(page, 'unit-name');
    expect(await unitDialog().getByTestId('draft-prompt').count()).toBe(0);
    await field(page, 'unit-name').fill('放弃村');
    await expect.poll(async () => (await stored('ledger.drafts.unit.new')) ?? '').toContain('放弃村');
    await page.keyboard.press('Escape');
    await expect.poll(() => unitDialog().isVisible()).toBe(false);
    await page.getByTestId('unit-add-root').click();
    await waitFocused(page, 'unit-name');
    await unitDialog().getByTestId('draft-discard').click();
    await expect.poll(() => stored('ledger.drafts.unit.new')).toBeNull();
    expect(await unitDialog().getByTestId('draft-prompt').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => unitDialog().isVisible()).toBe(false);
    expect(app.db.prepare("SELECT count(*) AS n FROM units WHERE name = '放弃村'").get()).toEqual({ n: 0 });
  });

  it('gives back pasted rows and the chosen columns after a reload, and saves them', async () => {
    await page.getByTestId('nav-paste').click();
    await page.getByTestId('paste-zone').waitFor();
    const id = idFor('19990909', 31);
    await page.evaluate((text) => {
      const zone = document.querySelector<HTMLElement>('[data-testid="paste-zone"]')!;
      zone.focus();
      const data = new DataTransfer();
      data.setData('text/plain', text);
      zone.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, `1\t韩梅\t${id}\t\t\t\t\t白云村\r\n2\t曹操\t\t男\r\n`);
    await expect.poll(() => page.locator('.paste-row').count()).toBe(2);
    // Column H holds the unit, not a phone: the clerk says so.
    await page.getByTestId('paste-column-H').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: /^单位$/ }).click();
    await expect.poll(() => page.getByTestId('paste-row-1').getAttribute('data-valid')).toBe('yes');
    await expect.poll(async () => JSON.parse((await stored('ledger.drafts.paste.grid')) ?? 'null')?.data?.columns?.[7]).toBe('unit');

    await reloadAt('/paste');
    await page.getByTestId('paste-zone').waitFor();
    expect(await page.locator('.paste-row').count()).toBe(0);
    await expect.poll(() => page.getByTestId('draft-prompt').textContent()).toMatch(/未保存的 2 行草稿（保存于 \d{2}:\d{2}）/);
    await page.getByTestId('draft-restore').click();
    await expect.poll(() => page.locator('.paste-row').count()).toBe(2);
    expect(await page.getByTestId('paste-column-H').textContent()).toContain('单位');
    expect(await page.locator('input[data-r="0"][data-c="1"]').inputValue()).toBe('韩梅');
    await expect.poll(() => page.getByTestId('paste-row-1').getAttribute('data-valid')).toBe('yes');

    await page.getByTestId('paste-save').click();
    await expect.poll(() => dbPerson('韩梅')?.unit ?? null).toBe('白云村');
    expect(dbPerson('曹操')).toBeDefined();
    // Every row saved: nothing is left to keep.
    await expect.poll(() => stored('ledger.drafts.paste.grid')).toBeNull();
  });

  it('deletes drafts older than 30 days when the app starts', async () => {
    const day = 24 * 60 * 60 * 1000;
    await page.evaluate((d) => {
      const now = Date.now();
      localStorage.setItem('ledger.drafts.person.old', JSON.stringify({ v: 1, savedAt: now - 31 * d, version: null, data: { name: '旧' } }));
      localStorage.setItem('ledger.drafts.person.recent', JSON.stringify({ v: 1, savedAt: now - 29 * d, version: null, data: { name: '近' } }));
    }, day);
    await reloadAt('/paste');
    await expect.poll(() => stored('ledger.drafts.person.old')).toBeNull();
    expect(await stored('ledger.drafts.person.recent')).not.toBeNull();
  });

  it('ran without console errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
