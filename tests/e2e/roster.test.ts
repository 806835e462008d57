import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppUnderTest } from './harness';
import { rosterAction, rosterRow } from './rosterTable';

/** The roster through every layer: Chromium → renderer → HTTP host → core → a real SQLite file. */

let app: AppUnderTest;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  await page.goto(app.host.url);
});

afterAll(async () => {
  await app?.close();
});

function row(name: string) {
  return rosterRow(page, name);
}

function action(name: string, testId: string) {
  return rosterAction(page, name, testId);
}

function dbPerson(name: string) {
  return app.db.prepare('SELECT name, gender_code, birth_date, id_number, phone, unit, post, rev, deleted_at FROM people WHERE name = ?').get(name) as
    | { name: string; gender_code: string; birth_date: string; id_number: string; phone: string; unit: string; post: string | null; rev: number; deleted_at: string | null }
    | undefined;
}

/** Element Plus puts the test id on the <input> itself for el-input, on a wrapper for other controls. */
function field(testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

async function search(text: string) {
  await field('roster-search').fill(text);
}

async function openNewPerson() {
  await page.getByTestId('add-person').click();
  await expect.poll(() => field('field-name').evaluate((el) => el === document.activeElement)).toBe(true);
}

describe('roster in Chromium through the browser host', () => {
  it('asks for the office name on first run and shows it once set', async () => {
    await expect.poll(() => page.getByText('尚未填写本单位名称').count()).toBe(1);
    await page.getByTestId('nav-settings').click();
    await field('office-name-input').fill('红旗镇');
    await field('office-code-input').fill('110101001');
    await page.getByTestId('office-save').click();
    await expect.poll(() => page.getByTestId('office-name').textContent()).toBe('红旗镇');
    const office = app.db.prepare('SELECT name, code, configured FROM office WHERE is_self = 1').get();
    expect(office).toEqual({ name: '红旗镇', code: '110101001', configured: 1 });
    await page.getByTestId('nav-roster').click();
    await expect.poll(() => page.getByText('尚未填写本单位名称').count()).toBe(0);
  });

  it('refuses a bad ID number with a Chinese message and writes nothing', async () => {
    await openNewPerson();
    await page.keyboard.type('张三');
    await page.keyboard.press('Enter');
    // Enter moved to the ID field.
    expect(await field('field-idNumber').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('110101198001010011');
    await page.getByTestId('person-save').click();
    await expect.poll(() => page.getByTestId('person-dialog').getByText('身份证号校验位不正确').count()).toBeGreaterThan(0);
    expect(dbPerson('张三')).toBeUndefined();
  });

  it('fills gender and birth date from a corrected ID number and saves with Ctrl+S', async () => {
    await field('field-idNumber').fill('110101198001010010');
    await expect.poll(() => page.getByTestId('derived-gender').textContent()).toContain('男');
    expect(await page.getByTestId('derived-birthDate').textContent()).toContain('1980-01-01');
    await field('field-phone').fill('138 0013 8000');
    await field('field-unit').fill('红旗村');
    await field('field-phone').focus();
    await page.keyboard.press('Control+s');
    await expect.poll(() => row('张三').count()).toBe(1);
    expect(dbPerson('张三')).toMatchObject({ gender_code: '1', birth_date: '1980-01-01', id_number: '110101198001010010', phone: '13800138000', unit: '红旗村', rev: 1 });
    // The list masks the ID number and phone by default.
    expect(await row('张三').textContent()).toContain('110101********0010');
    expect(await row('张三').textContent()).toContain('138****8000');
  });

  it('adds more people from the keyboard', async () => {
    for (const [name, id] of [
      ['李四', '110101198001010029'],
      ['王伟', '110101199003071233'],
    ] as const) {
      await openNewPerson();
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
      await page.keyboard.type(id);
      await page.keyboard.press('Control+s');
      await expect.poll(() => row(name).count()).toBe(1);
    }
    expect(dbPerson('李四')).toMatchObject({ gender_code: '2', birth_date: '1980-01-01' });
    await expect.poll(() => page.getByTestId('roster-total').textContent()).toContain('3');
  });

  it('refuses a second person with the same ID number and keeps what was typed', async () => {
    await openNewPerson();
    await page.keyboard.type('张三丰');
    await page.keyboard.press('Enter');
    await page.keyboard.type('110101198001010010');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('person-dialog').getByText('该身份证号已属于张三（红旗村）').count()).toBe(1);
    expect(await field('field-name').inputValue()).toBe('张三丰');
    expect(dbPerson('张三丰')).toBeUndefined();
    await page.getByTestId('person-cancel').click();
  });

  it('searches by pinyin initials, by a two-character name and by an ID fragment of 3 digits or more', async () => {
    await search('zs');
    await expect.poll(() => page.getByTestId('roster-total').textContent()).toContain('共 1 人');
    expect(await row('张三').count()).toBe(1);
    await search('王伟');
    await expect.poll(() => row('王伟').count()).toBe(1);
    await expect.poll(() => page.getByTestId('roster-total').textContent()).toContain('共 1 人');
    // One or two digits do not search ID numbers and phones (every ID holds "00"): the box says so.
    await search('00');
    await expect.poll(() => page.getByTestId('roster-total').textContent()).toContain('共 0 人');
    expect(await page.getByTestId('roster-search-hint').textContent()).toBe('身份证号、电话请至少输入3位数字');
    await search('0029');
    await expect.poll(() => row('李四').count()).toBe(1);
    await expect.poll(() => page.getByTestId('roster-total').textContent()).toContain('共 1 人');
    expect(await page.getByTestId('roster-search-hint').count()).toBe(0);
    await search('');
    await expect.poll(() => page.getByTestId('roster-total').textContent()).toContain('共 3 人');
  });

  it('edits a person', async () => {
    await action('张三', 'edit-person').click();
    await expect.poll(() => field('field-name').inputValue()).toBe('张三');
    await field('field-post').fill('村党组织书记');
    await page.getByTestId('person-save').click();
    await expect.poll(() => row('张三').textContent()).toContain('村党组织书记');
    expect(dbPerson('张三')).toMatchObject({ post: '村党组织书记', rev: 2 });
  });

  it('deletes with confirmation, undoes, and restores from the deleted list', async () => {
    await action('李四', 'delete-person').click();
    await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
    await expect.poll(() => row('李四').count()).toBe(0);
    expect(dbPerson('李四')?.deleted_at).toBeTruthy();

    await page.getByTestId('undo-button').click();
    await expect.poll(() => row('李四').count()).toBe(1);
    expect(dbPerson('李四')?.deleted_at).toBeNull();

    await action('李四', 'delete-person').click();
    await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
    await expect.poll(() => row('李四').count()).toBe(0);
    await page.getByTestId('filter-deleted').getByText('已删除').click();
    await expect.poll(() => row('李四').count()).toBe(1);
    await action('李四', 'restore-person').click();
    await expect.poll(() => row('李四').count()).toBe(0);
    expect(dbPerson('李四')?.deleted_at).toBeNull();
    await page.getByTestId('filter-deleted').getByText('在册人员').click();
    await expect.poll(() => row('李四').count()).toBe(1);
  });

  it('ran without console errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
