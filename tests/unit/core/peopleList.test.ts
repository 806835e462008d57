import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input } from '../../../src/shared/contract';
import type { Person } from '../../../src/shared/person';
import { openTempLedger, syntheticId, type TempLedger } from '../../helpers/ledger';

/**
 * One roster for the whole file (the tests only read). Names are chosen to catch the usual pitfalls:
 * one- and two-character names, polyphonic surnames, pinyin that is a prefix of other pinyin (li/liang,
 * hua/huang, wan/wang), and LIKE wildcards in free text.
 */
const ROSTER: Input<'savePerson'>[] = [
  { name: '张三', idNumber: '110101198001010010', phone: '13800138000', unit: '城关镇人民政府', post: '党委书记', category: '乡镇公务员', politicalStatus: '党员', education: '大学' },
  { name: '王伟', gender: '男', phone: '13912345678', unit: '城关镇人民政府', category: '乡镇公务员', politicalStatus: '群众', education: '大专' },
  { name: '王伟强', gender: '男', unit: '东村', category: '村（社区）两委成员', politicalStatus: '党员', education: '高中' },
  { name: '王强伟', gender: '男', unit: '西村', category: '村（社区）两委成员', education: '初中' },
  { name: '王', gender: '女', unit: '西村', birthDate: '1975.03' },
  { name: '李伟', idNumber: '110101199003071233', unit: '东村', politicalStatus: '预备党员', education: '大学' },
  { name: '梁朝伟', idNumber: '110101198001010029', unit: '北村', education: '大专' },
  { name: '华伟', gender: '男', unit: '北村', birthDate: '1990-01-02' },
  { name: '黄磊', gender: '男', unit: '南村', birthDate: '1985-06' },
  { name: '万里', gender: '男', unit: '南村' },
  { name: '安宁', idNumber: '110101200002290042', unit: '东村' },
  { name: '白雪', gender: '女', unit: '第_组', post: '组长' },
  { name: '陈明', gender: '男', unit: '100%覆盖村' },
  { name: '邓丽', gender: '女', unit: '南村' },
  { name: '单伟', gender: '男', unit: '东村' },
  { name: '沈阳', gender: '男', unit: '东村' },
  { name: '杨光', gender: '男', unit: '东村' },
  { name: '曾小明', gender: '男', unit: '东村' },
  { name: '夏雪', gender: '女', unit: '西村' },
  { name: '阿不都热合曼·买买提依明', idNumber: syntheticId('19720815', '011', '650102'), ethnicity: '维吾尔', unit: '西村' },
  { name: '李梅', idNumber: '11010519491231002X', unit: '东村' },
];
const DELETED: Input<'savePerson'> = { name: '张四', gender: '男', unit: '城关镇人民政府' };

let ledger: TempLedger;

beforeAll(() => {
  ledger = openTempLedger();
  for (const input of ROSTER) ledger.must('savePerson', input);
  const gone = ledger.must('savePerson', DELETED);
  ledger.must('deletePerson', { id: gone.id });
});

afterAll(() => {
  ledger.cleanup();
});

function list(input: Input<'listPeople'> = {}) {
  return ledger.must('listPeople', input);
}

function names(input: Input<'listPeople'> = {}): string[] {
  return list({ limit: 1000, ...input }).items.map((p) => p.name);
}

function found(query: string): string[] {
  return names({ query }).sort();
}

describe('listPeople: text search', () => {
  it('finds a name fragment', () => {
    expect(found('朝伟')).toEqual(['梁朝伟']);
    expect(found('热合曼')).toEqual(['阿不都热合曼·买买提依明']);
  });

  it('finds two-character queries as substrings, not as words', () => {
    expect(found('王伟')).toEqual(['王伟', '王伟强'].sort());
    expect(found('张三')).toEqual(['张三']);
    expect(found('小明')).toEqual(['曾小明']);
  });

  it('finds one-character queries, including a one-character name', () => {
    expect(found('王')).toEqual(['王', '王伟', '王伟强', '王强伟'].sort());
    expect(found('伟')).toEqual(['华伟', '单伟', '李伟', '梁朝伟', '王伟', '王伟强', '王强伟'].sort());
    expect(found('曾')).toEqual(['曾小明']);
  });

  it('finds by unit and post text', () => {
    expect(found('城关')).toEqual(['张三', '王伟'].sort());
    expect(found('组长')).toEqual(['白雪']);
  });

  it('ignores spaces in the query', () => {
    expect(found(' 张 三 ')).toEqual(['张三']);
    expect(found('\u3000王伟\u3000')).toEqual(['王伟', '王伟强'].sort());
  });

  it('finds by ID number fragment, including a trailing x typed in lowercase', () => {
    expect(found('110101198001010010')).toEqual(['张三']);
    expect(found('19800101')).toEqual(['张三', '梁朝伟'].sort());
    expect(found('0307')).toEqual(['李伟']);
    expect(found('002x')).toEqual(['李梅']);
    expect(found('002X')).toEqual(['李梅']);
    expect(found('650102')).toEqual(['阿不都热合曼·买买提依明']);
  });

  it('finds by phone fragment', () => {
    expect(found('912345')).toEqual(['王伟']);
    expect(found('13800138000')).toEqual(['张三']);
  });

  it('finds by pinyin initials, in either case', () => {
    expect(found('zs')).toEqual(['张三']);
    expect(found('ZS')).toEqual(['张三']);
    expect(found('lcw')).toEqual(['梁朝伟']);
    expect(found('wwq')).toEqual(['王伟强']);
    expect(found('ww')).toEqual(['王伟', '王伟强'].sort());
  });

  it('finds by pinyin initials made only of x (not mistaken for an ID number fragment)', () => {
    expect(found('xx')).toEqual(['夏雪']);
    expect(found('x')).toEqual(['夏雪']);
  });

  it('reads polyphonic surnames by their surname pronunciation', () => {
    expect(found('sw')).toEqual(['单伟']);
    expect(found('shan')).toEqual(['单伟']);
    expect(found('dw')).toEqual([]);
    expect(found('zxm')).toEqual(['曾小明']);
    expect(found('zeng')).toEqual(['曾小明']);
    expect(found('cxm')).toEqual([]);
  });

  it('finds by full pinyin prefix', () => {
    expect(found('zhang')).toEqual(['张三']);
    expect(found('zhangsan')).toEqual(['张三']);
    expect(found('ZhangSan')).toEqual(['张三']);
    expect(found('zhang san')).toEqual(['张三']);
    expect(found('wangwei')).toEqual(['王伟', '王伟强'].sort());
    expect(found('liang')).toEqual(['梁朝伟']);
    expect(found('abudou')).toEqual(['阿不都热合曼·买买提依明']);
    expect(found('sanzhang')).toEqual([]);
  });

  it('treats LIKE wildcards in the query literally', () => {
    expect(found('%')).toEqual(['陈明']);
    expect(found('_')).toEqual(['白雪']);
    expect(found('第_组')).toEqual(['白雪']);
    expect(found('100%')).toEqual(['陈明']);
    expect(found('%%')).toEqual([]);
    expect(found('__')).toEqual([]);
    expect(found('\\')).toEqual([]);
  });

  it('treats quotes and SQL in the query as text', () => {
    expect(list({ query: "'; DROP TABLE people; --" })).toEqual({ items: [], total: 0 });
    expect(list({ query: '" OR 1=1 --' })).toEqual({ items: [], total: 0 });
    expect(list().total).toBe(ROSTER.length);
  });

  it('lists everyone for an empty or blank query', () => {
    expect(list({ query: '' }).total).toBe(ROSTER.length);
    expect(list({ query: ' \u3000 ' }).total).toBe(ROSTER.length);
  });

  it('returns nothing, not everything, for a query that matches nothing', () => {
    expect(list({ query: '诸葛亮' })).toEqual({ items: [], total: 0 });
    expect(list({ query: '99999999' })).toEqual({ items: [], total: 0 });
    expect(list({ query: 'qqq' })).toEqual({ items: [], total: 0 });
  });

  it('does not search deleted people by default', () => {
    expect(found('张四')).toEqual([]);
    expect(names({ query: '张四', deleted: 'deleted' })).toEqual(['张四']);
    expect(names({ query: 'zs', deleted: 'all' }).sort()).toEqual(['张三', '张四'].sort());
  });
});

describe('listPeople: filters', () => {
  it('filters by gender', () => {
    expect(names({ gender: '女' }).sort()).toEqual(['王', '梁朝伟', '安宁', '白雪', '邓丽', '夏雪', '李梅'].sort());
    expect(list({ gender: '男' }).total + list({ gender: '女' }).total).toBe(ROSTER.length);
  });

  it('filters by political status code and education code', () => {
    expect(names({ politicalStatusCode: '01' }).sort()).toEqual(['张三', '王伟强'].sort());
    expect(names({ politicalStatusCode: '02' })).toEqual(['李伟']);
    expect(names({ politicalStatusCode: '13' })).toEqual(['王伟']);
    expect(names({ educationCode: '31' }).sort()).toEqual(['王伟', '梁朝伟'].sort());
    expect(names({ educationCode: '21' }).sort()).toEqual(['张三', '李伟'].sort());
  });

  it('filters by category and unit, exactly', () => {
    expect(names({ category: '村（社区）两委成员' }).sort()).toEqual(['王伟强', '王强伟'].sort());
    expect(names({ unit: '北村' }).sort()).toEqual(['梁朝伟', '华伟'].sort());
    expect(names({ unit: '村' })).toEqual([]);
  });

  it('combines filters and a query', () => {
    expect(names({ query: '王', unit: '西村' }).sort()).toEqual(['王', '王强伟'].sort());
    expect(names({ query: '王', unit: '西村', gender: '女' })).toEqual(['王']);
    expect(names({ query: 'w', category: '乡镇公务员' })).toEqual(['王伟']);
  });
});

describe('listPeople: sorting', () => {
  it('sorts by name in pinyin order by default', () => {
    const order = names();
    const before = (a: string, b: string) => expect(order.indexOf(a), `${a} before ${b} in ${order.join(' ')}`).toBeLessThan(order.indexOf(b));
    before('安宁', '白雪');
    before('白雪', '张三');
    before('安宁', '张三');
    before('阿不都热合曼·买买提依明', '安宁');
    before('陈明', '邓丽');
  });

  it('compares pinyin syllable by syllable: li < liang, hua < huang, wan < wang', () => {
    const order = names();
    const before = (a: string, b: string) => expect(order.indexOf(a), `${a} before ${b} in ${order.join(' ')}`).toBeLessThan(order.indexOf(b));
    before('李伟', '梁朝伟');
    before('李梅', '梁朝伟');
    before('华伟', '黄磊');
    before('万里', '王');
    // Character by character, as a pinyin-ordered roster (or Excel's 按拼音排序) does: 强 qiang < 伟 wei.
    before('王', '王强伟');
    before('王强伟', '王伟');
    before('王伟', '王伟强');
  });

  it('sorts polyphonic surnames by their surname reading: 单 as shan, 曾 as zeng', () => {
    const order = names().filter((n) => ['陈明', '邓丽', '单伟', '沈阳', '杨光', '曾小明', '张三'].includes(n));
    expect(order).toEqual(['陈明', '邓丽', '单伟', '沈阳', '杨光', '曾小明', '张三']);
  });

  it('gives the whole roster in the expected order', () => {
    expect(names()).toEqual([
      '阿不都热合曼·买买提依明',
      '安宁',
      '白雪',
      '陈明',
      '邓丽',
      '华伟',
      '黄磊',
      '李梅',
      '李伟',
      '梁朝伟',
      '单伟',
      '沈阳',
      '万里',
      '王',
      '王强伟',
      '王伟',
      '王伟强',
      '夏雪',
      '杨光',
      '曾小明',
      '张三',
    ]);
  });

  it('reverses the order with direction desc', () => {
    expect(names({ direction: 'desc' })).toEqual([...names()].reverse());
  });

  it('sorts by birth date with unknown dates last in both directions', () => {
    const asc = list({ sort: 'birthDate', limit: 1000 }).items;
    const dated = asc.filter((p) => p.birthDate !== null);
    expect(dated.map((p) => p.birthDate)).toEqual([...dated.map((p) => p.birthDate!)].sort());
    expect(asc.slice(0, dated.length).every((p) => p.birthDate !== null)).toBe(true);
    expect(asc[0]!.name).toBe('李梅');
    const desc = list({ sort: 'birthDate', direction: 'desc', limit: 1000 }).items;
    expect(desc[0]!.name).toBe('安宁');
    expect(desc.slice(dated.length).every((p) => p.birthDate === null)).toBe(true);
  });

  it('breaks ties in other sorts by pinyin name', () => {
    const east = list({ unit: '东村', sort: 'unit', limit: 1000 }).items.map((p) => p.name);
    expect(east).toEqual(['安宁', '李梅', '李伟', '单伟', '沈阳', '王伟强', '杨光', '曾小明']);
  });

  it('sorts by creation time', () => {
    const asc = list({ sort: 'createdAt', limit: 1000 }).items.map((p) => p.createdAt);
    expect(asc).toEqual([...asc].sort());
    const desc = list({ sort: 'updatedAt', direction: 'desc', limit: 1000 }).items.map((p) => p.updatedAt);
    expect(desc).toEqual([...desc].sort().reverse());
  });
});

describe('listPeople: paging', () => {
  it('pages with offset and limit, reporting the full total on every page', () => {
    const all = list({ limit: 1000 }).items;
    expect(all).toHaveLength(ROSTER.length);
    const pages: Person[] = [];
    for (let offset = 0; offset < all.length; offset += 4) {
      const page = list({ offset, limit: 4 });
      expect(page.total).toBe(ROSTER.length);
      expect(page.items.length).toBe(Math.min(4, all.length - offset));
      pages.push(...page.items);
    }
    expect(pages).toEqual(all);
  });

  it('returns an empty page past the end, with the total', () => {
    expect(list({ offset: 100 })).toEqual({ items: [], total: ROSTER.length });
  });

  it('defaults to 50 per page', () => {
    expect(list().items).toHaveLength(ROSTER.length);
  });

  it('counts the filtered total, not the page', () => {
    const page = list({ query: '伟', limit: 2, offset: 1 });
    expect(page.total).toBe(7);
    expect(page.items).toHaveLength(2);
  });
});
