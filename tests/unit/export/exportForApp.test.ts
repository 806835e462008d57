import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/core/dispatch';
import { openTempLedger, syntheticId, type TempLedger } from '../../helpers/ledger';

/** exportRoster through the contract, as the window calls it: real people in, a real workbook out. */

let ledger: TempLedger;

beforeEach(() => {
  ledger = openTempLedger();
  ledger.must('setOffice', { name: '红旗镇' });
  ledger.must('savePerson', { name: '张三', idNumber: syntheticId('19800101', '001'), categories: ['村（社区）两委成员'], post: '村党组织书记' });
  ledger.must('savePerson', { name: '李四', idNumber: syntheticId('19800101', '002'), categories: ['致富带头人'] });
});
afterEach(() => ledger.cleanup());

async function exported(input: unknown) {
  const result = await dispatch(ledger.api, 'exportRoster', input);
  if (!result.ok) throw new Error(result.error.message);
  return result.data as { fileName: string; dataBase64: string; rows: number };
}

describe('exportRoster', () => {
  it('returns the view as an xlsx in the official layout, full ID numbers by default', async () => {
    const file = await exported({ viewIds: ['two-committees'], format: 'xlsx' });
    expect(file.fileName).toMatch(/^红旗镇村（社区）“两委”成员花名册_\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(file.rows).toBe(1);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toContain('两委');
    const texts = sheet.getSheetValues().flat().map(String);
    expect(texts).toContain('张三');
    expect(texts).not.toContain('李四');
  });

  it('masks ID numbers on request and writes CSV with a BOM', async () => {
    const file = await exported({ viewIds: ['all'], format: 'csv', maskIdNumbers: true });
    const text = Buffer.from(file.dataBase64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('110101********');
    expect(text).not.toContain(syntheticId('19800101', '001'));
  });

  it('refuses unknown views and several views as one CSV, in Chinese', async () => {
    expect(await dispatch(ledger.api, 'exportRoster', { viewIds: ['nope'], format: 'xlsx' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch(ledger.api, 'exportRoster', { viewIds: ['all', 'reserves'], format: 'csv' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
