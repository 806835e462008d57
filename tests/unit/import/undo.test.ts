import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRosterFile } from '../../../src/core/import/importFile';
import { listImports, undoLastImport } from '../../../src/core/import/undo';
import { CJK } from '../../helpers/cjk';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { MESSY_IDS, writeMessyRoster, writeSimpleRoster } from '../../fixtures/buildRosterWorkbooks';
import { dumpPeople, dumpTables, TODAY, unwrap } from './helpers';

/** Undo of the last import: exact restore, or a refusal that changes nothing. */

let ledger: TempLedger;
beforeEach(() => {
  ledger = openTempLedger();
  ledger.must('savePerson', { name: '老支书', gender: '男', unit: '红旗村' });
});
afterEach(() => ledger.cleanup());

async function importNewPosts(): Promise<void> {
  const path = join(ledger.dir, 'posts.xlsx');
  await writeSimpleRoster(path, [
    ['姓名', '身份证号', '现任职务', '任现职时间', '人员类别'],
    ['张建国', MESSY_IDS.zhang, '村委会主任', '2024.01', '致富带头人'],
    ['李秀英', MESSY_IDS.li, null, null, null],
  ]);
  const { preview } = await importRosterFile(ledger.db, path, { today: TODAY });
  expect(preview.counts).toMatchObject({ updated: 1, unchanged: 1 });
}

describe('undo of the last import', () => {
  it('puts back exactly what was there, one import at a time', async () => {
    const initial = dumpPeople(ledger.db);
    await importRosterFile(ledger.db, await writeMessyRoster(ledger.dir), { today: TODAY });
    const afterFirst = dumpPeople(ledger.db);
    await importNewPosts();
    expect(dumpPeople(ledger.db)).not.toEqual(afterFirst);

    expect(unwrap(undoLastImport(ledger.db))).toMatchObject({ removed: 0, reverted: 1 });
    // Rows, categories and post history (the closed and the opened post) are exactly as before.
    expect(dumpPeople(ledger.db)).toEqual(afterFirst);

    expect(unwrap(undoLastImport(ledger.db))).toMatchObject({ removed: 6, reverted: 0 });
    expect(dumpPeople(ledger.db)).toEqual(initial);

    const nothing = undoLastImport(ledger.db);
    expect(nothing).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '没有可以撤销的导入' } });
    expect(listImports(ledger.db).map((r) => r.undoneAt)).toEqual([expect.any(String), expect.any(String)]);
  });

  it('passes over an import that changed nothing (the same file twice)', async () => {
    const initial = dumpPeople(ledger.db);
    const path = await writeMessyRoster(ledger.dir);
    await importRosterFile(ledger.db, path, { today: TODAY });
    await importRosterFile(ledger.db, path, { today: TODAY });
    expect(unwrap(undoLastImport(ledger.db))).toMatchObject({ removed: 6 });
    expect(dumpPeople(ledger.db)).toEqual(initial);
  });

  it('refuses, changing nothing, when a person it touched was edited since', async () => {
    await importRosterFile(ledger.db, await writeMessyRoster(ledger.dir), { today: TODAY });
    const wang = ledger.must('listPeople', { query: '王强' }).items[0]!;
    ledger.must('savePerson', { id: wang.id, phone: '13999999999' });
    const before = dumpTables(ledger.db);
    const refused = undoLastImport(ledger.db);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('CONFLICT');
    expect(refused.error.message).toMatch(CJK);
    expect(refused.error.message).toContain('王强（110101********1233）在导入后又被修改或删除过');
    expect(refused.error.message).toContain('数据没有改动');
    expect(dumpTables(ledger.db)).toEqual(before);
  });

  it('refuses when a person it updated was changed again, even by hand back and forth', async () => {
    await importRosterFile(ledger.db, await writeMessyRoster(ledger.dir), { today: TODAY });
    await importNewPosts();
    const zhang = ledger.must('listPeople', { query: '张建国' }).items[0]!;
    ledger.must('deletePerson', { id: zhang.id });
    ledger.must('restorePerson', { id: zhang.id });
    const before = dumpTables(ledger.db);
    expect(undoLastImport(ledger.db)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(dumpTables(ledger.db)).toEqual(before);
  });

  it('refuses when a person it created has gained a post since', async () => {
    await importRosterFile(ledger.db, await writeMessyRoster(ledger.dir), { today: TODAY });
    const li = ledger.must('listPeople', { query: '李秀英' }).items[0]!;
    ledger.must('savePost', { personId: li.id, title: '村妇联主席', startDate: '2024-06' });
    const before = dumpTables(ledger.db);
    const refused = undoLastImport(ledger.db);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('李秀英（110101********0029）') } });
    expect(dumpTables(ledger.db)).toEqual(before);
  });
});
