import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPeople } from '../../../src/core/people/peopleRepo';
import { peopleListSchema, type Input } from '../../../src/shared/contract';
import type { Person } from '../../../src/shared/person';
import { openTempLedger, syntheticId, type TempLedger } from '../../helpers/ledger';
import { asciiLower, expectSearchIndexesInStep } from '../../helpers/searchIndex';

/**
 * Text search. Whatever index answers (FTS5 trigram for 3+ characters, people_grams for 1–2, pinyin ranges
 * for letters), a query matches: name, unit or post containing it (ASCII case ignored); for 3 or more
 * digits (an ID or phone fragment, optionally ending in X), ID number or phone containing it; for Latin
 * letters, pinyin initials or full pinyin starting with it.
 */

interface StoredRow {
  id: string;
  rowid: number;
  name: string;
  unit: string | null;
  post: string | null;
  id_number: string | null;
  phone: string | null;
  name_initials: string;
  search_pinyin: string;
  name_pinyin: string;
  deleted_at: string | null;
}

function storedRows(ledger: TempLedger): StoredRow[] {
  return ledger.db
    .prepare('SELECT id, rowid, name, unit, post, id_number, phone, name_initials, search_pinyin, name_pinyin, deleted_at FROM people')
    .all() as StoredRow[];
}

/** The naive definition of a match, in plain JavaScript over the stored rows. */
function naiveMatch(row: StoredRow, query: string): boolean {
  const text = query.replace(/[\s\u3000]+/g, '');
  if (text === '') return true;
  const lower = asciiLower(text);
  if ([row.name, row.unit, row.post].some((v) => v !== null && asciiLower(v).includes(lower))) return true;
  // 1–2 digits are too short to be an ID or phone fragment (they would match nearly everyone).
  const idFragment = /^\d+[xX]?$/.test(text) && text.length >= 3;
  if (idFragment && [row.id_number, row.phone].some((v) => v !== null && v.includes(text.toUpperCase()))) return true;
  return /^[a-zA-Z]+$/.test(text) && (row.name_initials.startsWith(lower) || row.search_pinyin.startsWith(lower));
}

/** What listPeople must return for a query: the matching rows in roster order (pinyin, then rowid). */
function expected(rows: StoredRow[], query: string, deleted: boolean): string[] {
  return rows
    .filter((r) => (r.deleted_at !== null) === deleted && naiveMatch(r, query))
    .sort((a, b) => (a.name_pinyin < b.name_pinyin ? -1 : a.name_pinyin > b.name_pinyin ? 1 : a.rowid - b.rowid))
    .map((r) => r.id);
}

const STRATEGIES = ['walk', 'drive', 'keyed', 'collect'] as const;

/** Checks one query through dispatch, in both live and deleted modes, and through every page strategy. */
function checkQuery(ledger: TempLedger, rows: StoredRow[], query: string): void {
  for (const deleted of [false, true]) {
    const input: Input<'listPeople'> = { query, limit: 1000, deleted: deleted ? 'deleted' : 'live' };
    const page = ledger.must('listPeople', input);
    const want = expected(rows, query, deleted);
    expect(page.items.map((p) => p.id), `${deleted ? 'deleted' : 'live'} query ${JSON.stringify(query)}`).toEqual(want);
    expect(page.total).toBe(want.length);
    if (deleted) continue;
    for (const strategy of STRATEGIES) {
      const forced = listPeople(ledger.db, peopleListSchema.parse(input), new Date(), strategy);
      expect(forced.items.map((p) => p.id), `${strategy} for ${JSON.stringify(query)}`).toEqual(want);
      expect(forced.total).toBe(want.length);
    }
    // A page in the middle is the same slice of the same order.
    if (want.length > 2) {
      const middle = ledger.must('listPeople', { query, offset: 1, limit: want.length - 2 });
      expect(middle.items.map((p) => p.id)).toEqual(want.slice(1, -1));
    }
  }
}

describe('search on a fixed roster', () => {
  let ledger: TempLedger;
  let rows: StoredRow[];
  const byName: Record<string, Person> = {};

  const ROSTER: Input<'savePerson'>[] = [
    { name: '王', gender: '女', unit: '西村' },
    { name: '王伟', gender: '男', unit: '东村', post: '书记' },
    { name: '王伟强', gender: '男', unit: 'AB村', post: '村党组织书记' },
    { name: '王强伟', gender: '男', unit: '第_组', post: 'Ab组长' },
    { name: '李伟', gender: '男', unit: '100%覆盖村' },
    { name: '张三', idNumber: '110101198001010010', phone: '13800138000', unit: '3组' },
    { name: '张三丰', gender: '男', phone: '0371-12345678', unit: '王家村' },
    { name: '欧阳娜娜', gender: '女', unit: '东村' },
    { name: '单伟', gender: '男', unit: '东村' },
    { name: '李梅', idNumber: '11010519491231002X', unit: '西村' },
    { name: 'Mary', gender: '女', unit: '东村' },
    { name: '吕布', gender: '男', unit: '东村' },
  ];

  beforeAll(() => {
    ledger = openTempLedger();
    for (const input of ROSTER) byName[input.name!] = ledger.must('savePerson', input);
    const gone = ledger.must('savePerson', { name: '王伟', gender: '男', unit: '西村', post: '会计' });
    ledger.must('deletePerson', { id: gone.id });
    rows = storedRows(ledger);
  });

  afterAll(() => {
    ledger.cleanup();
  });

  const names = (query: string, deleted: 'live' | 'deleted' = 'live') =>
    ledger.must('listPeople', { query, deleted, limit: 1000 }).items.map((p) => `${p.name}${p.deletedAt ? '(删)' : ''}`);

  it.each([
    ['王', ['王', '王强伟', '王伟', '王伟强', '张三丰']],
    ['王伟', ['王伟', '王伟强']],
    ['王伟强', ['王伟强']],
    ['张三', ['张三', '张三丰']],
    ['伟', ['李伟', '单伟', '王强伟', '王伟', '王伟强']],
    ['王 伟', ['王伟', '王伟强']],
    ['书记', ['王伟', '王伟强']],
  ])('finds %s by name, unit or post, whatever its length', (query, want) => {
    expect(names(query).sort()).toEqual([...want].sort());
  });

  it('matches pinyin by initials and by prefix, never in the middle of a name', () => {
    expect(names('lw').sort()).toEqual(['李伟']);
    expect(names('LW').sort()).toEqual(['李伟']);
    expect(names('liwei')).toEqual(['李伟']);
    expect(names('zhangsan').sort()).toEqual(['张三', '张三丰']);
    expect(names('zsf')).toEqual(['张三丰']);
    expect(names('oyn')).toEqual(['欧阳娜娜']);
    // 单 as a surname is shan; 吕 is lv.
    expect(names('shanwei')).toEqual(['单伟']);
    expect(names('lvbu')).toEqual(['吕布']);
    // "wei" is inside liwei and wangwei, but pinyin matches from the start only.
    expect(names('wei')).toEqual([]);
    expect(names('ang')).toEqual([]);
    expect(names('mar')).toEqual(['Mary']);
  });

  it('matches ID numbers and phones by any fragment, with x or X', () => {
    expect(names('0010')).toEqual(['张三']);
    expect(names('138')).toEqual(['张三']);
    expect(names('8000')).toEqual(['张三']);
    expect(names('002x')).toEqual(['李梅']);
    expect(names('02X')).toEqual(['李梅']);
    expect(names('12345678')).toEqual(['张三丰']);
    expect(names('800')).toEqual(['张三']);
  });

  it('searches ID numbers and phones from 3 digits on; 1–2 digits find names, units and posts only', () => {
    // 3 is inside 李梅's ID number and 张三丰's phone, but a fragment that short would match nearly everyone.
    expect(names('3')).toEqual(['张三']);
    expect(names('3组')).toEqual(['张三']);
    expect(names('80')).toEqual([]);
    expect(names('2X')).toEqual([]);
    expect(names('2x')).toEqual([]);
    // …but still a unit that holds them.
    expect(names('00')).toEqual(['李伟']);
    expect(names('100').sort()).toEqual(['张三', '李伟', '李梅'].sort());
  });

  it('ignores ASCII case in units and posts, and treats LIKE and FTS5 syntax as plain text', () => {
    expect(names('ab').sort()).toEqual(['王伟强', '王强伟']);
    expect(names('AB村')).toEqual(['王伟强']);
    expect(names('b村')).toEqual(['王伟强']);
    expect(names('_')).toEqual(['王强伟']);
    expect(names('_组')).toEqual(['王强伟']);
    expect(names('%')).toEqual(['李伟']);
    expect(names('%覆盖')).toEqual(['李伟']);
    for (const query of ['"', 'a"b', '王"伟', 'AND', '王 OR 李', '*', '王*', 'NEAR(王 伟)', '(', '^王', '-1', '{name}:王', 'name:王伟', '\\']) {
      checkQuery(ledger, rows, query);
    }
  });

  it('searches the recycle bin separately, with the same rules', () => {
    expect(names('王伟', 'deleted')).toEqual(['王伟(删)']);
    expect(names('会计', 'deleted')).toEqual(['王伟(删)']);
    expect(names('ww', 'deleted')).toEqual(['王伟(删)']);
    expect(names('会计')).toEqual([]);
  });

  it('agrees with the naive definition on every substring of every field', () => {
    const queries = new Set<string>();
    for (const r of rows) {
      for (const text of [r.name, r.unit, r.post, r.id_number, r.phone, r.name_initials, r.search_pinyin]) {
        if (!text) continue;
        const chars = [...text];
        for (let i = 0; i < chars.length; i++) for (let n = 1; n <= 4 && i + n <= chars.length; n++) queries.add(chars.slice(i, i + n).join(''));
      }
    }
    for (const query of queries) checkQuery(ledger, rows, query);
    expectSearchIndexesInStep(ledger.db);
  });
});

describe('search indexes follow every change', () => {
  it('renames, unit and post changes, delete and restore', () => {
    const ledger = openTempLedger();
    try {
      const unit = ledger.must('saveUnit', { name: '红星村', kind: '村' });
      const p = ledger.must('savePerson', { name: '王伟强', gender: '男', unitId: unit.id, post: '会计' });
      const ids = (query: string) => ledger.must('listPeople', { query }).items.map((x) => x.id);
      ledger.must('savePerson', { id: p.id, name: '李建国' });
      expect(ids('王伟强')).toEqual([]);
      expect(ids('王伟')).toEqual([]);
      expect(ids('wwq')).toEqual([]);
      expect(ids('李建国')).toEqual([p.id]);
      expect(ids('建')).toEqual([p.id]);
      expect(ids('ljg')).toEqual([p.id]);
      ledger.must('saveUnit', { id: unit.id, name: '红旗村', kind: '村' });
      expect(ids('红星')).toEqual([]);
      expect(ids('红旗村')).toEqual([p.id]);
      const post = ledger.must('listPosts', { personId: p.id })[0]!;
      ledger.must('savePost', { id: post.id, personId: p.id, title: '出纳' });
      expect(ids('会计')).toEqual([]);
      expect(ids('出纳')).toEqual([p.id]);
      ledger.must('deletePerson', { id: p.id });
      expect(ids('李建国')).toEqual([]);
      expect(ids('建')).toEqual([]);
      expectSearchIndexesInStep(ledger.db);
      ledger.must('restorePerson', { id: p.id });
      expect(ids('李建国')).toEqual([p.id]);
      expect(ids('建')).toEqual([p.id]);
      expectSearchIndexesInStep(ledger.db);
    } finally {
      ledger.cleanup();
    }
  });
});

// Names from common surnames and given names, 1 to 4 characters (王 alone, 王伟, 欧阳娜娜).
const SURNAMES = ['王', '李', '张', '刘', '陈', '欧阳', '单', '曾', '吕', '黄', '华'];
const GIVEN = ['', '伟', '芳', '强', '伟强', '小明', '建国', '三', '娜娜', '磊', '王'];
const UNITS = [null, '东村', '西村', '红星村', 'AB村', '第_组', '100%覆盖村', '3组', '王家村', '伟业社区'];
const POSTS = [null, '书记', '村党组织书记', '村委委员', 'Ab组长', '主任', '会计'];
const QUERY_POOL = ['王', '伟', '王伟', '伟强', '欧阳', 'zs', 'ZS', 'wang', 'li', 'l', 'x', 'X', '1', '3', '19', '2X', '190', '0010', 'ab', 'AB村', '村', '_', '%', '"', '王 伟', '书记', '3组', 'ww'];

const personArb = fc.record({
  surname: fc.constantFrom(...SURNAMES),
  given: fc.constantFrom(...GIVEN),
  unit: fc.constantFrom(...UNITS),
  post: fc.constantFrom(...POSTS),
  year: fc.integer({ min: 1950, max: 2005 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hasId: fc.boolean(),
  phone: fc.option(fc.integer({ min: 0, max: 999_999_999 }), { nil: null }),
  deleted: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  renamedTo: fc.option(fc.constantFrom(...GIVEN), { freq: 6, nil: null }),
});

/** A query drawn from the data (a fragment of someone's field, their initials), from a pool, or anything. */
const queryArb = fc.oneof(
  fc.record({ person: fc.nat(), field: fc.constantFrom('name', 'unit', 'post', 'id_number', 'phone', 'name_initials', 'search_pinyin'), start: fc.nat(), length: fc.integer({ min: 1, max: 5 }), upper: fc.boolean() }),
  fc.constantFrom(...QUERY_POOL),
  fc.string({ maxLength: 4 }),
);

describe('search agrees with a naive filter (property)', () => {
  it('for random rosters and queries, in every mode and page strategy', () => {
    fc.assert(
      fc.property(fc.array(personArb, { minLength: 1, maxLength: 30 }), fc.array(queryArb, { minLength: 1, maxLength: 6 }), (people, queries) => {
        const ledger = openTempLedger();
        try {
          people.forEach((p, i) => {
            const pad = (n: number) => String(n).padStart(2, '0');
            const saved = ledger.must('savePerson', {
              name: p.surname + p.given,
              ...(p.hasId ? { idNumber: syntheticId(`${p.year}${pad(p.month)}${pad(p.day)}`, String(i).padStart(3, '0')) } : { gender: '男' }),
              phone: p.phone === null ? null : `13${String(p.phone).padStart(9, '0')}`,
              unit: p.unit,
              post: p.post,
            });
            if (p.renamedTo !== null) ledger.must('savePerson', { id: saved.id, name: p.surname + p.renamedTo, post: p.post === null ? '网格员' : null });
            if (p.deleted) ledger.must('deletePerson', { id: saved.id });
          });
          const rows = storedRows(ledger);
          for (const q of queries) {
            let query: string;
            if (typeof q === 'string') query = q;
            else {
              const row = rows[q.person % rows.length]!;
              const chars = [...(row[q.field] ?? '')];
              const start = chars.length === 0 ? 0 : q.start % chars.length;
              query = chars.slice(start, start + q.length).join('');
              if (q.upper) query = query.toUpperCase();
            }
            checkQuery(ledger, rows, query);
          }
          expectSearchIndexesInStep(ledger.db);
        } finally {
          ledger.cleanup();
        }
      }),
      { numRuns: 40 },
    );
  });
});
