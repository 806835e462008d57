import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { listPeople } from '../../src/core/people/peopleRepo';
import { peopleListSchema, type Input } from '../../src/shared/contract';
import type { LedgerHandlers } from '../../src/shared/contract';
import { startApp, type AppUnderTest } from './harness';
import { field, pickOption, pickTreeNode } from './orgUi';
import { headerTitles, rosterRow, visibleNames } from './rosterTable';

/** Roster views (两委花名册, 第一书记 …), their columns as the clerk arranges them, and the filters. */

let app: AppUnderTest;
let page: Page;
let api: LedgerHandlers;

function unwrap<T>(result: unknown): T {
  const r = result as { ok: boolean; data?: T; error?: { message: string } };
  if (!r.ok) throw new Error(r.error?.message);
  return r.data as T;
}

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  api = createLedgerApi(app.db);
  api.setOffice({ name: '红旗镇', code: '130131100' });
  const unit = (name: string, kind: '乡镇' | '村', parentId?: string) => unwrap<{ id: string }>(api.saveUnit({ name, kind, parentId })).id;
  const hongqi = unit('红旗镇', '乡镇');
  const village = unit('红旗村', '村', hongqi);
  const dongfeng = unit('东风村', '村', hongqi);
  const chengguan = unit('城关镇', '乡镇');
  const nanguan = unit('南关村', '村', chengguan);
  const people: Input<'savePerson'>[] = [
    { name: '两委甲', gender: '男', birthDate: '2000-06-15', politicalStatus: '中共党员', categories: ['村（社区）两委成员'], unitId: village, post: '村委会委员' },
    { name: '两委乙', gender: '女', birthDate: '1985-06-15', categories: ['村（社区）两委成员', '致富带头人'], unitId: dongfeng },
    { name: '书记丙', gender: '男', birthDate: '1975-06-15', categories: ['驻村第一书记'], dispatchUnit: '县财政局', unitId: nanguan },
    { name: '干部丁', gender: '男', birthDate: '1960-06-15', categories: ['乡镇公务员'], unitId: hongqi },
    { name: '干部戊', gender: '女', birthDate: '1985-03-01', categories: ['乡镇参公人员'], unitId: chengguan },
    { name: '群众己', gender: '女', birthDate: '1975-01-20', unitId: village, status: '离任' },
  ];
  for (const p of people) unwrap(api.savePerson(p));
  await page.goto(app.host.url);
});

afterAll(async () => {
  await app?.close();
});

async function chooseView(name: string): Promise<void> {
  await page.getByTestId('roster-views').locator('.el-tabs__item', { hasText: name }).click();
}

/** The names the core lists for a filter, sorted as the roster is. */
function coreNames(input: Record<string, unknown>): string[] {
  return listPeople(app.db, peopleListSchema.parse({ limit: 100, ...input })).items.map((p) => p.name);
}

async function expectNames(expected: string[]): Promise<void> {
  await expect.poll(() => page.getByTestId('roster-total').textContent()).toBe(`共 ${expected.length} 人`);
  await expect.poll(() => visibleNames(page)).toEqual(expected);
}

describe('roster views, columns and filters', () => {
  it('shows everyone in 全部人员 with its columns', async () => {
    await expectNames(coreNames({}));
    expect(await headerTitles(page)).toEqual(['序号', '姓名', '性别', '民族', '出生年月', '政治面貌', '学历', '身份证号', '单位', '现任职务', '联系电话']);
  });

  it('lists only the view’s category and shows the view’s columns', async () => {
    await chooseView('两委花名册');
    await expectNames(coreNames({ category: '村（社区）两委成员' }));
    expect(await visibleNames(page)).toEqual(expect.arrayContaining(['两委甲', '两委乙']));
    expect(await headerTitles(page)).toContain('任现职时间');
    expect(await headerTitles(page)).not.toContain('身份证号');

    await chooseView('第一书记');
    await expectNames(['书记丙']);
    expect(await headerTitles(page)).toContain('派出单位');
    expect(await rosterRow(page, '书记丙').textContent()).toContain('县财政局');
  });

  it('a view with several categories lists people holding any of them; the category filter picks among them', async () => {
    await chooseView('乡镇干部');
    await expectNames(['干部丁', '干部戊']);
    await pickOption(page, 'filter-category', '乡镇参公人员');
    await expectNames(['干部戊']);
  });

  it('changes, reorders and remembers a view’s columns', async () => {
    await chooseView('两委花名册');
    await page.getByTestId('choose-columns').click();
    const chooser = page.getByTestId('column-chooser');
    await chooser.getByTestId('column-ethnicity').locator('.el-checkbox').click();
    await chooser.getByTestId('column-nativePlace').locator('.el-checkbox').click();
    await expect.poll(() => headerTitles(page)).toContain('籍贯');
    // 籍贯 was added last; one step up puts it before 联系电话.
    await chooser.getByTestId('column-nativePlace').getByTestId('column-up').click();
    const expected = ['序号', '姓名', '性别', '出生年月', '政治面貌', '学历', '入党时间', '单位', '现任职务', '任现职时间', '籍贯', '联系电话'];
    await expect.poll(() => headerTitles(page)).toEqual(expected);
    await chooser.getByRole('button', { name: '完成' }).click();

    const stored = app.db.prepare("SELECT value FROM settings WHERE key = 'roster.views'").get() as { value: string };
    const twoCommittees = (JSON.parse(stored.value) as { id: string; columns: string[] }[]).find((v) => v.id === 'two-committees');
    expect(twoCommittees?.columns).toEqual(['name', 'gender', 'birthDate', 'politicalStatus', 'education', 'partyJoinDate', 'unit', 'post', 'postStartDate', 'nativePlace', 'phone']);

    await page.reload();
    // The chosen view and its columns survive a restart.
    await expect.poll(() => page.getByTestId('roster-views').locator('.el-tabs__item.is-active').textContent()).toBe('两委花名册');
    await expect.poll(() => headerTitles(page)).toEqual(expected);

    await page.getByTestId('choose-columns').click();
    await page.getByTestId('column-chooser').getByTestId('columns-reset').click();
    await expect.poll(() => headerTitles(page)).toContain('民族');
    expect(await headerTitles(page)).not.toContain('籍贯');
    await page.getByTestId('column-chooser').getByRole('button', { name: '完成' }).click();
  });

  it('filters by unit with its sub-units, by category, status, political status and age band', async () => {
    await chooseView('全部人员');
    const unitId = (name: string) => (app.db.prepare('SELECT id FROM units WHERE name = ?').get(name) as { id: string }).id;

    await pickTreeNode(page, 'filter-unit', '红旗镇');
    await expectNames(coreNames({ unitId: unitId('红旗镇') }));
    expect(await visibleNames(page)).toEqual(expect.arrayContaining(['两委甲', '两委乙', '干部丁', '群众己']));
    await pickTreeNode(page, 'filter-unit', '红旗村');
    await expectNames(['两委甲', '群众己'].sort((a, b) => coreNames({}).indexOf(a) - coreNames({}).indexOf(b)));
    await page.locator('.el-select[data-testid="filter-unit"]').hover();
    await page.locator('.el-select[data-testid="filter-unit"] .el-select__clear').click();
    await expectNames(coreNames({}));

    await pickOption(page, 'filter-category', '致富带头人');
    await expectNames(['两委乙']);
    await page.locator('.el-select[data-testid="filter-category"]').hover();
    await page.locator('.el-select[data-testid="filter-category"] .el-select__clear').click();

    await pickOption(page, 'filter-status', '离任');
    await expectNames(['群众己']);
    await page.locator('.el-select[data-testid="filter-status"]').hover();
    await page.locator('.el-select[data-testid="filter-status"] .el-select__clear').click();

    await pickOption(page, 'filter-political', '中共党员');
    await expectNames(['两委甲']);
    await page.locator('.el-select[data-testid="filter-political"]').hover();
    await page.locator('.el-select[data-testid="filter-political"] .el-select__clear').click();

    for (const [label, band] of [
      ['35岁以下', { ageMax: 34 }],
      ['35—44岁', { ageMin: 35, ageMax: 44 }],
      ['45—54岁', { ageMin: 45, ageMax: 54 }],
      ['55岁及以上', { ageMin: 55 }],
    ] as const) {
      await pickOption(page, 'filter-age', label);
      const expected = coreNames(band);
      expect(expected.length).toBeGreaterThan(0);
      await expectNames(expected);
    }
    await pickOption(page, 'filter-age', '自定义年龄');
    await field(page, 'filter-age-min').fill('40');
    await field(page, 'filter-age-max').fill('60');
    await field(page, 'filter-age-max').press('Enter');
    await expectNames(coreNames({ ageMin: 40, ageMax: 60 }));
  });

  it('ran without console errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
