import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nowIso, uuidv7 } from '../../../src/core/ids';
import type { Person } from '../../../src/shared/person';
import type { Post } from '../../../src/shared/org';
import { expectChinese, openTempLedger, type TempLedger } from '../../helpers/ledger';

/**
 * Post history (任职经历): people.post and post_start_date (现任职务, 任现职时间) follow the open rows, whether
 * the clerk edits the person or the history itself.
 */

let ledger: TempLedger;

beforeEach(() => {
  ledger = openTempLedger();
});

afterEach(() => {
  ledger.cleanup();
});

function person(post?: string, postStartDate?: string): Person {
  return ledger.must('savePerson', { name: '张三', idNumber: '110101198001010010', post, postStartDate, unit: '东风村' });
}

function posts(p: Person): Post[] {
  return ledger.must('listPosts', { personId: p.id });
}

function current(p: Person): Pick<Person, 'post' | 'postStartDate'> {
  const { post, postStartDate } = ledger.must('getPerson', { id: p.id });
  return { post, postStartDate };
}

/** Today as the core writes it (UTC date of nowIso), read around the call so midnight cannot flake it. */
function todayAround<T>(fn: () => T): { result: T; days: string[] } {
  const before = nowIso().slice(0, 10);
  const result = fn();
  return { result, days: [before, nowIso().slice(0, 10)] };
}

describe('post history kept in step by savePerson', () => {
  it('opens a history row for the first post', () => {
    const p = person('村委委员', '2018.01');
    expect(posts(p)).toEqual([expect.objectContaining({ personId: p.id, title: '村委委员', unitName: '东风村', startDate: '2018-01', endDate: null })]);
    expect(current(p)).toEqual({ post: '村委委员', postStartDate: '2018-01' });
  });

  it('no post, no history', () => {
    expect(posts(person())).toEqual([]);
  });

  it('a new post with a new start closes the old one when the new one began', () => {
    const p = person('村委委员', '2018-01');
    ledger.must('savePerson', { id: p.id, post: '村党组织书记', postStartDate: '2021-03-15' });
    const history = posts(p);
    expect(history.map((h) => [h.title, h.startDate, h.endDate])).toEqual([
      ['村党组织书记', '2021-03-15', null],
      ['村委委员', '2018-01', '2021-03-15'],
    ]);
    expect(current(p)).toEqual({ post: '村党组织书记', postStartDate: '2021-03-15' });
  });

  it('a new post without a new start closes the old one today, not on the day it began', () => {
    const p = person('村委委员', '2018-01');
    const { days } = todayAround(() => ledger.must('savePerson', { id: p.id, post: '村党组织书记' }));
    const old = posts(p).find((h) => h.title === '村委委员')!;
    expect(old.startDate).toBe('2018-01');
    expect(days).toContain(old.endDate);
  });

  it('clearing the post closes it today and leaves no open row', () => {
    const p = person('村委委员', '2018-01');
    const { days } = todayAround(() => ledger.must('savePerson', { id: p.id, post: null }));
    const history = posts(p);
    expect(history).toHaveLength(1);
    expect(days).toContain(history[0]!.endDate);
    expect(ledger.must('getPerson', { id: p.id }).post).toBeNull();
  });

  it('a corrected 任现职时间 moves the start of the single open row instead of adding one', () => {
    const p = person('村委委员', '2018-01');
    ledger.must('savePerson', { id: p.id, postStartDate: '2017-12-01' });
    expect(posts(p).map((h) => [h.title, h.startDate, h.endDate])).toEqual([['村委委员', '2017-12-01', null]]);
  });

  it('an edit that leaves post and start alone leaves the history alone', () => {
    const p = person('村委委员', '2018-01');
    const before = posts(p);
    ledger.must('savePerson', { id: p.id, phone: '13800138000', categories: ['致富带头人'] });
    expect(posts(p)).toEqual(before);
  });
});

describe('editing the history', () => {
  it('adds an earlier, closed post without touching the current one', () => {
    const p = person('村党组织书记', '2021-03');
    const saved = ledger.must('savePost', { personId: p.id, title: '村委委员', startDate: '2015.01', endDate: '2021.03', unitName: '东风村' });
    expect(saved).toMatchObject({ title: '村委委员', startDate: '2015-01', endDate: '2021-03', unitName: '东风村' });
    expect(posts(p).map((h) => h.title)).toEqual(['村党组织书记', '村委委员']);
    expect(current(p)).toEqual({ post: '村党组织书记', postStartDate: '2021-03' });
  });

  it('a second open post joins the current one; 任现职时间 is the latest start', () => {
    const p = person('村党组织书记', '2021-03');
    const rev = ledger.must('getPerson', { id: p.id }).rev;
    ledger.must('savePost', { personId: p.id, title: '村委会主任', startDate: '2021-05' });
    const after = ledger.must('getPerson', { id: p.id });
    expect(after).toMatchObject({ post: '村党组织书记、村委会主任', postStartDate: '2021-05', rev: rev + 1 });
    // The new title is searchable at once (the search indexes follow people.post).
    expect(ledger.must('listPeople', { query: '村委会主任' }).items.map((x) => x.id)).toEqual([p.id]);
    expect(ledger.must('listPeople', { query: '主任' }).items.map((x) => x.id)).toEqual([p.id]);
  });

  it('closing or deleting the open row re-derives the current post', () => {
    const p = person('村党组织书记', '2021-03');
    const open = posts(p)[0]!;
    ledger.must('savePost', { id: open.id, personId: p.id, title: open.title, startDate: '2021-03', endDate: '2024-01' });
    expect(current(p)).toEqual({ post: null, postStartDate: null });
    expect(ledger.must('listPeople', { query: '书记' }).total).toBe(0);
    ledger.must('savePost', { id: open.id, personId: p.id, title: '村党组织书记', startDate: '2021-03' });
    expect(current(p)).toEqual({ post: '村党组织书记', postStartDate: '2021-03' });
    const remaining = ledger.must('deletePost', { id: open.id });
    expect(remaining).toEqual([]);
    expect(current(p)).toEqual({ post: null, postStartDate: null });
    expect(ledger.refuse('deletePost', { id: open.id }).code).toBe('NOT_FOUND');
  });

  it('a corrected start of the open row becomes the 任现职时间', () => {
    const p = person('村党组织书记', '2021-03');
    const open = posts(p)[0]!;
    ledger.must('savePost', { id: open.id, personId: p.id, title: open.title, startDate: '2020年6月' });
    expect(current(p)).toEqual({ post: '村党组织书记', postStartDate: '2020-06' });
  });

  it('lists open posts first, then by end date, newest first', () => {
    const p = person('村党组织书记', '2021-03');
    ledger.must('savePost', { personId: p.id, title: '团支部书记', startDate: '2008-01', endDate: '2012-01' });
    ledger.must('savePost', { personId: p.id, title: '村委委员', startDate: '2012-01', endDate: '2021-03' });
    expect(posts(p).map((h) => h.title)).toEqual(['村党组织书记', '村委委员', '团支部书记']);
  });

  it('accepts an end in the same month as a day-precise start', () => {
    const p = person();
    expect(ledger.must('savePost', { personId: p.id, title: '网格员', startDate: '2020-05-10', endDate: '2020-05' }).endDate).toBe('2020-05');
  });

  it('refuses bad dates with Chinese messages on their fields', () => {
    const p = person();
    const cases: [Record<string, string>, string][] = [
      [{ startDate: '2020-05', endDate: '2019-12' }, 'endDate'],
      [{ startDate: '2020-05-10', endDate: '2020-04-30' }, 'endDate'],
      [{ startDate: '2999-01' }, 'startDate'],
      [{ startDate: '去年' }, 'startDate'],
      [{ endDate: '2020-13' }, 'endDate'],
    ];
    for (const [dates, field] of cases) {
      const error = ledger.refuse('savePost', { personId: p.id, title: '网格员', ...dates });
      expect(error.code, JSON.stringify(dates)).toBe('VALIDATION');
      expect(error.issues?.map((i) => i.field)).toEqual([field]);
      expectChinese(error.message);
    }
    expect(posts(p)).toEqual([]);
  });

  it('refuses an unknown unit as a validation error, not an internal one', () => {
    const p = person();
    const error = ledger.refuse('savePost', { personId: p.id, title: '网格员', unitId: uuidv7() });
    expect(error.code).toBe('VALIDATION');
    expect(error.issues?.[0]?.field).toBe('unitId');
    const unit = ledger.must('saveUnit', { name: '东风村', kind: '村' });
    expect(ledger.must('savePost', { personId: p.id, title: '网格员', unitId: unit.id }).unitId).toBe(unit.id);
  });

  it('refuses unknown people and posts, another person’s post, and deleted people', () => {
    const p = person('村委委员', '2018-01');
    const other = ledger.must('savePerson', { name: '李四', gender: '男', post: '会计' });
    expect(ledger.refuse('savePost', { personId: uuidv7(), title: '网格员' }).code).toBe('NOT_FOUND');
    expect(ledger.refuse('savePost', { id: uuidv7(), personId: p.id, title: '网格员' }).code).toBe('NOT_FOUND');
    const theirs = posts(other)[0]!;
    expect(ledger.refuse('savePost', { id: theirs.id, personId: p.id, title: '篡改' }).code).toBe('NOT_FOUND');
    expect(posts(other)[0]!.title).toBe('会计');
    ledger.must('deletePerson', { id: p.id });
    const error = ledger.refuse('savePost', { personId: p.id, title: '网格员' });
    expect(error.code).toBe('CONFLICT');
    expectChinese(error.message);
  });
});
