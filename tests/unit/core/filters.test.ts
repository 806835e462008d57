import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPeople } from '../../../src/core/people/peopleRepo';
import { peopleListSchema, type Input } from '../../../src/shared/contract';
import type { Person } from '../../../src/shared/person';
import { ageOn } from '../../../src/shared/validate/date';
import { openTempLedger, syntheticId, type TempLedger } from '../../helpers/ledger';

/**
 * listPeople's filters: category, unit and party organisation with everything below them, status, age band,
 * gender, political status, education; with sorting and paging. Checked against a plain JavaScript filter.
 */

const TODAY = new Date(2025, 5, 15);

function list(ledger: TempLedger, input: Input<'listPeople'>, today = TODAY, strategy?: 'walk' | 'drive' | 'keyed' | 'collect') {
  return listPeople(ledger.db, peopleListSchema.parse(input), today, strategy);
}

describe('age bands', () => {
  let ledger: TempLedger;
  const born: Record<string, string> = {
    '30 today': '1995-06-15',
    '29, birthday tomorrow': '1995-06-16',
    '31 yesterday… today': '1994-06-15',
    '30, month only': '1995-06',
    '29, month only': '1995-07',
    'leap day 2000': '2000-02-29',
  };

  beforeAll(() => {
    ledger = openTempLedger();
    for (const [name, birthDate] of Object.entries(born)) {
      ledger.must('savePerson', { name: '张三', gender: '男', birthDate, note: name });
    }
    ledger.must('savePerson', { name: '李四', gender: '男', note: 'no birth date' });
  });

  afterAll(() => {
    ledger.cleanup();
  });

  const notes = (input: Input<'listPeople'>, today = TODAY) =>
    list(ledger, input, today)
      .items.map((p) => p.note)
      .sort();

  it('counts whole years on the day, inclusive at both ends, month-only dates at month precision', () => {
    expect(notes({ ageMin: 30, ageMax: 30 })).toEqual(['30 today', '30, month only']);
    expect(notes({ ageMax: 29 })).toEqual(['29, birthday tomorrow', '29, month only', 'leap day 2000'].sort());
    expect(notes({ ageMin: 31 })).toEqual(['31 yesterday… today']);
    // People without a birth date have no age: no band holds them.
    expect(notes({ ageMin: 0 })).not.toContain('no birth date');
  });

  it('agrees with ageOn, the age the roster prints, around a leap-day birthday', () => {
    for (const day of [new Date(2025, 1, 28), new Date(2025, 2, 1), new Date(2024, 1, 28), new Date(2024, 1, 29)]) {
      const age = ageOn('2000-02-29', day);
      expect(notes({ ageMin: age, ageMax: age }, day)).toContain('leap day 2000');
      expect(notes({ ageMin: age + 1 }, day)).not.toContain('leap day 2000');
      expect(notes({ ageMax: age - 1 }, day)).not.toContain('leap day 2000');
    }
  });

  it('refuses a malformed band before it reaches the core', () => {
    expect(ledger.refuse('listPeople', { ageMin: -1 }).code).toBe('VALIDATION');
    expect(ledger.refuse('listPeople', { ageMax: 1.5 }).code).toBe('VALIDATION');
  });
});

describe('filters agree with a naive filter (property)', () => {
  let ledger: TempLedger;
  let people: Person[];
  let units: Record<string, { id: string; parentId: string | null }>;
  let orgs: Record<string, { id: string; parentId: string | null }>;
  let rowids: Map<string, number>;
  let pinyin: Map<string, string>;
  let pinyinFields: Map<string, { initials: string; compact: string }>;

  const UNIT_NAMES = ['示范县', '东山镇', '西山镇', '红星村', '光明村', '新华村'];
  const ORG_NAMES = ['东山镇党委', '东山镇党总支', '红星村党支部', '光明村党支部', '第一党小组'];
  const CATEGORIES = ['村党组织书记', '致富带头人', '村级后备干部', '驻村第一书记'];
  const POLITICAL = [null, '中共党员', '中共预备党员', '共青团员', '群众'];
  const EDUCATION = [null, '初中', '高中', '大学本科'];

  beforeAll(() => {
    ledger = openTempLedger();
    const county = ledger.must('saveUnit', { name: '示范县', kind: '县' });
    const east = ledger.must('saveUnit', { name: '东山镇', kind: '乡镇', parentId: county.id });
    const west = ledger.must('saveUnit', { name: '西山镇', kind: '乡镇', parentId: county.id });
    const red = ledger.must('saveUnit', { name: '红星村', kind: '村', parentId: east.id });
    const bright = ledger.must('saveUnit', { name: '光明村', kind: '村', parentId: east.id });
    const xinhua = ledger.must('saveUnit', { name: '新华村', kind: '村', parentId: west.id });
    units = Object.fromEntries([county, east, west, red, bright, xinhua].map((u) => [u.name, { id: u.id, parentId: u.parentId }]));
    const top = ledger.must('savePartyOrg', { name: '东山镇党委', kind: '党委' });
    const committee = ledger.must('savePartyOrg', { name: '东山镇党总支', kind: '党总支', parentId: top.id });
    const b1 = ledger.must('savePartyOrg', { name: '红星村党支部', kind: '党支部', parentId: committee.id });
    const b2 = ledger.must('savePartyOrg', { name: '光明村党支部', kind: '党支部', parentId: committee.id });
    const group = ledger.must('savePartyOrg', { name: '第一党小组', kind: '党小组', parentId: b1.id });
    orgs = Object.fromEntries([top, committee, b1, b2, group].map((o) => [o.name, { id: o.id, parentId: o.parentId }]));

    // A deterministic roster wide enough for every combination; the property picks the filters.
    const rng = fc.sample(
      fc.record({
        surname: fc.constantFrom('王', '李', '张', '欧阳', '华', '黄'),
        given: fc.constantFrom('', '伟', '芳', '小明', '建国'),
        unit: fc.constantFrom(null, ...UNIT_NAMES),
        org: fc.constantFrom(null, ...ORG_NAMES),
        categories: fc.subarray(CATEGORIES),
        political: fc.constantFrom(...POLITICAL),
        education: fc.constantFrom(...EDUCATION),
        status: fc.constantFrom('在岗', '离任', '调出'),
        birth: fc.oneof(
          fc.constant(null),
          fc.record({ y: fc.integer({ min: 1950, max: 2007 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }),
        ),
        monthOnly: fc.boolean(),
        withId: fc.boolean(),
        deleted: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      }),
      { numRuns: 160, seed: 42 },
    );
    const pad = (n: number) => String(n).padStart(2, '0');
    rng.forEach((r, i) => {
      const birth = r.birth ? `${r.birth.y}${pad(r.birth.m)}${pad(r.birth.d)}` : null;
      const useId = birth !== null && r.withId;
      const p = ledger.must('savePerson', {
        name: r.surname + r.given,
        ...(useId ? { idNumber: syntheticId(birth, String(i).padStart(3, '0')) } : { gender: i % 2 ? '男' : '女' }),
        birthDate: !useId && r.birth ? (r.monthOnly ? `${r.birth.y}-${pad(r.birth.m)}` : `${r.birth.y}-${pad(r.birth.m)}-${pad(r.birth.d)}`) : null,
        unitId: r.unit ? units[r.unit]!.id : null,
        partyOrgId: r.org ? orgs[r.org]!.id : null,
        categories: r.categories,
        politicalStatus: r.political,
        education: r.education,
        status: r.status,
      });
      if (r.deleted) ledger.must('deletePerson', { id: p.id });
    });
    people = ledger.must('listPeople', { deleted: 'all', limit: 1000 }).items;
    const stored = ledger.db.prepare('SELECT id, rowid AS r, name_pinyin, name_initials, search_pinyin FROM people').all() as {
      id: string;
      r: number;
      name_pinyin: string;
      name_initials: string;
      search_pinyin: string;
    }[];
    pinyinFields = new Map(stored.map((s) => [s.id, { initials: s.name_initials, compact: s.search_pinyin }]));
    rowids = new Map(stored.map((s) => [s.id, s.r]));
    pinyin = new Map(stored.map((s) => [s.id, s.name_pinyin]));
  });

  afterAll(() => {
    ledger.cleanup();
  });

  /** Is `id` the node or below it? */
  function within(tree: Record<string, { id: string; parentId: string | null }>, id: string | null, top: string): boolean {
    const parent = new Map(Object.values(tree).map((n) => [n.id, n.parentId]));
    for (let at = id; at; at = parent.get(at) ?? null) if (at === top) return true;
    return false;
  }

  /** The search rules (see search.test.ts), for queries combined with filters. */
  function textMatch(p: Person, q: string): boolean {
    const lower = q.toLowerCase();
    if ([p.name, p.unit, p.post].some((v) => v?.toLowerCase().includes(lower))) return true;
    // ID numbers and phones are searched from 3 digits on (search.test.ts).
    if (/^\d+[xX]?$/.test(q) && q.length >= 3 && [p.idNumber, p.phone].some((v) => v?.includes(q.toUpperCase()))) return true;
    const py = pinyinFields.get(p.id)!;
    return /^[a-z]+$/i.test(q) && (py.initials.startsWith(lower) || py.compact.startsWith(lower));
  }

  function naive(input: Input<'listPeople'>): Person[] {
    const deleted = input.deleted ?? 'live';
    const matches = people.filter(
      (p) =>
        (deleted === 'all' || (deleted === 'deleted') === (p.deletedAt !== null)) &&
        (!input.query || textMatch(p, input.query)) &&
        (!input.category || p.categories.includes(input.category)) &&
        (!input.categories || p.categories.some((c) => input.categories!.includes(c))) &&
        (!input.unitId || within(units, p.unitId, input.unitId)) &&
        (!input.partyOrgId || within(orgs, p.partyOrgId, input.partyOrgId)) &&
        (!input.status || p.status === input.status) &&
        (!input.gender || p.gender === input.gender) &&
        (!input.politicalStatusCode || p.politicalStatusCode === input.politicalStatusCode) &&
        (!input.educationCode || p.educationCode === input.educationCode) &&
        (input.ageMin === undefined || (p.birthDate !== null && ageOn(p.birthDate, TODAY) >= input.ageMin)) &&
        (input.ageMax === undefined || (p.birthDate !== null && ageOn(p.birthDate, TODAY) <= input.ageMax)),
    );
    const sign = input.direction === 'desc' ? -1 : 1;
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const byName = (a: Person, b: Person) => cmp(pinyin.get(a.id)!, pinyin.get(b.id)!) || rowids.get(a.id)! - rowids.get(b.id)!;
    const column = input.sort === 'birthDate' ? 'birthDate' : input.sort === 'unit' ? 'unit' : null;
    return matches.sort((a, b) => {
      if (column === null) return sign * byName(a, b);
      const x = a[column];
      const y = b[column];
      // NULLS LAST in both directions, then pinyin ascending.
      if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
      return sign * cmp(x, y) || byName(a, b);
    });
  }

  /** Up to three filters at once (more would nearly always match nobody), plus mode, sort and direction. */
  const FILTER_KEYS = ['query', 'category', 'categories', 'unit', 'org', 'status', 'gender', 'politicalStatusCode', 'educationCode', 'ageMin', 'ageMax'] as const;
  const filterArb = fc
    .record({
      keys: fc.subarray([...FILTER_KEYS], { maxLength: 3 }),
      query: fc.constantFrom('王', '王伟', '小明', 'wang', 'w', 'zjg', '红星', '红星村', '0', '19', '198', 'x'),
      category: fc.constantFrom(...CATEGORIES, '无此类别'),
      categories: fc.subarray([...CATEGORIES, '无此类别'], { minLength: 1 }),
      unit: fc.constantFrom(...UNIT_NAMES),
      org: fc.constantFrom(...ORG_NAMES),
      status: fc.constantFrom('在岗' as const, '离任' as const, '调出' as const),
      gender: fc.constantFrom('男' as const, '女' as const),
      politicalStatusCode: fc.constantFrom('01', '02', '03', '13'),
      educationCode: fc.constantFrom('21', '61', '71'),
      ageMin: fc.integer({ min: 15, max: 80 }),
      ageMax: fc.integer({ min: 15, max: 80 }),
      deleted: fc.constantFrom('live' as const, 'live' as const, 'deleted' as const, 'all' as const),
      sort: fc.constantFrom('name' as const, 'name' as const, 'birthDate' as const, 'unit' as const),
      direction: fc.constantFrom('asc' as const, 'desc' as const),
    })
    .map(({ keys, ...f }) => {
      const on = (k: (typeof FILTER_KEYS)[number]) => keys.includes(k);
      return {
        query: on('query') ? f.query : undefined,
        category: on('category') ? f.category : undefined,
        categories: on('categories') ? f.categories : undefined,
        unit: on('unit') ? f.unit : undefined,
        org: on('org') ? f.org : undefined,
        status: on('status') ? f.status : undefined,
        gender: on('gender') ? f.gender : undefined,
        politicalStatusCode: on('politicalStatusCode') ? f.politicalStatusCode : undefined,
        educationCode: on('educationCode') ? f.educationCode : undefined,
        ageMin: on('ageMin') ? f.ageMin : undefined,
        ageMax: on('ageMax') ? f.ageMax : undefined,
        deleted: f.deleted,
        sort: f.sort,
        direction: f.direction,
      };
    });

  it('for random combinations, with every page strategy, sort and page', () => {
    fc.assert(
      fc.property(filterArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 40 }), (f, offset, limit) => {
        const input: Input<'listPeople'> = {
          ...(f.query ? { query: f.query } : {}),
          ...(f.category ? { category: f.category } : {}),
          ...(f.categories ? { categories: f.categories } : {}),
          ...(f.unit ? { unitId: units[f.unit]!.id } : {}),
          ...(f.org ? { partyOrgId: orgs[f.org]!.id } : {}),
          ...(f.status ? { status: f.status } : {}),
          ...(f.gender ? { gender: f.gender } : {}),
          ...(f.politicalStatusCode ? { politicalStatusCode: f.politicalStatusCode } : {}),
          ...(f.educationCode ? { educationCode: f.educationCode } : {}),
          ...(f.ageMin !== undefined ? { ageMin: f.ageMin } : {}),
          ...(f.ageMax !== undefined ? { ageMax: f.ageMax } : {}),
          ...(f.deleted ? { deleted: f.deleted } : {}),
          ...(f.sort ? { sort: f.sort } : {}),
          ...(f.direction ? { direction: f.direction } : {}),
        };
        const want = naive(input).map((p) => p.id);
        const all = list(ledger, { ...input, limit: 1000 });
        expect(all.items.map((p) => p.id)).toEqual(want);
        expect(all.total).toBe(want.length);
        for (const strategy of [undefined, 'walk', 'drive', 'keyed', 'collect'] as const) {
          const page = list(ledger, { ...input, offset, limit }, TODAY, strategy);
          expect(page.items.map((p) => p.id), strategy ?? 'chosen').toEqual(want.slice(offset, offset + limit));
          expect(page.total).toBe(want.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('pages through the whole roster exactly once, through dispatch', () => {
    const seen: string[] = [];
    const totals = new Set<number>();
    for (let offset = 0; ; offset += 7) {
      const page = ledger.must('listPeople', { offset, limit: 7 });
      totals.add(page.total);
      if (page.items.length === 0) break;
      seen.push(...page.items.map((p) => p.id));
    }
    expect(seen).toEqual(naive({}).map((p) => p.id));
    expect([...totals]).toEqual([seen.length]);
  });

  it('finds people of a unit or party organisation with everything below it', () => {
    const inEast = ledger.must('listPeople', { unitId: units['东山镇']!.id, limit: 1000 }).items;
    expect(inEast.length).toBeGreaterThan(0);
    for (const p of inEast) expect(['东山镇', '红星村', '光明村']).toContain(p.unit);
    const inCommittee = ledger.must('listPeople', { partyOrgId: orgs['东山镇党总支']!.id, limit: 1000 }).items;
    expect(inCommittee.length).toBeGreaterThan(0);
    for (const p of inCommittee) expect(['东山镇党总支', '红星村党支部', '光明村党支部', '第一党小组']).toContain(p.partyOrg);
  });
});
