import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRosterFile } from '../../../src/core/import/importFile';
import { listImports } from '../../../src/core/import/undo';
import { countRows, openTempLedger, type TempLedger } from '../../helpers/ledger';
import { MESSY, MESSY_IDS, UPDATE, writeMessyRoster, writeSimpleRoster, writeUpdateRoster } from '../../fixtures/buildRosterWorkbooks';
import { dumpTables, TODAY } from './helpers';

/** Committing: one transaction, all or nothing, normalised values, updates by ID number, never duplicates. */

let ledger: TempLedger;
beforeEach(() => {
  ledger = openTempLedger();
});
afterEach(() => ledger.cleanup());

const people = () => ledger.must('listPeople', { limit: 1000 }).items;
const byName = (name: string) => people().find((p) => p.name === name)!;

describe('commit', () => {
  it('creates the valid rows with normalised values and logs the batch', async () => {
    const { preview, importId } = await importRosterFile(ledger.db, await writeMessyRoster(ledger.dir), { today: TODAY });
    expect(importId).toEqual(expect.any(String));
    expect(preview.counts).toEqual({ created: 6, updated: 0, unchanged: 0, rejected: 7, ignored: 4 });
    expect(people().map((p) => p.name).sort()).toEqual([...MESSY.created].sort());

    expect(byName('张建国')).toMatchObject({
      gender: '男', ethnicity: '汉族', birthDate: '1980-01-01', idNumber: MESSY_IDS.zhang, politicalStatus: '中共党员', partyJoinDate: '2005-07',
      education: '大学专科毕业', educationCode: '31', post: '村党组织书记', unit: '红旗村', phone: '13800138000', note: null,
    });
    expect(byName('李秀英')).toMatchObject({ idNumber: MESSY_IDS.li, phone: '13900139000', politicalStatus: '群众', education: '普通高中毕业' });
    expect(byName('王强')).toMatchObject({ birthDate: '1990-03-07', partyJoinDate: '2015-06', education: '大学本科毕业' });
    expect(byName('赵丽')).toMatchObject({ idNumber: MESSY_IDS.zhao, ethnicity: '回族', birthDate: '1985-06-15', education: '中等专科毕业' });
    expect(MESSY_IDS.zhao.endsWith('X')).toBe(true);
    expect(byName('陈静')).toMatchObject({ birthDate: '1985-01-01', politicalStatus: '中共预备党员', partyJoinDate: '2023-11' });
    expect(byName('卫东')).toMatchObject({ birthDate: '1975-08-01', note: '兼任网格员', post: '村务监督委员会主任' });

    expect(ledger.db.prepare('SELECT action, COUNT(*) AS n FROM import_changes GROUP BY action').all()).toEqual([{ action: 'insert', n: 6 }]);
    expect(listImports(ledger.db)).toEqual([
      { importId, fileName: MESSY.fileName, sheet: MESSY.sheet, createdAt: expect.any(String), counts: preview.counts, undoneAt: null },
    ]);
  });

  it('changes nothing the second time: all unchanged, no duplicates', async () => {
    const path = await writeMessyRoster(ledger.dir);
    await importRosterFile(ledger.db, path, { today: TODAY });
    const people = dumpTables(ledger.db, ['people', 'person_categories', 'posts']);
    const again = await importRosterFile(ledger.db, path, { today: TODAY });
    expect(again.preview.counts).toEqual({ created: 0, updated: 0, unchanged: 6, rejected: 7, ignored: 4 });
    expect(dumpTables(ledger.db, ['people', 'person_categories', 'posts'])).toEqual(people);
    expect(countRows(ledger.db, 'people')).toBe(6);
  });

  it('updates by ID number: only the filled cells, categories added', async () => {
    await importRosterFile(ledger.db, await writeMessyRoster(ledger.dir), { today: TODAY });
    const zhang = byName('张建国');
    const result = await importRosterFile(ledger.db, await writeUpdateRoster(ledger.dir), { today: TODAY });
    expect(result.preview.counts).toEqual({ created: 2, updated: 1, unchanged: 1, rejected: 0, ignored: 0 });
    expect(result.preview.updates).toEqual([
      {
        row: UPDATE.rows.zhangChanged,
        personId: zhang.id,
        name: '张建国',
        changes: [
          { field: 'category', from: null, to: '致富带头人' },
          { field: 'phone', from: '13800138000', to: '13900000001' },
        ],
      },
    ]);
    const after = ledger.must('getPerson', { id: zhang.id });
    // The empty 学历 cell kept 大学专科毕业; rev moved on by one.
    expect(after).toMatchObject({ phone: '13900000001', categories: ['致富带头人'], education: '大学专科毕业', rev: zhang.rev + 1 });
    expect(result.preview.warnings).toEqual([
      { row: UPDATE.rows.wangNoId, field: 'name', message: '姓名（A列）：与已登记的王强（红旗村）同名，本行没有身份证号，可能是同一人；将新增一条记录，请核对' },
    ]);
    expect(ledger.db.prepare("SELECT action, COUNT(*) AS n FROM import_changes WHERE action = 'update'").get()).toEqual({ action: 'update', n: 1 });
  });

  it('adds to the categories a person holds instead of replacing them', async () => {
    const p = ledger.must('savePerson', { name: '张建国', idNumber: MESSY_IDS.zhang, categories: ['村（社区）两委成员'] });
    const path = join(ledger.dir, 'cat.xlsx');
    await writeSimpleRoster(path, [['姓名', '身份证号', '人员类别'], ['张建国', MESSY_IDS.zhang, '致富带头人']]);
    await importRosterFile(ledger.db, path, { today: TODAY });
    expect(ledger.must('getPerson', { id: p.id }).categories).toEqual(['村（社区）两委成员', '致富带头人'].sort());
  });

  it('refuses a known ID number under another name rather than renaming the person', async () => {
    ledger.must('savePerson', { name: '张建国', idNumber: MESSY_IDS.zhang });
    const path = join(ledger.dir, 'rename.xlsx');
    await writeSimpleRoster(path, [['姓名', '身份证号', '联系电话'], ['张健国', MESSY_IDS.zhang, '13800138000']]);
    const { preview } = await importRosterFile(ledger.db, path, { today: TODAY });
    expect(preview.counts).toMatchObject({ updated: 0, rejected: 1 });
    expect(preview.rejected[0]).toEqual({ row: 2, field: 'name', message: expect.stringContaining('身份证号已登记在“张建国”名下，与本行姓名“张健国”不一致') });
    expect(byName('张建国').phone).toBeNull();
  });

  it('is all or nothing: a failure on one row leaves the file as it was', async () => {
    ledger.must('savePerson', { name: '老人', gender: '男' });
    const before = dumpTables(ledger.db);
    // A real SQLite failure in the middle of the transaction: the fifth row to be inserted is refused.
    ledger.db.exec("CREATE TEMP TRIGGER fail_mid BEFORE INSERT ON people WHEN new.name = '陈静' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    await expect(importRosterFile(ledger.db, await writeMessyRoster(ledger.dir), { today: TODAY })).rejects.toThrow('disk full');
    expect(dumpTables(ledger.db)).toEqual(before);
    expect(ledger.db.inTransaction).toBe(false);
  });

  it('matches a person added since the preview instead of creating a duplicate', async () => {
    const path = await writeMessyRoster(ledger.dir);
    const preview = await importRosterFile(ledger.db, path, { dryRun: true, today: TODAY });
    expect(preview.preview.counts.created).toBe(6);
    ledger.must('savePerson', { name: '王强', idNumber: MESSY_IDS.wang });
    const result = await importRosterFile(ledger.db, path, { today: TODAY });
    expect(result.preview.counts).toMatchObject({ created: 5, updated: 1 });
    expect(countRows(ledger.db, 'people')).toBe(6);
  });

  it('warns when the ID belongs to a deleted person, and creates a new record', async () => {
    const old = ledger.must('savePerson', { name: '张建国', idNumber: MESSY_IDS.zhang });
    ledger.must('deletePerson', { id: old.id });
    const path = join(ledger.dir, 'deleted.xlsx');
    await writeSimpleRoster(path, [['姓名', '身份证号'], ['张建国', MESSY_IDS.zhang]]);
    const { preview } = await importRosterFile(ledger.db, path, { today: TODAY });
    expect(preview.counts.created).toBe(1);
    expect(preview.warnings[0]!.message).toContain('该身份证号属于已删除的“张建国”');
  });
});

describe('column mapping', () => {
  it('uses a chosen mapping, remembers it on commit, and applies it to the same layout next time', async () => {
    const path = join(ledger.dir, 'odd.xlsx');
    await writeSimpleRoster(path, [['人名', '证件', '电话'], ['张建国', MESSY_IDS.zhang, '13800138000']]);
    // Titles we do not know: nothing maps, no header row is even found.
    await expect(importRosterFile(ledger.db, path, { dryRun: true, today: TODAY })).rejects.toThrow('没有找到表头行');
    const mapping = { '1': 'name', '2': 'idNumber', '3': 'phone' } as const;
    const dry = await importRosterFile(ledger.db, path, { dryRun: true, headerRow: 1, mapping, today: TODAY });
    expect(dry.preview.columns.map((c) => c.field)).toEqual(['name', 'idNumber', 'phone']);
    expect(countRows(ledger.db, 'settings')).toBe(0);
    await importRosterFile(ledger.db, path, { headerRow: 1, mapping, today: TODAY });
    expect(countRows(ledger.db, 'settings')).toBe(1);
    // Same layout, next month: the remembered mapping applies without being given.
    const next = join(ledger.dir, 'odd2.xlsx');
    await writeSimpleRoster(next, [['人名', '证件', '电话'], ['李秀英', MESSY_IDS.li, '13900139000']]);
    const again = await importRosterFile(ledger.db, next, { headerRow: 1, today: TODAY });
    expect(again.preview.columns.map((c) => c.field)).toEqual(['name', 'idNumber', 'phone']);
    expect(again.preview.counts.created).toBe(1);
  });

  it('lets a chosen mapping override a detected one and refuses one field for two columns', async () => {
    const path = join(ledger.dir, 'override.xlsx');
    await writeSimpleRoster(path, [['姓名', '身份证号', '单位', '工作单位'], ['张建国', MESSY_IDS.zhang, '红旗镇', '红旗村']]);
    const { preview } = await importRosterFile(ledger.db, path, { dryRun: true, mapping: { '4': 'unit' }, today: TODAY });
    expect(preview.columns.map((c) => c.field)).toEqual(['name', 'idNumber', null, 'unit']);
    await expect(importRosterFile(ledger.db, path, { dryRun: true, mapping: { '3': 'unit', '4': 'unit' }, today: TODAY })).rejects.toThrow('C列和D列都对应“单位”');
  });
});
