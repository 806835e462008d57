import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFormulaLike, neutraliseFormula } from '../../../src/core/spreadsheet/exportCells';
import { dispatch } from '../../../src/core/dispatch';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';

/**
 * Formula injection, every dangerous start, through the real export path: the existing export tests cover
 * = + - @, a tab and full-width ＝; this adds full-width ＋ － ＠, a leading CR, and a property over arbitrary
 * text, for both the xlsx and the CSV the exportRoster method hands to the window. (A leading tab or CR is
 * trimmed when a field is saved, so those two are covered by the helper's property.)
 */

const DANGEROUS = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
const PAYLOAD = (start: string) => `${start}HYPERLINK("http://x","点我")`;

let ledger: TempLedger;
beforeEach(() => {
  ledger = openTempLedger();
});
afterEach(() => ledger.cleanup());

describe('formula injection', () => {
  it('neutraliseFormula prefixes exactly the strings that start dangerously, and leaves all others alone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DANGEROUS), fc.string(), (start, rest) => {
        const text = start + rest;
        expect(isFormulaLike(text)).toBe(true);
        expect(neutraliseFormula(text)).toBe(`'${text}`);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        fc.pre(!DANGEROUS.some((d) => text.startsWith(d)));
        expect(neutraliseFormula(text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('every dangerous start, typed into any text field, leaves the xlsx and CSV exports as text', async () => {
    const ids: string[] = [];
    DANGEROUS.forEach((start, i) => {
      const saved = ledger.must('savePerson', { name: `测试${'甲乙丙丁戊己庚辛壬癸'[i]}`, gender: '男', unit: PAYLOAD(start), post: `${start}1+1`, note: PAYLOAD(start) });
      ids.push(saved.id);
    });

    const xlsx = (await dispatch(ledger.api, 'exportRoster', { viewIds: ['all'], format: 'xlsx' })) as { ok: true; data: { dataBase64: string } };
    expect(xlsx.ok).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.data.dataBase64, 'base64') as unknown as ArrayBuffer);
    let checked = 0;
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.formula, cell.address).toBeUndefined();
          expect(cell.type, cell.address).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value !== 'string') return;
          expect(DANGEROUS.some((d) => (cell.value as string).startsWith(d)), `${cell.address}: ${JSON.stringify(cell.value)}`).toBe(false);
          if (/^'.(HYPERLINK|1\+1)/.test(cell.value)) checked++;
        }),
      ),
    );
    // Leading tab and CR are trimmed when a field is saved; every other start reaches the export and is neutralised.
    expect(checked).toBeGreaterThanOrEqual((DANGEROUS.length - 2) * 2);

    const csv = (await dispatch(ledger.api, 'exportRoster', { viewIds: ['all'], format: 'csv' })) as { ok: true; data: { dataBase64: string } };
    expect(csv.ok).toBe(true);
    const text = Buffer.from(csv.data.dataBase64, 'base64').toString('utf8');
    // Each hostile field, quoted or not, starts with the apostrophe: no field begins with a dangerous character.
    const fields = text.split(/,|\r\n/).map((f) => f.replace(/^"/, ''));
    expect(fields.filter((f) => /^'.(HYPERLINK|1\+1)/.test(f)).length).toBeGreaterThanOrEqual((DANGEROUS.length - 2) * 2);
    for (const field of fields) {
      if (field.startsWith('\t')) expect(field.slice(1), JSON.stringify(field)).toMatch(/^[\d.X-]*$/);
      else expect(DANGEROUS.some((d) => field.startsWith(d)), JSON.stringify(field)).toBe(false);
    }
  });
});
