import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRosterFile } from '../../../src/core/import/importFile';
import { CJK } from '../../helpers/cjk';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { MESSY, MESSY_IDS, writeMessyRoster, writeSimpleRoster } from '../../fixtures/buildRosterWorkbooks';
import { dumpTables, TODAY } from './helpers';

/** The dry run of a messy village roster: every bad row named by its sheet row, counts that add up, no writes. */

let ledger: TempLedger;
beforeEach(() => {
  ledger = openTempLedger();
});
afterEach(() => ledger.cleanup());

describe('preview of a messy roster', () => {
  it('names every rejected row by its sheet row number, field and reason', async () => {
    const { preview } = await importRosterFile(ledger.db, await writeMessyRoster(ledger.dir), { dryRun: true, today: TODAY });
    const r = MESSY.rows;
    expect(preview.rejected.map((p) => [p.row, p.field])).toEqual([
      [r.badChecksum, 'idNumber'],
      [r.noName, 'name'],
      [r.shortPhone, 'phone'],
      [r.genderMismatch, 'gender'],
      [r.duplicateId, 'idNumber'],
      [r.idAsNumber, 'idNumber'],
      [r.birthMismatch, 'birthDate'],
    ]);
    const message = (row: number) => preview.rejected.find((p) => p.row === row)!.message;
    expect(message(r.badChecksum)).toBe('公民身份号码（F列）：身份证号校验位不正确，请核对是否抄错');
    expect(message(r.noName)).toBe('姓名（B列）：姓名不能为空');
    expect(message(r.shortPhone)).toBe('联系电话（L列）：手机号码应为11位，当前为10位');
    expect(message(r.genderMismatch)).toBe('性别（C列）：性别与身份证号不符（身份证号显示为男）');
    expect(message(r.duplicateId)).toBe(`公民身份号码（F列）：与第${r.li}行的身份证号相同，同一人在一份名单中只能出现一次，本行未导入`);
    expect(message(r.idAsNumber)).toContain('身份证号以数字形式保存');
    expect(message(r.idAsNumber)).toContain('重新输入完整的18位身份证号');
    expect(message(r.birthMismatch)).toBe('出生年月（E列）：出生日期与身份证号不符（身份证号显示为1980-03-03）');
    for (const p of preview.rejected) expect(p.message).toMatch(CJK);
  });

  it('counts add up to the rows under the header; blank rows and the footer are ignored', async () => {
    const { preview } = await importRosterFile(ledger.db, await writeMessyRoster(ledger.dir), { dryRun: true, today: TODAY });
    expect(preview).toMatchObject({ fileName: MESSY.fileName, sheet: MESSY.sheet, sheets: [MESSY.sheet, MESSY.secondSheet], headerRow: 3 });
    expect(preview.counts).toEqual({ created: 6, updated: 0, unchanged: 0, rejected: 7, ignored: 4 });
    const { created, updated, unchanged, rejected, ignored } = preview.counts;
    expect(created + updated + unchanged + rejected + ignored).toBe(MESSY.lastRow - MESSY.headerRow);
    expect(preview.warnings).toEqual([]);
    expect(preview.updates).toEqual([]);
  });

  it('writes nothing', async () => {
    const before = dumpTables(ledger.db);
    await importRosterFile(ledger.db, await writeMessyRoster(ledger.dir), { dryRun: true, today: TODAY });
    expect(dumpTables(ledger.db)).toEqual(before);
  });

  it('shows an existing person as a field-by-field update, and unchanged when nothing differs', async () => {
    const zhang = ledger.must('savePerson', {
      name: '张建国', idNumber: MESSY_IDS.zhang, ethnicity: '汉族', phone: '13800000000', unit: '红旗村', post: '村委会委员',
      politicalStatus: '中共党员', partyJoinDate: '2005-07', education: '大学专科毕业', note: '老支书',
    });
    ledger.must('savePerson', {
      name: '王强', idNumber: MESSY_IDS.wang, ethnicity: '汉族', politicalStatus: '中共党员', partyJoinDate: '2015-06', education: '大学本科毕业',
      post: '村委会主任', unit: '红旗村', phone: '13700137000',
    });
    const before = dumpTables(ledger.db);
    const { preview } = await importRosterFile(ledger.db, await writeMessyRoster(ledger.dir), { dryRun: true, today: TODAY });
    expect(preview.counts).toEqual({ created: 4, updated: 1, unchanged: 1, rejected: 7, ignored: 4 });
    // Only what the sheet fills and differs: its empty 备注 cell keeps 老支书, its 1980.01 agrees with the ID.
    expect(preview.updates).toEqual([
      {
        row: MESSY.rows.zhang,
        personId: zhang.id,
        name: '张建国',
        changes: [
          { field: 'post', from: '村委会委员', to: '村党组织书记' },
          { field: 'phone', from: '13800000000', to: '13800138000' },
        ],
      },
    ]);
    expect(dumpTables(ledger.db)).toEqual(before);
  });

  it('warns about a row without an ID whose name is already on the roster', async () => {
    ledger.must('savePerson', { name: '李四', gender: '男', unit: '东风村' });
    const path = join(ledger.dir, 'noid.xlsx');
    await writeSimpleRoster(path, [['姓名', '性别', '身份证号'], ['李四', '男', null]]);
    const { preview } = await importRosterFile(ledger.db, path, { dryRun: true, today: TODAY });
    expect(preview.counts).toMatchObject({ created: 1 });
    expect(preview.warnings).toEqual([{ row: 2, field: 'name', message: '姓名（A列）：与已登记的李四（东风村）同名，本行没有身份证号，可能是同一人；将新增一条记录，请核对' }]);
  });

  it('says so when the sheet has no 姓名 column, and rejects every row', async () => {
    const path = join(ledger.dir, 'noname.xlsx');
    await writeSimpleRoster(path, [['身份证号', '联系电话'], [MESSY_IDS.zhang, '13800138000']]);
    const { preview } = await importRosterFile(ledger.db, path, { dryRun: true, today: TODAY });
    expect(preview.warnings[0]).toMatchObject({ row: 1, field: 'name', message: expect.stringContaining('没有找到“姓名”列') });
    expect(preview.counts).toMatchObject({ created: 0, rejected: 1 });
  });
});
