import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../../src/shared/contract';
import { MAX_CATEGORIES } from '../../../src/shared/person';
import { DEFAULT_ROSTER_VIEWS, type RosterView } from '../../../src/shared/rosterColumns';
import { expectChinese, openTempLedger, type TempLedger } from '../../helpers/ledger';

/** 人员类别 (a person may hold several) and the roster views built on them. */

let ledger: TempLedger;

beforeEach(() => {
  ledger = openTempLedger();
});

afterEach(() => {
  ledger.cleanup();
});

function save(input: Omit<Input<'savePerson'>, 'name' | 'gender'> & { name?: string }) {
  return ledger.must('savePerson', { name: '张三', gender: '男', ...input });
}

function stored(personId: string): string[] {
  return (ledger.db.prepare('SELECT category FROM person_categories WHERE person_id = ? ORDER BY category').all(personId) as { category: string }[]).map(
    (r) => r.category,
  );
}

describe('categories on a person', () => {
  it('splits a typed category on 、，,;； and spaces, trims and removes repeats', () => {
    const p = save({ category: ' 村党组织书记、致富带头人，村级后备干部,大学生村官;两委成员；驻村工作队员 乡镇干部\u3000致富带头人 ' });
    expect(p.categories).toEqual(['两委成员', '乡镇干部', '大学生村官', '村党组织书记', '村级后备干部', '致富带头人', '驻村工作队员']);
    expect(p.category).toBe(p.categories.join('、'));
    expect(stored(p.id)).toEqual(p.categories);
  });

  it('takes `categories` over `category`', () => {
    const p = save({ categories: [' 致富带头人 ', '', '致富带头人', '村级后备干部'], category: '乡镇干部' });
    expect(p.categories).toEqual(['村级后备干部', '致富带头人']);
  });

  it(`allows ${MAX_CATEGORIES} categories, refuses more, and refuses one longer than 50 characters`, () => {
    const ten = Array.from({ length: MAX_CATEGORIES }, (_, i) => `类别${i}`);
    expect(save({ categories: ten }).categories).toHaveLength(MAX_CATEGORIES);
    for (const input of [{ categories: [...ten, '类别十'] }, { category: [...ten, '类别十'].join('、') }, { categories: ['长'.repeat(51)] }]) {
      const error = ledger.refuse('savePerson', { name: '李四', gender: '男', ...input });
      expect(error.code).toBe('VALIDATION');
      expect(error.issues?.map((i) => i.field)).toEqual(['categories']);
      expectChinese(error.message);
    }
  });

  it('keeps categories an update leaves out, replaces them when given, clears them with [] or an empty string', () => {
    const p = save({ category: '致富带头人、村级后备干部' });
    expect(ledger.must('savePerson', { id: p.id, phone: '13800138000' }).categories).toEqual(['村级后备干部', '致富带头人']);
    expect(ledger.must('savePerson', { id: p.id, category: '乡镇干部' }).categories).toEqual(['乡镇干部']);
    expect(ledger.must('savePerson', { id: p.id, categories: ['驻村第一书记', '乡镇干部'] }).categories).toEqual(['乡镇干部', '驻村第一书记']);
    expect(ledger.must('savePerson', { id: p.id, categories: [] })).toMatchObject({ categories: [], category: null });
    save({ name: '王五', category: '致富带头人' });
    const q = ledger.must('listPeople', { category: '致富带头人' }).items[0]!;
    expect(ledger.must('savePerson', { id: q.id, category: '' }).categories).toEqual([]);
    expect(stored(q.id)).toEqual([]);
  });

  it('finds a person under each of their categories, and nowhere else', () => {
    const both = save({ category: '村党组织书记、致富带头人' });
    const one = save({ name: '李四', category: '致富带头人' });
    save({ name: '王五' });
    const ids = (category: string) =>
      ledger
        .must('listPeople', { category })
        .items.map((p) => p.id)
        .sort();
    expect(ids('致富带头人')).toEqual([both.id, one.id].sort());
    expect(ids('村党组织书记')).toEqual([both.id]);
    expect(ids('村党组织书记、致富带头人')).toEqual([]);
    expect(ids('致富')).toEqual([]);
    ledger.must('deletePerson', { id: one.id });
    expect(ids('致富带头人')).toEqual([both.id]);
    expect(ledger.must('listPeople', { category: '致富带头人', deleted: 'deleted' }).items.map((p) => p.id)).toEqual([one.id]);
  });
});

describe('roster views', () => {
  const copy = (views: readonly RosterView[]): RosterView[] => views.map((v) => ({ ...v, columns: [...v.columns], categories: [...v.categories] }));

  it('starts with the built-in views', () => {
    expect(ledger.must('getRosterViews', {})).toEqual(DEFAULT_ROSTER_VIEWS);
  });

  it('saves reordered views, changed columns and a new view, and keeps them across reopening', () => {
    const views = copy(DEFAULT_ROSTER_VIEWS).reverse();
    views[0]!.columns = ['name', 'phone', 'name'];
    views.push({ id: 'party-members', name: '党员', title: '党员花名册', categories: [], columns: ['name', 'partyJoinDate'], builtin: false });
    const saved = ledger.must('saveRosterViews', { views });
    // Repeated columns are dropped.
    expect(saved[0]!.columns).toEqual(['name', 'phone']);
    ledger.reopen();
    expect(ledger.must('getRosterViews', {})).toEqual(saved);
    // A custom view can be removed again.
    expect(ledger.must('saveRosterViews', { views: saved.slice(0, -1) }).map((v) => v.id)).not.toContain('party-members');
  });

  it('decides what is built in itself, whatever the caller says', () => {
    const views = copy(DEFAULT_ROSTER_VIEWS).map((v) => ({ ...v, builtin: false }));
    views.push({ id: 'mine', name: '我的', title: '我的花名册', categories: [], columns: ['name'], builtin: true });
    const saved = ledger.must('saveRosterViews', { views });
    expect(saved.filter((v) => v.builtin).map((v) => v.id)).toEqual(DEFAULT_ROSTER_VIEWS.map((v) => v.id));
  });

  it('refuses to lose a built-in view, naming it, and refuses repeated ids', () => {
    const error = ledger.refuse('saveRosterViews', { views: copy(DEFAULT_ROSTER_VIEWS).filter((v) => v.id !== 'reserves') });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/后备干部/);
    const twice = copy(DEFAULT_ROSTER_VIEWS);
    twice.push({ ...twice[0]! });
    expectChinese(ledger.refuse('saveRosterViews', { views: twice }).message);
    expect(ledger.refuse('saveRosterViews', { views: [{ ...copy(DEFAULT_ROSTER_VIEWS)[0]!, columns: ['salary'] }] }).code).toBe('VALIDATION');
    expect(ledger.must('getRosterViews', {})).toEqual(DEFAULT_ROSTER_VIEWS);
  });

  it('hands out copies: changing what it returned does not change the defaults', () => {
    const views = ledger.must('getRosterViews', {});
    views[0]!.columns.push('note');
    views[0]!.categories.push('x');
    expect(ledger.must('getRosterViews', {})).toEqual(DEFAULT_ROSTER_VIEWS);
  });
});

describe('listing people by several categories', () => {
  it('finds people holding any of them, each once, and combines with a single category and text', () => {
    const civil = save({ name: '王伟', categories: ['乡镇公务员'] });
    const both = save({ name: '李强', categories: ['乡镇参公人员', '乡镇事业编人员'] });
    const other = save({ name: '赵敏', categories: ['致富带头人'] });
    save({ name: '钱多', categories: [] });
    const names = (input: Input<'listPeople'>) => ledger.must('listPeople', input).items.map((p) => p.name).sort();
    const township = ['乡镇公务员', '乡镇参公人员', '乡镇事业编人员'];
    expect(names({ categories: township })).toEqual([both.name, civil.name].sort());
    expect(ledger.must('listPeople', { categories: township }).total).toBe(2);
    expect(names({ categories: township, category: '乡镇事业编人员' })).toEqual([both.name]);
    expect(names({ categories: township, query: '王' })).toEqual([civil.name]);
    expect(names({ categories: ['致富带头人', '不存在的类别'] })).toEqual([other.name]);
    ledger.must('deletePerson', { id: both.id });
    expect(names({ categories: township })).toEqual([civil.name]);
    expect(ledger.refuse('listPeople', { categories: [] }).code).toBe('VALIDATION');
  });
});
