import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hardDeletePerson, restorePersonSnapshot, snapshotPerson, type PersonSnapshot } from '../../../src/core/people/peopleRepo';
import type { Input } from '../../../src/shared/contract';
import type { Person } from '../../../src/shared/person';
import { countRows, openTempLedger, type TempLedger } from '../../helpers/ledger';
import { expectSearchIndexesInStep } from '../../helpers/searchIndex';

/**
 * Snapshots put a person back exactly (row, rev, categories, post history), which is what undoing an
 * import's update relies on; hardDeletePerson removes a person an import created. The search indexes follow.
 */

let ledger: TempLedger;

beforeEach(() => {
  ledger = openTempLedger();
});

afterEach(() => {
  ledger.cleanup();
});

function original(): Person {
  const unit = ledger.must('saveUnit', { name: '红星村', kind: '村' });
  const branch = ledger.must('savePartyOrg', { name: '红星村党支部', kind: '党支部' });
  const p = ledger.must('savePerson', {
    name: '王伟强',
    idNumber: '110101198001010010',
    politicalStatus: '中共党员',
    partyJoinDate: '2005-07',
    partyFullDate: '2006-07',
    unitId: unit.id,
    partyOrgId: branch.id,
    post: '村委委员',
    postStartDate: '2018-01',
    category: '致富带头人、村级后备干部',
    nativePlace: '河南郑州',
    note: '原始记录',
  });
  ledger.must('savePost', { personId: p.id, title: '团支部书记', startDate: '2010-01', endDate: '2018-01' });
  return ledger.must('getPerson', { id: p.id });
}

/** What an import stores: the snapshot travels through JSON in import_changes.before. */
function snapshot(id: string): PersonSnapshot {
  return JSON.parse(JSON.stringify(snapshotPerson(ledger.db, id))) as PersonSnapshot;
}

function restore(snap: PersonSnapshot): void {
  ledger.db.transaction(() => restorePersonSnapshot(ledger.db, snap))();
}

const ids = (query: string) => ledger.must('listPeople', { query }).items.map((p) => p.id);

describe('snapshotPerson and restorePersonSnapshot', () => {
  it('put back every field, the rev, the categories and the post history after many edits', () => {
    const p = original();
    const snap = snapshot(p.id);
    const posts = ledger.must('listPosts', { personId: p.id });
    ledger.must('savePerson', { id: p.id, name: '李建国', unit: '东风村', post: '村党组织书记', postStartDate: '2023-03', categories: ['乡镇干部'], phone: '13800138000' });
    ledger.must('savePost', { personId: p.id, title: '网格员', startDate: '2023-05' });
    ledger.must('deletePost', { id: posts.find((x) => x.title === '团支部书记')!.id });
    ledger.must('deletePerson', { id: p.id });
    expect(snapshot(p.id)).not.toEqual(snap);

    restore(snap);
    expect(snapshot(p.id)).toEqual(snap);
    expect(ledger.must('getPerson', { id: p.id })).toEqual(p);
    expect(ledger.must('listPosts', { personId: p.id })).toEqual(posts);
    expect(ids('王伟强')).toEqual([p.id]);
    expect(ids('王伟')).toEqual([p.id]);
    expect(ids('wwq')).toEqual([p.id]);
    expect(ids('李建国')).toEqual([]);
    expect(ids('网格员')).toEqual([]);
    expectSearchIndexesInStep(ledger.db);
    expect(ledger.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('puts a deleted person back as deleted, out of the live search', () => {
    const p = original();
    ledger.must('deletePerson', { id: p.id });
    const snap = snapshot(p.id);
    ledger.must('restorePerson', { id: p.id });
    ledger.must('savePerson', { id: p.id, name: '李建国' });
    restore(snap);
    expect(ledger.must('getPerson', { id: p.id }).deletedAt).not.toBeNull();
    expect(ids('王伟强')).toEqual([]);
    expect(ids('李建国')).toEqual([]);
    expect(ledger.must('listPeople', { query: '王伟', deleted: 'deleted' }).items.map((x) => x.id)).toEqual([p.id]);
    expectSearchIndexesInStep(ledger.db);
  });

  it('knows nothing of an unknown id', () => {
    expect(snapshotPerson(ledger.db, '018e0000-0000-7000-8000-000000000000')).toBeUndefined();
  });

  it('restores exactly after any sequence of edits (property)', () => {
    const p = original();
    const snap = snapshot(p.id);
    const edit = fc.oneof(
      fc.record({ name: fc.constantFrom('王伟', '李', '欧阳娜娜', '王伟强') }),
      fc.record({ unit: fc.constantFrom(null, '东村', '红星村') }),
      fc.record({ post: fc.constantFrom(null, '书记', '村委委员'), postStartDate: fc.constantFrom(null, '2020-01', '2024-02') }),
      fc.record({ category: fc.constantFrom('', '致富带头人', '乡镇干部、大学生村官') }),
      fc.record({ status: fc.constantFrom('在岗' as const, '离任' as const, '调出' as const) }),
      fc.constant('delete' as const),
      fc.constant('restore' as const),
      fc.constant('addPost' as const),
    );
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 8 }), (edits) => {
        for (const e of edits) {
          const deleted = ledger.must('getPerson', { id: p.id }).deletedAt !== null;
          if (e === 'delete') ledger.must('deletePerson', { id: p.id });
          else if (e === 'restore') ledger.must('restorePerson', { id: p.id });
          else if (deleted) continue;
          else if (e === 'addPost') ledger.must('savePost', { personId: p.id, title: '网格员', startDate: '2022-01' });
          else ledger.must('savePerson', { id: p.id, ...(e as Partial<Input<'savePerson'>>) });
        }
        restore(snap);
        expect(snapshot(p.id)).toEqual(snap);
        expectSearchIndexesInStep(ledger.db);
      }),
      { numRuns: 40 },
    );
  });
});

describe('hardDeletePerson', () => {
  it('removes the person, their categories and post history, and their search entries, and nobody else', () => {
    const p = original();
    const other = ledger.must('savePerson', { name: '王伟', gender: '男', post: '会计', category: '致富带头人' });
    const before = { people: countRows(ledger.db, 'people'), categories: countRows(ledger.db, 'person_categories'), posts: countRows(ledger.db, 'posts') };
    ledger.db.transaction(() => hardDeletePerson(ledger.db, p.id))();
    expect(countRows(ledger.db, 'people')).toBe(before.people - 1);
    expect(countRows(ledger.db, 'person_categories')).toBe(before.categories - 2);
    expect(countRows(ledger.db, 'posts')).toBe(before.posts - 2);
    expect(ledger.refuse('getPerson', { id: p.id }).code).toBe('NOT_FOUND');
    expect(ids('王伟')).toEqual([other.id]);
    expect(ids('王伟强')).toEqual([]);
    expectSearchIndexesInStep(ledger.db);
    expect(ledger.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('removes a soft-deleted person too', () => {
    const p = original();
    ledger.must('deletePerson', { id: p.id });
    ledger.db.transaction(() => hardDeletePerson(ledger.db, p.id))();
    expect(countRows(ledger.db, 'people')).toBe(0);
    expectSearchIndexesInStep(ledger.db);
  });
});
