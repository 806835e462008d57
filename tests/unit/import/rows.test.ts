import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRosterFile } from '../../../src/core/import/importFile';
import { classifyRow } from '../../../src/core/import/rowKinds';
import type { SheetCell } from '../../../src/core/spreadsheet/sheetCell';
import type { ImportColumn } from '../../../src/shared/importTypes';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { MESSY_IDS, writeSimpleRoster } from '../../fixtures/buildRosterWorkbooks';
import { TODAY } from './helpers';

/** Which rows under the header are people, and which are blank lines, footers and repeated headers. */

const columns: ImportColumn[] = [
  { index: 1, letter: 'A', header: '序号', field: null },
  { index: 2, letter: 'B', header: '姓名', field: 'name' },
  { index: 3, letter: 'C', header: '身份证号', field: 'idNumber' },
  { index: 4, letter: 'D', header: '备注', field: 'note' },
];
const row = (...texts: (string | number | null)[]) => ({
  row: 9,
  cells: [undefined, ...texts.map((t): SheetCell | undefined => (t === null ? undefined : typeof t === 'number' ? { kind: 'number', value: t, numFmt: null } : { kind: 'text', text: t }))],
});

describe('row kinds', () => {
  it('recognises footers by their first cell, and signatures in a row without a person', () => {
    expect(classifyRow(row('制表人：张三      审核人：李四'), columns, false)).toBe('footer');
    expect(classifyRow(row('合计'), columns, false)).toBe('footer');
    expect(classifyRow(row('合计：25人'), columns, false)).toBe('footer');
    expect(classifyRow(row('共25人'), columns, false)).toBe('footer');
    expect(classifyRow(row('备注：1.身份证号请设为文本格式'), columns, false)).toBe('footer');
    expect(classifyRow(row('联系电话：0371-12345678'), columns, false)).toBe('footer');
    expect(classifyRow(row(null, null, null, '填表人：王五'), columns, false)).toBe('footer');
  });

  it('keeps a person whose note happens to name a 负责人', () => {
    expect(classifyRow(row(3, '张建国', MESSY_IDS.zhang, '合作社负责人：张建国'), columns, false)).toBe('data');
  });

  it('passes over blank rows, pre-numbered empty template rows, a repeated header and a row of column numbers', () => {
    expect(classifyRow(row(null, '  ', null, null), columns, false)).toBe('blank');
    expect(classifyRow(row(21), columns, false)).toBe('blank');
    expect(classifyRow(row('序号', '姓 名', '身份证号', '备注'), columns, false)).toBe('header');
    expect(classifyRow(row(1, 2, 3, 4), columns, false)).toBe('header');
  });

  it('after a footer, reads only rows that clearly hold a person', () => {
    expect(classifyRow(row(null, '2024年5月10日'), columns, true)).toBe('footer');
    expect(classifyRow(row(30, '李秀英', MESSY_IDS.li), columns, true)).toBe('data');
  });
});

describe('rows in a file', () => {
  let ledger: TempLedger;
  beforeEach(() => {
    ledger = openTempLedger();
  });
  afterEach(() => ledger.cleanup());

  it('counts every row between the header and the last non-blank row exactly once', async () => {
    const path = join(ledger.dir, 'pages.xlsx');
    await writeSimpleRoster(path, [
      ['序号', '姓名', '身份证号', '备注'], // 2
      [1, 2, 3, 4], // 3: column numbers
      [1, '张建国', MESSY_IDS.zhang, null], // 4
      [], // 5: blank
      ['序号', '姓名', '身份证号', '备注'], // 6: the header again (second printed page)
      [2, '李秀英', MESSY_IDS.li, null], // 7
      [3], // 8: numbered template row, empty
      ['合计：2人'], // 9
      [], // 10: trailing blanks are not rows
      [],
    ], { titleRows: ['红旗村干部名单'] });
    const { preview } = await importRosterFile(ledger.db, path, { dryRun: true, today: TODAY });
    expect(preview.headerRow).toBe(2);
    expect(preview.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0, ignored: 5 });
  });
});
