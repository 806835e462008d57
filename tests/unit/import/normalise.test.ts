import { describe, expect, it } from 'vitest';
import { educationName, politicalStatusName, statusName } from '../../../src/core/import/aliases';
import { readDate, readIdNumber, readPhone, readText } from '../../../src/core/import/cellValues';
import { readPersonRow } from '../../../src/core/import/readPersonRow';
import { excelSerialToIso, fromExcelValue, type SheetCell } from '../../../src/core/spreadsheet/sheetCell';
import type { ImportColumn, ImportField } from '../../../src/shared/importTypes';
import { validatePerson } from '../../../src/shared/person';
import { excelSerial } from '../../fixtures/buildRosterWorkbooks';
import { idEndingInX, idFor, REF_IDS } from '../../fixtures/ids';

/** Every shape a value arrives in, and the text validatePerson receives for it. */

const text = (t: string): SheetCell => ({ kind: 'text', text: t });
const num = (value: number, numFmt: string | null = null): SheetCell => ({ kind: 'number', value, numFmt });
const today = new Date(2025, 5, 1);

describe('dates', () => {
  const date = (cell: SheetCell, date1904 = false) => {
    const r = readDate(cell, date1904);
    return r && r.ok ? r.text : r;
  };
  const iso = (cell: SheetCell) => {
    const t = date(cell);
    const checked = validatePerson({ name: '张三', gender: '男', birthDate: typeof t === 'string' ? t : '' }, today);
    return checked.ok ? checked.value.birthDate : checked.issues[0]!.message;
  };

  it('reads the written forms clerks use', () => {
    expect(iso(text('1978.05'))).toBe('1978-05');
    expect(iso(text('1978.5'))).toBe('1978-05');
    expect(iso(text('1978年5月'))).toBe('1978-05');
    expect(iso(text('1978-05-12'))).toBe('1978-05-12');
    expect(iso(text('19780512'))).toBe('1978-05-12');
    expect(iso(text('１９７８．０５'))).toBe('1978-05');
    expect(iso(text('1980.01（45岁）'))).toBe('1980-01');
    expect(iso(text('1978-05-12 00:00:00'))).toBe('1978-05-12');
  });

  it('reads numbers Excel made of them', () => {
    expect(iso(num(19780512))).toBe('1978-05-12');
    expect(iso(num(197805))).toBe('1978-05');
    expect(iso(num(1978.05))).toBe('1978-05');
    expect(iso(num(1978.12))).toBe('1978-12');
    expect(iso(num(excelSerial(1978, 5, 12)))).toBe('1978-05-12');
    // 1978.10 typed into a General cell is stored as 1978.1; a 0.00 format keeps the October.
    expect(iso(num(1978.1, '0.00'))).toBe('1978-10');
    expect(readDate(num(1978.1), false)).toEqual({ ok: true, text: '1978.1', ambiguousOctober: true });
  });

  it('reads date cells, at month precision when the format shows no day', () => {
    expect(date(fromExcelValue(new Date(Date.UTC(1978, 4, 12)), 'yyyy/m/d', false)!)).toBe('1978-05-12');
    expect(date(fromExcelValue(new Date(Date.UTC(1978, 4, 12)), 'yyyy"年"m"月"', false)!)).toBe('1978-05');
    expect(date(fromExcelValue({ formula: 'DATE(1978,5,12)', result: excelSerial(1978, 5, 12) }, 'yyyy.mm.dd', false)!)).toBe('1978-05-12');
  });

  it('counts serials the way Excel does, in both date systems', () => {
    expect(excelSerialToIso(1, false)).toBe('1900-01-01');
    expect(excelSerialToIso(59, false)).toBe('1900-02-28');
    expect(excelSerialToIso(60, false)).toBeNull(); // Lotus's 29 Feb 1900
    expect(excelSerialToIso(61, false)).toBe('1900-03-01');
    expect(excelSerialToIso(29221, false)).toBe('1980-01-01');
    expect(excelSerialToIso(29221.99999999, false)).toBe('1980-01-01');
    expect(excelSerialToIso(29221.999999999996, false)).toBe('1980-01-02');
    expect(excelSerialToIso(27759, true)).toBe('1980-01-01');
  });

  it('refuses an Excel error value in a cell', () => {
    expect(readDate({ kind: 'error', text: '#N/A' }, false)).toEqual({ ok: false, message: expect.stringContaining('#N/A') });
  });
});

describe('ID numbers', () => {
  it('takes spaces, hyphens and a lowercase x', () => {
    const x = idEndingInX('19850615', false);
    expect(readIdNumber(text(`${x.slice(0, 6)} ${x.slice(6, 14)} ${x.slice(14).toLowerCase()}`))).toEqual({ ok: true, text: `${x.slice(0, 6)} ${x.slice(6, 14)} ${x.slice(14).toLowerCase()}` });
    const row = readPersonRow({ row: 5, cells: cells(text('赵丽'), text(`${x.slice(0, 6)}-${x.slice(6, 14)} ${x.slice(14).toLowerCase()}`)) }, cols('name', 'idNumber'), false);
    expect(row.input.idNumber).toBe(x);
  });

  it('refuses a number cell: Excel has already lost the last digits', () => {
    const r = readIdNumber(num(Number(REF_IDS.man1980)));
    expect(r).toMatchObject({ ok: false });
    expect(r && !r.ok && r.message).toContain('身份证号以数字形式保存（显示为1.10101E+17）');
    expect(r && !r.ok && r.message).toContain('最后几位已经丢失');
    expect(readIdNumber(text('1.10101E+17'))).toMatchObject({ ok: false, message: expect.stringContaining('以数字形式保存') });
  });

  it('lets a short number through to the usual length message', () => {
    expect(readIdNumber(num(110101800101001))).toEqual({ ok: true, text: '110101800101001' });
  });
});

describe('phones', () => {
  it('takes spaces, dashes and number cells', () => {
    const phone = (cell: SheetCell) => {
      const r = readPhone(cell);
      const v = validatePerson({ name: '张三', gender: '男', phone: r && r.ok ? r.text : '' }, today);
      return v.ok ? v.value.phone : v.issues[0]!.message;
    };
    expect(phone(text('138 0013 8000'))).toBe('13800138000');
    expect(phone(text('138-0013-8000'))).toBe('13800138000');
    expect(phone(num(13800138000))).toBe('13800138000');
    expect(phone(text('0371-12345678'))).toBe('0371-12345678');
    expect(phone(text('1380013800'))).toBe('手机号码应为11位，当前为10位');
  });

  it('keeps the first of two numbers and says so', () => {
    expect(readPhone(text('13800138000/13900139000'))).toEqual({ ok: true, text: '13800138000', warning: '联系电话有多个号码（13800138000/13900139000），只导入了第一个' });
  });
});

describe('names in the code tables', () => {
  it('maps village spellings of 政治面貌, 学历 and 状态', () => {
    expect(politicalStatusName('党员')).toBe('党员');
    expect(politicalStatusName('中国共产党员')).toBe('中共党员');
    expect(politicalStatusName('团员')).toBe('团员');
    expect(educationName('大专')).toBe('大学专科毕业');
    expect(educationName('本科学历')).toBe('大学本科毕业');
    expect(educationName('大学（本科）')).toBe('大学本科毕业');
    expect(educationName('全日制大专')).toBe('大学专科毕业');
    expect(educationName('初中文化')).toBe('初中毕业');
    expect(educationName('高中毕业')).toBe('普通高中毕业');
    expect(educationName('中技')).toBe('技工学校毕业');
    expect(educationName('扫盲班')).toBe('扫盲班');
    expect(statusName('在职')).toBe('在岗');
  });

  it('lands on the national codes through validatePerson', () => {
    const row = readPersonRow(
      { row: 4, cells: cells(text('张建国'), text('汉'), text('党员'), text('大专'), text("'=不要公式")) },
      cols('name', 'ethnicity', 'politicalStatus', 'education', 'note'),
      false,
    );
    const v = validatePerson({ ...row.input, gender: '男' }, today);
    expect(v.ok && v.value).toMatchObject({ ethnicityCode: '01', politicalStatusCode: '01', educationCode: '31', note: '=不要公式' });
  });
});

describe('a whole row', () => {
  it('leaves empty cells undefined, so an update keeps what is stored', () => {
    const row = readPersonRow({ row: 7, cells: cells(text('张三'), undefined, text('  ')) }, cols('name', 'phone', 'unit'), false);
    expect(row.input).toEqual({ name: '张三' });
    expect([...row.present]).toEqual(['name']);
  });

  it('settles 1978.1 by the ID number, and otherwise asks the clerk to check', () => {
    const id = idFor('19781001', 1);
    const settled = readPersonRow({ row: 4, cells: cells(text('张三'), text(id), num(1978.1)) }, cols('name', 'idNumber', 'birthDate'), false);
    expect(settled.input.birthDate).toBe('1978.10');
    expect(settled.warnings).toEqual([]);
    const unsure = readPersonRow({ row: 4, cells: cells(text('张三'), num(1978.1)) }, cols('name', 'partyJoinDate'), false);
    expect(unsure.warnings[0]).toMatchObject({ row: 4, field: 'partyJoinDate', message: expect.stringContaining('可能是1978.10') });
  });

  it('reads text out of any cell', () => {
    expect(readText(fromExcelValue({ richText: [{ text: '张' }, { text: '三' }] }, null, false))).toEqual({ ok: true, text: '张三' });
    expect(readText(fromExcelValue({ formula: 'A1', result: '李四' }, null, false))).toEqual({ ok: true, text: '李四' });
    expect(readText(fromExcelValue({ formula: 'A1' }, null, false))).toBeNull();
    expect(readText(fromExcelValue({ error: '#REF!' }, null, false))).toMatchObject({ ok: false });
  });
});

/** Cells from column A on (the sheet is 1-based). */
function cells(...values: (SheetCell | undefined)[]): (SheetCell | undefined)[] {
  return [undefined, ...values];
}

function cols(...fields: ImportField[]): ImportColumn[] {
  return fields.map((field, i) => ({ index: i + 1, letter: String.fromCharCode(65 + i), header: field, field }));
}
