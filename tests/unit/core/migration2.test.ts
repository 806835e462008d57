import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../../src/core/api';
import { migrate, schemaVersion } from '../../../src/core/db/migrate';
import { MIGRATIONS } from '../../../src/core/db/migrations';
import { openDatabase } from '../../../src/core/db/open';
import { dispatch } from '../../../src/core/dispatch';
import { namePinyin } from '../../../src/core/people/pinyin';
import type { Input, LedgerHandlers, Method, Output } from '../../../src/shared/contract';
import type { Result } from '../../../src/shared/result';
import { makeTempDir, syntheticId } from '../../helpers/ledger';
import { expectSearchIndexesInStep } from '../../helpers/searchIndex';

/**
 * Upgrading files made by earlier versions: v1 (people with one free-text category and post) and v2 (FTS
 * over every row, categories as typed) to the newest schema, with the data where the new code expects it.
 */

const NOW = '2024-03-01T08:00:00.000Z';
/** Record ids are UUIDs (the contract checks them). */
const ID = {
  ZHANG: '018e0000-0000-7000-8000-000000000001',
  TWO: '018e0000-0000-7000-8000-000000000002',
  MANY: '018e0000-0000-7000-8000-000000000003',
  NONE: '018e0000-0000-7000-8000-000000000004',
  GONE: '018e0000-0000-7000-8000-000000000005',
  V2LIVE: '018e0000-0000-7000-8000-000000000006',
  V2GONE: '018e0000-0000-7000-8000-000000000007',
};
let temp: ReturnType<typeof makeTempDir>;
let file: string;
const opened: BetterSqlite3.Database[] = [];

beforeEach(() => {
  temp = makeTempDir();
  file = join(temp.dir, 'old.db');
});

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  temp.cleanup();
});

function track<T extends BetterSqlite3.Database>(db: T): T {
  opened.push(db);
  return db;
}

interface OldPerson {
  id: string;
  name: string;
  gender?: '1' | '2';
  idNumber?: string | null;
  phone?: string | null;
  unit?: string | null;
  post?: string | null;
  category?: string | null;
  deletedAt?: string | null;
}

const OLD_PEOPLE: OldPerson[] = [
  { id: ID.ZHANG, name: '张三', idNumber: '110101198001010010', phone: '13800138000', unit: '城关镇人民政府', post: '党委书记', category: '乡镇公务员' },
  { id: ID.TWO, name: '王伟', unit: '东村', post: '村党组织书记、村委会主任', category: '村党组织书记、致富带头人' },
  { id: ID.MANY, name: '欧阳娜娜', gender: '2', unit: '西村', category: ' 村级后备干部, 大学生村官；致富带头人 致富带头人 ' },
  { id: ID.NONE, name: '李', unit: null, post: '', category: '' },
  { id: ID.GONE, name: '赵六', unit: '东村', post: '会计', category: '致富带头人', deletedAt: NOW },
];

/** A v1 file as the v1 app wrote it: office, people with `category` and `post` columns. */
function makeV1(): void {
  const db = new BetterSqlite3(file);
  migrate(db, MIGRATIONS.slice(0, 1));
  expect(schemaVersion(db)).toBe(1);
  db.prepare("INSERT INTO office (id, name, is_self, configured, created_at, updated_at) VALUES ('o1', '红旗镇', 1, 1, ?, ?)").run(NOW, NOW);
  const insert = db.prepare(
    `INSERT INTO people (id, rev, origin_office, name, name_pinyin, name_initials, gender_code, birth_date, id_number, phone, unit, post, category, created_at, updated_at, deleted_at)
     VALUES (@id, 3, 'o1', @name, @pinyin, @initials, @gender, @birth, @idNumber, @phone, @unit, @post, @category, @now, @now, @deletedAt)`,
  );
  for (const p of OLD_PEOPLE) {
    const py = namePinyin(p.name);
    insert.run({
      id: p.id,
      name: p.name,
      pinyin: py.full,
      initials: py.initials,
      gender: p.gender ?? '1',
      birth: p.idNumber ? '1980-01-01' : null,
      idNumber: p.idNumber ?? null,
      phone: p.phone ?? null,
      unit: p.unit ?? null,
      post: p.post ?? null,
      category: p.category ?? null,
      now: NOW,
      deletedAt: p.deletedAt ?? null,
    });
  }
  db.close();
}

function openApi() {
  const db = track(openDatabase(file));
  const api = createLedgerApi(db);
  const must = <M extends Method>(method: M, input: Input<M>): Output<M> => {
    const r = dispatch(api as LedgerHandlers, method, input) as Result<Output<M>>;
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.data;
  };
  return { db, must };
}

describe('a v1 file opened by this version', () => {
  it('is brought to the newest schema with every row kept', () => {
    makeV1();
    const { db } = openApi();
    expect(schemaVersion(db)).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    expect((db.prepare('SELECT COUNT(*) AS n FROM people').get() as { n: number }).n).toBe(OLD_PEOPLE.length);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('moves each category into person_categories, one row per category typed in the old free-text field', () => {
    makeV1();
    const { db, must } = openApi();
    const categories = (id: string) => must('getPerson', { id }).categories;
    expect(categories(ID.ZHANG)).toEqual(['乡镇公务员']);
    expect(categories(ID.TWO)).toEqual(['村党组织书记', '致富带头人']);
    expect(categories(ID.MANY)).toEqual(['大学生村官', '村级后备干部', '致富带头人']);
    expect(categories(ID.NONE)).toEqual([]);
    expect(categories(ID.GONE)).toEqual(['致富带头人']);
    expect(db.prepare("SELECT 1 FROM pragma_table_info('people') WHERE name = 'category'").get()).toBeUndefined();
    expect(must('listPeople', { category: '致富带头人' }).items.map((p) => p.id).sort()).toEqual([ID.MANY, ID.TWO].sort());
  });

  it('turns each current post into an open history row, and keeps it as 现任职务', () => {
    makeV1();
    const { must } = openApi();
    expect(must('listPosts', { personId: ID.ZHANG })).toEqual([
      expect.objectContaining({ personId: ID.ZHANG, title: '党委书记', unitName: '城关镇人民政府', startDate: null, endDate: null }),
    ]);
    expect(must('listPosts', { personId: ID.TWO }).map((p) => p.title)).toEqual(['村党组织书记、村委会主任']);
    expect(must('listPosts', { personId: ID.NONE })).toEqual([]);
    expect(must('getPerson', { id: ID.ZHANG })).toMatchObject({ post: '党委书记', postStartDate: null, status: '在岗', rev: 3 });
    // Editing the post afterwards closes the migrated row and opens a new one.
    must('savePerson', { id: ID.ZHANG, post: '镇长', postStartDate: '2024-01' });
    expect(must('listPosts', { personId: ID.ZHANG }).map((p) => [p.title, p.endDate])).toEqual([
      ['镇长', null],
      ['党委书记', '2024-01'],
    ]);
  });

  it('fills the new columns with their defaults and the compact pinyin', () => {
    makeV1();
    const { db, must } = openApi();
    expect(must('getPerson', { id: ID.MANY })).toMatchObject({
      unitId: null,
      partyOrgId: null,
      partyFullDate: null,
      workStartDate: null,
      nativePlace: null,
      dispatchUnit: null,
      status: '在岗',
    });
    const rows = db.prepare('SELECT name_pinyin, search_pinyin FROM people').all() as { name_pinyin: string; search_pinyin: string }[];
    for (const r of rows) expect(r.search_pinyin).toBe(r.name_pinyin.replace(/ /g, ''));
    expect(rows.some((r) => r.search_pinyin === 'ouyangnana')).toBe(true);
  });

  it('is searchable at once, by every kind of query, and deleted people only in the recycle bin', () => {
    makeV1();
    const { db, must } = openApi();
    const ids = (query: string, deleted: 'live' | 'deleted' = 'live') =>
      must('listPeople', { query, deleted })
        .items.map((p) => p.id)
        .sort();
    expect(ids('欧阳娜娜')).toEqual([ID.MANY]);
    expect(ids('娜')).toEqual([ID.MANY]);
    expect(ids('李')).toEqual([ID.NONE]);
    expect(ids('王伟')).toEqual([ID.TWO]);
    expect(ids('城关镇')).toEqual([ID.ZHANG]);
    expect(ids('村委会主任')).toEqual([ID.TWO]);
    expect(ids('0010')).toEqual([ID.ZHANG]);
    expect(ids('8000')).toEqual([ID.ZHANG]);
    expect(ids('oynn')).toEqual([ID.MANY]);
    expect(ids('zhangsan')).toEqual([ID.ZHANG]);
    expect(ids('东村')).toEqual([ID.TWO]);
    expect(ids('会计')).toEqual([]);
    expect(ids('会计', 'deleted')).toEqual([ID.GONE]);
    expectSearchIndexesInStep(db);
  });

  it('changes nothing when opened again', () => {
    makeV1();
    const first = openApi();
    const dump = (db: BetterSqlite3.Database) =>
      JSON.stringify(['people', 'person_categories', 'posts', 'people_grams'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
    const before = dump(first.db);
    first.db.close();
    const second = openApi();
    expect(dump(second.db)).toBe(before);
  });
});

describe('a v2 file opened by this version', () => {
  /** A v2 file: its FTS index holds deleted people too, and categories as they were typed. */
  function makeV2(): void {
    const db = new BetterSqlite3(file);
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare("INSERT INTO office (id, name, is_self, configured, created_at, updated_at) VALUES ('o1', '红旗镇', 1, 1, ?, ?)").run(NOW, NOW);
    const insert = db.prepare(
      `INSERT INTO people (id, rev, origin_office, name, name_pinyin, name_initials, search_pinyin, gender_code, id_number, unit, post, created_at, updated_at, deleted_at)
       VALUES (@id, 1, 'o1', @name, @pinyin, @initials, @compact, '1', @idNumber, @unit, @post, @now, @now, @deletedAt)`,
    );
    const people = [
      { id: ID.V2LIVE, name: '王伟强', idNumber: syntheticId('19850203', '011'), unit: '东村', post: '书记', deletedAt: null, category: '致富带头人、村级后备干部' },
      { id: ID.V2GONE, name: '王伟', idNumber: syntheticId('19850203', '013'), unit: '东村', post: '会计', deletedAt: NOW, category: '致富带头人' },
    ];
    for (const p of people) {
      const py = namePinyin(p.name);
      insert.run({ ...p, pinyin: py.full, initials: py.initials, compact: py.full.replace(/ /g, ''), now: NOW });
      db.prepare('INSERT INTO person_categories (person_id, category) VALUES (?, ?)').run(p.id, p.category);
    }
    expect((db.prepare('SELECT COUNT(*) AS n FROM people_fts_docsize').get() as { n: number }).n).toBe(2);
    db.close();
  }

  it('drops deleted people from the search index, builds the short-query index, and splits categories', () => {
    makeV2();
    const { db, must } = openApi();
    expectSearchIndexesInStep(db);
    expect(must('getPerson', { id: ID.V2LIVE }).categories).toEqual(['村级后备干部', '致富带头人']);
    expect(must('listPeople', { query: '王伟' }).items.map((p) => p.id)).toEqual([ID.V2LIVE]);
    expect(must('listPeople', { query: '王伟', deleted: 'deleted' }).items.map((p) => p.id)).toEqual([ID.V2GONE]);
    // Restoring puts the person back into both indexes.
    must('restorePerson', { id: ID.V2GONE });
    expect(
      must('listPeople', { query: '会计' })
        .items.map((p) => p.id)
        .sort(),
    ).toEqual([ID.V2GONE]);
    expectSearchIndexesInStep(db);
  });
});
