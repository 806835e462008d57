import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { startApp, type AppUnderTest } from './harness';
import { confirmBox, field, pickOption, pickTreeNode, treeRow, waitFocused } from './orgUi';
import { rosterAction, rosterRow } from './rosterTable';

/** 组织机构 and the person's place in it: unit and party-organisation trees, categories, post history. */

let app: AppUnderTest;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  createLedgerApi(app.db).setOffice({ name: '红旗镇', code: '130131100' });
  await page.goto(app.host.url);
  await page.getByTestId('nav-org').click();
});

afterAll(async () => {
  await app?.close();
});

interface UnitRow {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  division_code: string | null;
  deleted_at: string | null;
}

function unit(name: string): UnitRow | undefined {
  return app.db.prepare('SELECT id, parent_id, name, kind, division_code, deleted_at FROM units WHERE name = ?').get(name) as UnitRow | undefined;
}

function partyOrg(name: string) {
  return app.db.prepare('SELECT id, parent_id, kind, unit_id FROM party_orgs WHERE name = ?').get(name) as
    | { id: string; parent_id: string | null; kind: string; unit_id: string | null }
    | undefined;
}

function person(name: string) {
  return app.db.prepare('SELECT id, unit, unit_id, party_org_id, post, post_start_date, native_place, rev FROM people WHERE name = ?').get(name) as {
    id: string;
    unit: string | null;
    unit_id: string | null;
    party_org_id: string | null;
    post: string | null;
    post_start_date: string | null;
    native_place: string | null;
    rev: number;
  };
}

const unitRow = (name: string) => treeRow(page, 'unit-tree', name);
const orgRow = (name: string) => treeRow(page, 'party-org-tree', name);

async function addUnit(parent: string | null, name: string, kind?: string, code?: string): Promise<void> {
  if (parent) await unitRow(parent).getByTestId('node-add-child').click();
  else await page.getByTestId('unit-add-root').click();
  await waitFocused(page, 'unit-name');
  await page.keyboard.type(name);
  if (kind) await pickOption(page, 'unit-kind', kind);
  if (code) await field(page, 'unit-code').fill(code);
  await page.getByTestId('unit-save').click();
  await expect.poll(() => unitRow(name).count()).toBe(1);
}

async function lastMessage(): Promise<string> {
  return (await page.locator('.el-message').last().textContent()) ?? '';
}

describe('organisation screens', () => {
  it('builds the unit tree: county, township, villages; kinds follow the level', async () => {
    await addUnit(null, '平山县', '县');
    await addUnit('平山县', '红旗镇', undefined, '130131100');
    await addUnit('红旗镇', '红旗村');
    await addUnit('红旗镇', '东风村');
    await addUnit('红旗镇', '向阳社区', '社区');
    const county = unit('平山县')!;
    const town = unit('红旗镇')!;
    expect(county).toMatchObject({ parent_id: null, kind: '县' });
    expect(town).toMatchObject({ parent_id: county.id, kind: '乡镇', division_code: '130131100' });
    expect(unit('红旗村')).toMatchObject({ parent_id: town.id, kind: '村' });
    expect(unit('向阳社区')).toMatchObject({ parent_id: town.id, kind: '社区' });
  });

  it('renames a unit and moves it under another parent', async () => {
    await unitRow('东风村').getByTestId('node-edit').click();
    await waitFocused(page, 'unit-name');
    await field(page, 'unit-name').fill('东风新村');
    await pickTreeNode(page, 'unit-parent', '平山县');
    await page.getByTestId('unit-save').click();
    await expect.poll(() => unitRow('东风新村').count()).toBe(1);
    expect(unit('东风新村')?.parent_id).toBe(unit('平山县')!.id);
    // A unit cannot move under its own subtree: those nodes are greyed out in the picker.
    await unitRow('平山县').getByTestId('node-edit').click();
    await waitFocused(page, 'unit-name');
    await page.locator('.el-select[data-testid="unit-parent"]').click();
    const ownChild = page.locator('.el-tree-select__popper').filter({ visible: true }).locator('.el-select-dropdown__item.is-disabled', { hasText: '红旗镇' });
    await expect.poll(() => ownChild.count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('unit-dialog').getByRole('button', { name: '取消' }).click();
  });

  it('refuses to delete a unit that has sub-units, deletes an empty one, and restores it', async () => {
    await unitRow('红旗镇').getByTestId('node-delete').click();
    await confirmBox(page, '删除');
    await expect.poll(lastMessage).toContain('“红旗镇”下还有2个下级单位');
    expect(unit('红旗镇')?.deleted_at).toBeNull();

    await unitRow('东风新村').getByTestId('node-delete').click();
    await confirmBox(page, '删除');
    await expect.poll(() => unitRow('东风新村').count()).toBe(0);
    expect(unit('东风新村')?.deleted_at).toBeTruthy();

    await page.getByTestId('org-show-deleted').click();
    await expect.poll(() => unitRow('东风新村').count()).toBe(1);
    expect(await unitRow('东风新村').textContent()).toContain('已删除');
    await unitRow('东风新村').getByTestId('node-restore').click();
    await expect.poll(() => unitRow('东风新村').getByTestId('node-edit').count()).toBe(1);
    expect(unit('东风新村')?.deleted_at).toBeNull();
    await page.getByTestId('org-show-deleted').click();
  });

  it('builds party organisations, each linked to a unit; the core refuses a wrong level', async () => {
    await page.locator('#tab-partyOrgs').click();
    await page.getByTestId('party-org-add-root').click();
    await waitFocused(page, 'party-org-name');
    await field(page, 'party-org-name').fill('中共红旗镇委员会');
    await pickTreeNode(page, 'party-org-unit', '红旗镇');
    await page.getByTestId('party-org-save').click();
    await expect.poll(() => orgRow('中共红旗镇委员会').count()).toBe(1);

    await orgRow('中共红旗镇委员会').getByTestId('node-add-child').click();
    await waitFocused(page, 'party-org-name');
    await field(page, 'party-org-name').fill('红旗村党支部');
    await pickOption(page, 'party-org-kind', '党支部');
    await pickTreeNode(page, 'party-org-unit', '红旗村');
    await page.getByTestId('party-org-save').click();
    await expect.poll(() => orgRow('红旗村党支部').count()).toBe(1);

    await orgRow('红旗村党支部').getByTestId('node-add-child').click();
    await waitFocused(page, 'party-org-name');
    await field(page, 'party-org-name').fill('第一党小组');
    await page.getByTestId('party-org-save').click();
    await expect.poll(() => orgRow('第一党小组').count()).toBe(1);

    const committee = partyOrg('中共红旗镇委员会')!;
    const branch = partyOrg('红旗村党支部')!;
    expect(committee).toMatchObject({ parent_id: null, kind: '党委', unit_id: unit('红旗镇')!.id });
    expect(branch).toMatchObject({ parent_id: committee.id, kind: '党支部', unit_id: unit('红旗村')!.id });
    expect(partyOrg('第一党小组')).toMatchObject({ parent_id: branch.id, kind: '党小组', unit_id: unit('红旗村')!.id });
    expect(await orgRow('红旗村党支部').textContent()).toContain('平山县 / 红旗镇 / 红旗村');

    await orgRow('第一党小组').getByTestId('node-edit').click();
    await waitFocused(page, 'party-org-name');
    await pickOption(page, 'party-org-kind', '党委');
    await page.getByTestId('party-org-save').click();
    await expect.poll(lastMessage).toContain('党委不能设在党支部“红旗村党支部”之下');
    expect(partyOrg('第一党小组')?.kind).toBe('党小组');
    await page.getByTestId('party-org-dialog').getByRole('button', { name: '取消' }).click();
  });

  it('adds a person with two categories, a unit and a party organisation; the trees count them', async () => {
    await page.getByTestId('nav-roster').click();
    await page.getByTestId('add-person').click();
    await waitFocused(page, 'field-name');
    await page.keyboard.type('刘红');
    await page.keyboard.press('Enter');
    await page.keyboard.type('130131198505060021');
    await page.locator('.el-select[data-testid="field-categories"]').click();
    // Part of a name and Enter picks the matching category; an empty Enter moves on.
    await page.keyboard.type('两委');
    await page.keyboard.press('Enter');
    await page.keyboard.type('后备');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid'));
    await expect.poll(focused).toBe('field-status');
    // Tree pickers from the keyboard too: a fragment and Enter picks the node, a second Enter moves on.
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('field-unit');
    await page.keyboard.type('红旗村');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('field-partyOrg');
    await page.keyboard.type('支部');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+s');
    await expect.poll(() => rosterRow(page, '刘红').count()).toBe(1);

    const saved = person('刘红');
    expect(saved).toMatchObject({ unit: '红旗村', unit_id: unit('红旗村')!.id, party_org_id: partyOrg('红旗村党支部')!.id });
    const categories = app.db.prepare('SELECT category FROM person_categories WHERE person_id = ? ORDER BY category').all(saved.id);
    expect(categories).toEqual([{ category: '村级后备干部' }, { category: '村（社区）两委成员' }]);

    await page.getByTestId('nav-org').click();
    await expect.poll(() => unitRow('红旗村').getByTestId('own-count').textContent()).toBe('1');
    expect(await unitRow('红旗镇').getByTestId('total-count').textContent()).toBe('1');
    expect(await unitRow('平山县').getByTestId('total-count').textContent()).toBe('1');
    await page.locator('#tab-partyOrgs').click();
    expect(await orgRow('红旗村党支部').getByTestId('own-count').textContent()).toBe('1');
    expect(await orgRow('中共红旗镇委员会').getByTestId('total-count').textContent()).toBe('1');

    await page.locator('#tab-units').click();
    await unitRow('红旗村').getByTestId('node-delete').click();
    await confirmBox(page, '删除');
    await expect.poll(lastMessage).toContain('“红旗村”下还有1名人员');
  });

  it('keeps post history; 现任职务 and 任现职时间 follow it, and the person still saves', async () => {
    await page.getByTestId('nav-roster').click();
    await rosterAction(page, '刘红', 'edit-person').click();
    await waitFocused(page, 'field-name');
    await page.locator('#tab-posts').click();

    const addPost = async (title: string, start: string) => {
      await field(page, 'post-field-title').fill(title);
      await field(page, 'post-field-start').fill(start);
      await field(page, 'post-field-start').press('Enter');
      await field(page, 'post-field-end').press('Enter');
      await expect.poll(() => page.getByTestId('post-title').filter({ hasText: title }).count()).toBe(1);
    };
    await addPost('村党组织书记', '2021-01');
    expect(person('刘红')).toMatchObject({ post: '村党组织书记', post_start_date: '2021-01' });
    await addPost('村委会主任', '2021.03');
    expect(person('刘红')).toMatchObject({ post: '村党组织书记、村委会主任', post_start_date: '2021-03' });

    // Ending the secretary post leaves the chairman post as the current one.
    await page.getByTestId('post-table').locator('tr', { hasText: '村党组织书记' }).getByTestId('post-edit').click();
    await field(page, 'post-field-end').fill('2023-12');
    await page.getByTestId('post-save').click();
    await expect.poll(() => person('刘红').post).toBe('村委会主任');
    expect(person('刘红').post_start_date).toBe('2021-03');

    // A wrong end date is refused next to the field.
    await page.getByTestId('post-table').locator('tr', { hasText: '村委会主任' }).getByTestId('post-edit').click();
    await field(page, 'post-field-end').fill('2020-01');
    await page.getByTestId('post-save').click();
    await expect.poll(() => page.getByTestId('post-editor').getByText('离任时间早于任职时间').count()).toBe(1);
    await page.getByTestId('post-cancel').click();

    await page.locator('#tab-basic').click();
    await expect.poll(() => page.getByTestId('derived-post').textContent()).toBe('村委会主任');
    await expect.poll(() => page.getByTestId('derived-postStartDate').textContent()).toBe('2021.03');
    await field(page, 'field-nativePlace').fill('河北平山');
    await page.keyboard.press('Control+s');
    await expect.poll(() => person('刘红').native_place).toBe('河北平山');
    expect(person('刘红').post).toBe('村委会主任');
    await expect.poll(() => rosterRow(page, '刘红').textContent()).toContain('村委会主任');

    await rosterAction(page, '刘红', 'edit-person').click();
    await waitFocused(page, 'field-name');
    await page.locator('#tab-posts').click();
    await page.getByTestId('post-table').locator('tr', { hasText: '村委会主任' }).getByTestId('post-delete').click();
    await confirmBox(page, '删除');
    await expect.poll(() => person('刘红').post).toBeNull();
    await page.getByTestId('person-cancel').click();
    await expect.poll(() => rosterRow(page, '刘红').textContent()).not.toContain('村委会主任');
  });

  it('ran without console errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
