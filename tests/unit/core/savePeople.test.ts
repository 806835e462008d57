import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SAVE_PEOPLE, type Input, type SavePeopleRow } from '../../../src/shared/contract';
import { expectSearchIndexesInStep } from '../../helpers/searchIndex';
import { expectChinese, openTempLedger, syntheticId, type TempLedger } from '../../helpers/ledger';

/**
 * savePeople, the paste grid's bulk save: one transaction, each row in its own savepoint, results by index.
 * A refused row leaves nothing behind and does not stop the rows after it.
 */

let ledger: TempLedger;

beforeEach(() => {
  ledger = openTempLedger();
});

afterEach(() => {
  ledger.cleanup();
});

const id = (birth: string, seq: number) => syntheticId(birth, String(seq).padStart(3, '0'));

function live(): { name: string; id_number: string | null }[] {
  return ledger.db.prepare('SELECT name, id_number FROM people WHERE deleted_at IS NULL ORDER BY rowid').all() as never;
}

function save(people: Input<'savePeople'>['people']): SavePeopleRow[] {
  return ledger.must('savePeople', { people });
}

describe('savePeople', () => {
  it('saves the other rows when one in the middle is refused, reporting each by index', () => {
    const results = save([
      { name: '王建国', idNumber: id('19700101', 1), unit: '红旗村', post: '村党组织书记', category: '村（社区）两委成员' },
      { name: '李秀英', idNumber: id('19720202', 2) },
      { name: '马错号', idNumber: `${id('19800101', 21).slice(0, 17)}${id('19800101', 21).endsWith('0') ? '1' : '0'}` },
      { name: '', gender: '男' },
      { name: '张伟', idNumber: id('19800303', 3), phone: '13800138000' },
    ]);
    expect(results.map((r) => [r.index, r.ok])).toEqual([
      [0, true],
      [1, true],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(results[2]!.error).toMatchObject({ code: 'VALIDATION' });
    expect(results[2]!.error!.issues!.map((i) => i.field)).toContain('idNumber');
    expectChinese(results[2]!.error!.message);
    expect(results[3]!.error!.issues!.map((i) => i.field)).toContain('name');
    expect(live().map((p) => p.name)).toEqual(['王建国', '李秀英', '张伟']);
    // Saved rows come back as stored, with what the core derives (gender, birth date, post history).
    expect(results[0]!.person).toMatchObject({ name: '王建国', gender: '男', birthDate: '1970-01-01', post: '村党组织书记', categories: ['村（社区）两委成员'] });
    expect(ledger.must('listPosts', { personId: results[0]!.person!.id })).toHaveLength(1);
    expect(results[1]!.person).toEqual(ledger.must('getPerson', { id: results[1]!.person!.id }));
    expectSearchIndexesInStep(ledger.db);
  });

  it('reports a duplicate ID number within the batch by the row that holds it, and one already in the roster by name', () => {
    const existing = ledger.must('savePerson', { name: '何老', idNumber: id('19750304', 11), unit: '青山村' });
    const results = save([
      { name: '张伟', idNumber: id('19800303', 3) },
      { name: '何已有', idNumber: id('19750304', 11) },
      { name: '郭重复', idNumber: id('19800303', 3).toLowerCase() },
      { name: '刘洋', idNumber: id('19850404', 5) },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    expect(results[1]!.error).toMatchObject({ code: 'DUPLICATE' });
    expect(results[1]!.error!.message).toContain('身份证号已登记在何老（青山村）名下');
    expect(results[2]!.error).toMatchObject({ code: 'DUPLICATE' });
    expect(results[2]!.error!.message).toContain('本批第1行的张伟');
    expect(results[2]!.error!.issues).toEqual([{ field: 'idNumber', message: '与本批第1行（张伟）的身份证号相同' }]);
    expect(live().map((p) => p.name)).toEqual([existing.name, '张伟', '刘洋']);
  });

  it('refuses a malformed row alone, not the whole batch', () => {
    const results = save([{ name: '张三', gender: '男' }, { name: '李四', gender: '男', shoeSize: 42 } as never, { name: 'x'.repeat(101) }, { name: '王五', gender: '女' }]);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    expect(results[1]!.error).toMatchObject({ code: 'VALIDATION' });
    expect(results[1]!.error!.message).toContain('shoeSize');
    expect(results[2]!.error).toMatchObject({ code: 'VALIDATION' });
    expect(live().map((p) => p.name)).toEqual(['张三', '王五']);
  });

  it('rolls a row back to its savepoint when it fails half-way, and goes on', () => {
    // The post history row is written after the person: make that write fail for one post title.
    ledger.db.exec(`CREATE TEMP TRIGGER fail_post BEFORE INSERT ON main.posts WHEN new.title = '爆炸' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    const results = save([
      { name: '张三', gender: '男', post: '会计' },
      { name: '李四', gender: '男', post: '爆炸', category: '致富带头人' },
      { name: '王五', gender: '女', post: '出纳' },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]!.error).toMatchObject({ code: 'INTERNAL' });
    expectChinese(results[1]!.error!.message);
    expect(live().map((p) => p.name)).toEqual(['张三', '王五']);
    const orphans = ledger.db.prepare('SELECT COUNT(*) AS n FROM person_categories WHERE person_id NOT IN (SELECT id FROM people)').get() as { n: number };
    expect(orphans.n).toBe(0);
    expect(ledger.db.prepare("SELECT COUNT(*) AS n FROM people_grams WHERE gram = '李'").get()).toEqual({ n: 0 });
    expectSearchIndexesInStep(ledger.db);
  });

  it('updates by id in the same batch as new rows, with the same rules as savePerson', () => {
    const old = ledger.must('savePerson', { name: '张三', gender: '男', unit: '东村' });
    const results = save([{ id: old.id, rev: old.rev, post: '会计' }, { id: old.id, rev: old.rev, note: '已过时的修改' }, { name: '李四', gender: '男' }]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[0]!.person).toMatchObject({ name: '张三', unit: '东村', post: '会计' });
    expect(results[1]!.error).toMatchObject({ code: 'CONFLICT' });
  });

  it('takes 1 to 1000 rows; other requests are refused before anything is written', () => {
    expect(ledger.refuse('savePeople', { people: [] }).code).toBe('VALIDATION');
    const tooMany = Array.from({ length: MAX_SAVE_PEOPLE + 1 }, () => ({ name: '张三', gender: '男' }));
    expect(ledger.refuse('savePeople', { people: tooMany }).code).toBe('VALIDATION');
    expect(ledger.refuse('savePeople', { people: ['张三'] as never }).code).toBe('VALIDATION');
    expect(live()).toEqual([]);
    const many = save(Array.from({ length: MAX_SAVE_PEOPLE }, (_, i) => ({ name: '张三', idNumber: id('19800101', i) })));
    expect(many.every((r) => r.ok)).toBe(true);
    expect(ledger.must('listPeople', {}).total).toBe(MAX_SAVE_PEOPLE);
  });
});
