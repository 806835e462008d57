import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso, uuidv7 } from '../../../src/core/ids';
import { ensureSelfOffice } from '../../../src/core/office/officeRepo';
import { peopleQuery } from '../../../src/core/people/peopleQuery';
import { insertPerson, listPeople } from '../../../src/core/people/peopleRepo';
import { peopleListSchema, type Input } from '../../../src/shared/contract';
import { validatePerson } from '../../../src/shared/person';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';

/**
 * The query plans listPeople relies on for speed at 100,000 people (issue 3), checked where a plan could
 * silently fall back to a full sort or scan, and the rare branches the property tests cannot reach with a
 * small roster. Answers are checked in filters.test.ts and search.test.ts, with every strategy forced.
 */

const TODAY = new Date(2025, 5, 15);
const STEMS = [...'甲乙丙丁戊己庚辛壬癸'];
const parse = (input: Input<'listPeople'>) => peopleListSchema.parse(input);

function plan(ledger: TempLedger, sql: string, params: Record<string, unknown>): string[] {
  return (ledger.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ undatedLimit: 1, undatedOffset: 0, ...params }) as { detail: string }[]).map((r) => r.detail);
}

describe('query plans', () => {
  let ledger: TempLedger;

  beforeAll(() => {
    ledger = openTempLedger();
    ledger.must('savePerson', { name: '张三', gender: '男', birthDate: '1980-01-02', unit: '红星村', category: '致富带头人' });
    ledger.must('savePerson', { name: '李四', gender: '男', unit: '红星村' });
  });

  afterAll(() => {
    ledger.cleanup();
  });

  it('reads birth-date order from the live birth-date index instead of sorting everyone', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const query = peopleQuery(parse({ sort: 'birthDate', direction }), TODAY);
      const page = query.page(100_000, 100_000);
      expect('dated' in page).toBe(true);
      if (!('dated' in page)) continue;
      const dated = plan(ledger, page.dated, query.params);
      expect(dated.join('\n')).toContain('people_live_birth');
      // Ascending needs no sort; descending sorts only the people born on the same day (name, rowid).
      if (direction === 'asc') expect(dated.join('\n')).not.toMatch(/TEMP B-TREE/);
      else expect(dated.join('\n')).toMatch(/TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY/);
      expect(plan(ledger, page.undated, query.params).join('\n')).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('sorts a search by birth date instead of walking (an ID fragment is a birth date: its matches cluster)', () => {
    const query = peopleQuery(parse({ sort: 'birthDate', query: '19800102' }), TODAY);
    expect('sql' in query.page(100_000, 100_000)).toBe(true);
  });

  it('never lets the probe of a semi-join drive an FTS search by rowid (MATCH once per rowid is ~30× slower)', () => {
    const query = peopleQuery(parse({ query: '红星村', category: '致富带头人' }), TODAY, 'collect');
    const details = plan(ledger, query.collectSql!, query.params);
    const fts = details.find((d) => d.includes('VIRTUAL TABLE'));
    expect(fts).toBeDefined();
    // FTS5's plan string: "=" before M would mean a rowid constraint handed to the virtual table.
    expect(fts).not.toMatch(/INDEX \d+:=/);
  });

  it('counts everyone live without reading 100,000 index entries: the whole table less the recycle bin', () => {
    const gone = ledger.must('savePerson', { name: '王五', gender: '男' });
    ledger.must('deletePerson', { id: gone.id });
    const query = peopleQuery(parse({}), TODAY);
    const details = plan(ledger, query.countSql, query.params).join('\n');
    expect(details).not.toContain('deleted_at=?');
    expect(ledger.db.prepare(query.countSql).get(query.params)).toEqual({ n: 2 });
  });

  it('counts a category from the category index, without a seek per holder', () => {
    const query = peopleQuery(parse({ category: '致富带头人' }), TODAY);
    const details = plan(ledger, query.countSql, query.params).join('\n');
    expect(details).toContain('person_categories_category');
    expect(ledger.db.prepare(query.countSql).get(query.params)).toEqual({ n: 1 });
  });
});

describe('birth-date order from the index', () => {
  it('pages across the dated and the undated people exactly as sorting does, both ways', () => {
    const ledger = openTempLedger();
    try {
      for (const [name, birthDate] of [
        ['王伟', '1980-05-01'],
        ['李四', null],
        ['张三', '1980-05-01'],
        ['赵六', '1975-03'],
        ['阿明', null],
        ['钱七', '1990-12-31'],
        ['孙八', null],
      ] as const) {
        ledger.must('savePerson', { name, gender: '男', birthDate });
      }
      const gone = ledger.must('savePerson', { name: '周九', gender: '男', birthDate: '1970-01-01' });
      ledger.must('deletePerson', { id: gone.id });
      for (const direction of ['asc', 'desc'] as const) {
        const sorted = listPeople(ledger.db, parse({ sort: 'birthDate', direction, limit: 100 }), TODAY, 'drive').items.map((p) => p.name);
        expect(sorted.slice(-3).sort()).toEqual(['孙八', '李四', '阿明'].sort());
        for (let offset = 0; offset <= 8; offset++) {
          const page = listPeople(ledger.db, parse({ sort: 'birthDate', direction, offset, limit: 2 }), TODAY);
          expect(page.items.map((p) => p.name), `${direction} from ${offset}`).toEqual(sorted.slice(offset, offset + 2));
          expect(page.total).toBe(7);
        }
      }
    } finally {
      ledger.cleanup();
    }
  });
});

describe('category counts with a large recycle bin', () => {
  it('fall back to counting live holders one by one, with the same answer', () => {
    const ledger = openTempLedger();
    try {
      const origin = ensureSelfOffice(ledger.db).id;
      const now = nowIso();
      const person = (name: string, categories: string[]) => {
        const checked = validatePerson({ name, gender: '男', categories }, TODAY);
        if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
        return checked.value;
      };
      // More deleted people than the subtraction is worth (5,000): some hold the category.
      ledger.db.transaction(() => {
        for (let i = 0; i < 5_050; i++) insertPerson(ledger.db, uuidv7(), origin, person(`删${STEMS[i % 10]}`, i % 3 === 0 ? ['致富带头人'] : []), now);
        ledger.db.prepare('UPDATE people SET deleted_at = ?').run(now);
        for (let i = 0; i < 40; i++) insertPerson(ledger.db, uuidv7(), origin, person(`留${STEMS[i % 10]}`, i % 4 === 0 ? ['致富带头人', '村级后备干部'] : ['村级后备干部']), now);
      })();
      const total = (input: Input<'listPeople'>) => listPeople(ledger.db, parse(input), TODAY).total;
      expect(total({ category: '致富带头人' })).toBe(10);
      expect(total({ categories: ['致富带头人', '村级后备干部'] })).toBe(40);
      expect(total({ category: '致富带头人', deleted: 'deleted' })).toBe(1_684);
    } finally {
      ledger.cleanup();
    }
  });
});
