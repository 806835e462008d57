import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerApi } from '../src/core/api';
import { openDatabase } from '../src/core/db/open';
import { dispatch } from '../src/core/dispatch';
import { nowIso, uuidv7 } from '../src/core/ids';
import { ensureSelfOffice } from '../src/core/office/officeRepo';
import { insertPerson } from '../src/core/people/peopleRepo';
import type { Input, LedgerHandlers, Method, Output } from '../src/shared/contract';
import { validatePerson, type PersonFields } from '../src/shared/person';
import type { Result } from '../src/shared/result';
import { idCheckChar } from '../src/shared/validate/idNumber';
import { percentile, row, timeMs, type BenchRow } from './types';
import { seededRandom } from '../tests/helpers/seededRandom';

/**
 * Issue 3: search over 100,000 people returns in ≤ 20 ms p95. Builds a realistic roster in a temp ledger
 * (common surnames, 1–3 character given names, valid ID numbers, units in a county tree, posts, categories),
 * then times `listPeople` through dispatch, as every transport calls it, for each kind of query a clerk types.
 * Each figure sits beside a plain 50-row page without search, measured in the same run; the last rows put
 * the plans that changed beside the SQL they replaced, also in the same run (see previousPlans).
 */

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 100_000);
const RUNS = 40;

// Roughly in order of frequency; the first few are weighted up, as on a real roster.
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华霞平刚桂建国文辉玲红金海云志东林兰波成荣新斌峰燕晓丹萍鹏宇春飞亮宁凤玉梅俊浩琳雪慧鑫婷'];
const COUNTIES = ['410521', '410522', '410523', '411721', '430521', '510122', '522121', '532123'];
const POSTS = ['村党组织书记', '村委会主任', '村委委员', '村务监督委员会主任', '乡镇党委委员', '副镇长', '科员', '驻村第一书记', '村会计', '妇联主席', '团支部书记', '网格员'];
const CATEGORIES = ['乡镇公务员', '乡镇事业编人员', '村（社区）两委成员', '驻村第一书记', '驻村工作队员', '村级后备干部', '致富带头人', '大学生村官'];
const VILLAGE_NAMES = ['红星', '光明', '新华', '和平', '胜利', '前进', '东风', '幸福', '团结', '建设', '永安', '太平', '长青', '向阳', '民主', '红旗', '先锋', '联合', '友谊', '兴旺'];
const POLITICAL = ['中共党员', '中共党员', '中共预备党员', '共青团员', '群众', '群众'];
const EDUCATION = ['初中', '高中', '中专', '大学专科', '大学本科', '硕士研究生'];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

function surname(r: () => number): string {
  const x = r();
  if (x < 0.01) return pick(r, ['欧阳', '司马', '诸葛', '上官']);
  // A skewed draw: 王, 李, 张 and 刘 are each several percent of a roster, the tail much rarer.
  return SURNAMES[Math.floor(SURNAMES.length * r() ** 2.2)]!;
}

function givenName(r: () => number): string {
  const x = r();
  const length = x < 0.3 ? 1 : x < 0.97 ? 2 : 3;
  return Array.from({ length }, () => pick(r, GIVEN)).join('');
}

interface Fixture {
  file: string;
  dir: string;
  db: Database;
  api: LedgerHandlers;
  townshipId: string;
  villageId: string;
  seedMs: number;
  plainInsertMs: number;
  fields: PersonFields[];
  sample: { idFragment: string; phoneTail: string; threeChar: string; unitName: string };
}

function call<M extends Method>(api: LedgerHandlers, method: M, input: Input<M>): Output<M> {
  const result = dispatch(api, method, input) as Result<Output<M>>;
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data;
}

function build(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const file = join(dir, 'ledger.db');
  const db = openDatabase(file);
  const api = createLedgerApi(db);
  // The same roster on every run, so figures compare across runs.
  const r = seededRandom(20250615);

  // County → 5 townships → 20 villages each, like one county's file.
  const county = call(api, 'saveUnit', { name: '示范县', kind: '县' });
  const villages: string[] = [];
  let townshipId = '';
  let villageId = '';
  for (let t = 0; t < 5; t++) {
    const township = call(api, 'saveUnit', { name: `${'东南西北中'[t]}山镇`, kind: '乡镇', parentId: county.id });
    if (t === 0) townshipId = township.id;
    for (let v = 0; v < 20; v++) {
      const name = `${VILLAGE_NAMES[v]}村`;
      villages.push(call(api, 'saveUnit', { name, kind: '村', parentId: township.id }).id);
      if (t === 0 && v === 0) villageId = villages[0]!;
    }
  }

  // Generate and validate first, so the timed part is the insert alone.
  const used = new Set<string>();
  const fields: PersonFields[] = [];
  const today = new Date();
  while (fields.length < PEOPLE) {
    const year = 1950 + Math.floor(r() * 53);
    const birth = `${year}${pad(1 + Math.floor(r() * 12), 2)}${pad(1 + Math.floor(r() * 28), 2)}`;
    const first17 = `${pick(r, COUNTIES)}${birth}${pad(Math.floor(r() * 1000), 3)}`;
    const idNumber = first17 + idCheckChar(first17);
    if (used.has(idNumber.slice(0, 17))) continue;
    used.add(idNumber.slice(0, 17));
    const categoryCount = r() < 0.2 ? 0 : r() < 0.8 ? 1 : 2;
    const political = pick(r, POLITICAL);
    const checked = validatePerson(
      {
        name: surname(r) + givenName(r),
        idNumber,
        ethnicity: r() < 0.9 ? '汉族' : '回族',
        politicalStatus: political,
        partyJoinDate: political === '中共党员' && year < 1990 ? `${year + 25}-07` : null,
        education: pick(r, EDUCATION),
        phone: r() < 0.85 ? `1${pick(r, ['3', '5', '7', '8', '9'])}${pad(Math.floor(r() * 1e9), 9)}` : null,
        unitId: pick(r, villages),
        post: r() < 0.7 ? pick(r, POSTS) : null,
        postStartDate: r() < 0.5 ? `${2010 + Math.floor(r() * 14)}-0${1 + Math.floor(r() * 9)}` : null,
        categories: Array.from({ length: categoryCount }, () => pick(r, CATEGORIES)),
      },
      today,
    );
    if (!checked.ok) throw new Error(`generated an invalid person: ${JSON.stringify(checked.issues)}`);
    fields.push(checked.value);
  }

  const origin = ensureSelfOffice(db).id;
  const now = nowIso();
  const seedMs = timeMs(() =>
    db.transaction(() => {
      for (const f of fields) insertPerson(db, uuidv7(), origin, f, now);
    })(),
  );

  // Baseline for seeding: the same rows into a bare table (no indexes, FTS, pinyin, categories or posts).
  const plain = new BetterSqlite3(join(dir, 'plain.db'));
  plain.pragma('journal_mode = wal');
  plain.pragma('synchronous = FULL');
  plain.exec('CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT, id_number TEXT, phone TEXT, unit_id TEXT, post TEXT, birth_date TEXT) STRICT');
  const insertPlain = plain.prepare('INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?)');
  const plainInsertMs = timeMs(() =>
    plain.transaction(() => {
      for (const f of fields) insertPlain.run(uuidv7(), f.name, f.idNumber, f.phone, f.unitId, f.post, f.birthDate);
    })(),
  );
  plain.close();

  // Queries drawn from the data, so each finds something.
  const some = fields[Math.floor(PEOPLE / 3)]!;
  const withPhone = fields.find((f, i) => i > PEOPLE / 2 && f.phone)!;
  const threeChar = fields.find((f) => [...f.name].length === 3 && f.name.startsWith('张'))!.name;
  return {
    file,
    dir,
    db,
    api,
    townshipId,
    villageId,
    seedMs,
    plainInsertMs,
    fields,
    sample: { idFragment: some.idNumber!.slice(8, 14), phoneTail: withPhone.phone!.slice(-4), threeChar, unitName: '红星村' },
  };
}

function measure(fn: () => unknown): { p50: number; p95: number } {
  for (let i = 0; i < 3; i++) fn();
  const samples = Array.from({ length: RUNS }, () => timeMs(fn));
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

/**
 * Two ways of answering, in blocks A B B A so both see the same drift in machine load (alternating run by
 * run would let a slow baseline's evicted cache pages count against the other).
 */
function measurePair(fn: () => unknown, baseline: () => unknown): { p95: number; baselineP95: number } {
  const a: number[] = [];
  const b: number[] = [];
  const block = (f: () => unknown, into: number[]) => {
    for (let i = 0; i < 3; i++) f();
    for (let i = 0; i < RUNS / 2; i++) into.push(timeMs(f));
  };
  block(fn, a);
  block(baseline, b);
  block(baseline, b);
  block(fn, a);
  return { p95: percentile(a, 0.95), baselineP95: percentile(b, 0.95) };
}

/**
 * What the search indexes (FTS5 trigram and people_grams, kept by triggers) add to each insert: the same
 * people into two fresh ledgers, one with those triggers dropped. Imports pay this per row.
 */
function searchIndexCost(fields: readonly PersonFields[]): BenchRow {
  const n = Math.min(20_000, fields.length);
  const timeInsert = (dropSearchTriggers: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
    const db = openDatabase(join(dir, 'ledger.db'));
    try {
      if (dropSearchTriggers) db.exec('DROP TRIGGER people_fts_insert; DROP TRIGGER people_grams_insert');
      const origin = ensureSelfOffice(db).id;
      const now = nowIso();
      // Unit ids belong to the big ledger; the link is not what is measured here.
      return timeMs(() => db.transaction(() => fields.slice(0, n).forEach((f) => insertPerson(db, uuidv7(), origin, { ...f, unitId: null }, now)))());
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const without = timeInsert(true);
  return row(`insertPerson ×${n} with search indexes`, timeInsert(false), 'ms', 'same, search triggers dropped', without);
}

/**
 * The plans listPeople used before issue 3's last round, as SQL, each run in turns with listPeople on the
 * same query: the ratio is the speed-up measured on this machine, in this run.
 */
function previousPlans(fx: Fixture): BenchRow[] {
  const { db, api } = fx;
  const list = (input: Input<'listPeople'>) => () => call(api, 'listPeople', { limit: 50, ...input });
  const all = (sql: string, params: Record<string, unknown> = {}) => {
    const statement = db.prepare(sql);
    return () => statement.all(params);
  };
  const twoDigits = all(`SELECT COUNT(*) FROM (SELECT person AS rid FROM people_grams WHERE gram = '41' UNION
    SELECT rowid FROM people NOT INDEXED WHERE +deleted_at IS NULL AND (instr(id_number, '41') > 0 OR instr(phone, '41') > 0))`);
  const liveCount = all('SELECT COUNT(*) FROM people p WHERE p.deleted_at IS NULL');
  const sortAll = all('SELECT p.rowid FROM people p WHERE p.deleted_at IS NULL ORDER BY p.birth_date NULLS LAST, p.name_pinyin, p.rowid LIMIT 50');
  const holders = `SELECT l.rowid AS rid, l.name_pinyin AS key FROM person_categories c CROSS JOIN people l INDEXED BY people_live_id
    ON l.id = c.person_id AND l.deleted_at IS NULL WHERE c.category = @category`;
  const categoryCount = all(`SELECT COUNT(*) FROM (SELECT rid FROM (${holders}))`, { category: '致富带头人' });
  const today = new Date();
  const born = (years: number) => `${today.getFullYear() - years}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const intersect = all(
    `SELECT c.rid, c.key FROM (SELECT rid, key FROM (SELECT person AS rid, name_pinyin AS key FROM people_grams WHERE gram = '王')
     INTERSECT SELECT rid, key FROM (${holders})) c CROSS JOIN people p ON p.rowid = c.rid WHERE p.birth_date <= @bornBy AND p.birth_date > @bornAfter`,
    { category: '村（社区）两委成员', bornBy: born(30), bornAfter: born(46) },
  );
  const pairs: [string, () => unknown, string, () => unknown][] = [
    ['2 digits 41', list({ query: '41' }), 'previous: scanning ID numbers and phones for 41, count alone', twoDigits],
    ['sorted by birth date', list({ sort: 'birthDate' }), 'previous: count + sorting all live people', () => (liveCount(), sortAll())],
    ['category 致富带头人', list({ category: '致富带头人' }), 'previous: its count alone, a seek per holder', categoryCount],
    ['王 + category + age band', list({ query: '王', category: '村（社区）两委成员', ageMin: 30, ageMax: 45 }), 'previous: its INTERSECT pass alone', intersect],
  ];
  return pairs.map(([name, fn, baselineName, baseline]) => {
    const m = measurePair(fn, baseline);
    return row(`listPeople ${name} p95, same run`, m.p95, 'ms', `${baselineName} p95`, m.baselineP95);
  });
}

export async function run(): Promise<BenchRow[]> {
  const fx = build();
  try {
    const { db, api, sample } = fx;
    const rows: BenchRow[] = [
      row(`seed ${PEOPLE} people via insertPerson, one transaction`, fx.seedMs, 'ms', 'bare INSERT of the same rows', fx.plainInsertMs),
      searchIndexCost(fx.fields),
    ];

    const plainPage = db.prepare('SELECT * FROM people WHERE deleted_at IS NULL LIMIT 50');
    const base = measure(() => plainPage.all());
    const byName = db.prepare('SELECT id FROM people WHERE name = ?');
    const lookup = measure(() => byName.all('王伟'));
    rows.push(row('indexed lookup name = 王伟 p95', lookup.p95, 'ms', 'plain page of 50 p95', base.p95));

    const cases: [string, Input<'listPeople'>][] = [
      ['unfiltered first page', {}],
      ['unfiltered page at offset 50,000', { offset: 50_000 }],
      ['unfiltered, sorted by birth date', { sort: 'birthDate' }],
      ['unfiltered, sorted by birth date descending, offset 50,000', { sort: 'birthDate', direction: 'desc', offset: 50_000 }],
      ['中共党员 sorted by birth date', { politicalStatusCode: '01', sort: 'birthDate' }],
      ['1-char surname 王', { query: '王' }],
      ['2-char name 王伟', { query: '王伟' }],
      [`3-char name ${sample.threeChar}`, { query: sample.threeChar }],
      [`ID fragment ${sample.idFragment}`, { query: sample.idFragment }],
      ['ID prefix 410 (dense)', { query: '410' }],
      ['1 digit 1', { query: '1' }],
      ['2 digits 19', { query: '19' }],
      ['2 digits 41', { query: '41' }],
      [`phone tail ${sample.phoneTail}`, { query: sample.phoneTail }],
      ['initials zs', { query: 'zs' }],
      ['initials wxm', { query: 'wxm' }],
      ['pinyin prefix zhang', { query: 'zhang' }],
      [`unit name ${sample.unitName}`, { query: sample.unitName }],
      ['category 致富带头人', { category: '致富带头人' }],
      ['unitId subtree (township)', { unitId: fx.townshipId }],
      ['age band 30–45', { ageMin: 30, ageMax: 45 }],
      ['political status 中共党员', { politicalStatusCode: '01' }],
      ['2-char post 书记', { query: '书记' }],
      ['王 + category + age band', { query: '王', category: '村（社区）两委成员', ageMin: 30, ageMax: 45 }],
      ['unit name 红星村 + category', { query: sample.unitName, category: '致富带头人' }],
      ['village (unitId) + category', { unitId: fx.villageId, category: '村（社区）两委成员' }],
      ['township (unitId) + political status', { unitId: fx.townshipId, politicalStatusCode: '01' }],
      ['category + age band', { category: '致富带头人', ageMin: 30, ageMax: 45 }],
      ['view of 3 categories (乡镇干部)', { categories: ['乡镇公务员', '乡镇事业编人员', '村（社区）两委成员'] }],
    ];
    for (const [name, input] of cases) {
      const q = { limit: 50, ...input };
      let total = 0;
      const m = measure(() => {
        total = call(api, 'listPeople', q).total;
      });
      rows.push(row(`listPeople ${name} (${total} found) p50`, m.p50, 'ms', 'plain page of 50 p50', base.p50));
      rows.push(row(`listPeople ${name} p95`, m.p95, 'ms', 'plain page of 50 p95', base.p95));
    }
    rows.push(...previousPlans(fx));
    return rows;
  } finally {
    fx.db.close();
    rmSync(fx.dir, { recursive: true, force: true });
  }
}
