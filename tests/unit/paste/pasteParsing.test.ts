import { describe, expect, it } from 'vitest';
import { dropBlankRows, isBlock, parseClipboardTable } from '../../../src/ui/features/paste/clipboardTable';
import { columnLetter, defaultColumns, detectHeader, fieldForHeader } from '../../../src/ui/features/paste/pasteColumns';
import { checkRow, type PasteRow } from '../../../src/ui/features/paste/rowCheck';

/** The paste grid's pure parts: reading Excel's clipboard text, recognising a header row, checking a row. */

describe('parseClipboardTable', () => {
  it('reads tabs and CRLF as Excel writes them, without an extra row for the final newline', () => {
    expect(parseClipboardTable('张三\t男\r\n李四\t女\r\n')).toEqual([
      ['张三', '男'],
      ['李四', '女'],
    ]);
  });

  it('keeps empty cells, including trailing ones', () => {
    expect(parseClipboardTable('a\t\tc\t\r\n\t\t\t\r\n')).toEqual([
      ['a', '', 'c', ''],
      ['', '', '', ''],
    ]);
  });

  it('reads a quoted cell with a line break and doubled quotes as one cell', () => {
    expect(parseClipboardTable('王五\t"村委会主任\n""兼""会计"\t红旗村\r\n')).toEqual([['王五', '村委会主任\n"兼"会计', '红旗村']]);
  });

  it('takes a lone leading quote literally, as Excel does not quote such a cell', () => {
    expect(parseClipboardTable('"张三\t男\r\n')).toEqual([['"张三', '男']]);
    expect(parseClipboardTable('"引号"后文字\t男')).toEqual([['"引号"后文字', '男']]);
  });

  it('accepts LF-only and CR-only line ends (WPS on Linux, old Mac text)', () => {
    expect(parseClipboardTable('a\tb\nc\td')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseClipboardTable('a\rb')).toEqual([['a'], ['b']]);
  });

  it('returns nothing for empty text and drops blank rows on request', () => {
    expect(parseClipboardTable('')).toEqual([]);
    expect(dropBlankRows(parseClipboardTable('a\r\n \t \r\nb\r\n'))).toEqual([['a'], ['b']]);
  });

  it('tells a block of cells from a single value', () => {
    expect(isBlock('张三')).toBe(false);
    expect(isBlock('张三\r\n')).toBe(false);
    expect(isBlock('张三\t男')).toBe(true);
    expect(isBlock('张三\r\n李四')).toBe(true);
  });
});

describe('header detection', () => {
  it('maps the synonyms clerks use, with full-width brackets, spaces and stars', () => {
    expect(detectHeader(['序号', '姓 名', '公民身份号码', '文化程度', '所在村（社区）', '现任职务', '手机号码', '*民族'])).toEqual([
      null, 'name', 'idNumber', 'education', 'unit', 'post', 'phone', 'ethnicity',
    ]);
    expect(fieldForHeader('联系电话：')).toBe('phone');
  });

  it('does not read a data row as a header', () => {
    expect(detectHeader(['张三', '110101198001010010', '男'])).toBeNull();
    // One known word is not enough: a person could be called 单位.
    expect(detectHeader(['单位', '张三'])).toBeNull();
  });

  it('gives a field to its first column only', () => {
    expect(detectHeader(['姓名', '电话', '手机'])).toEqual(['name', 'phone', null]);
  });
});

describe('default columns', () => {
  it('uses the usual roster order, and skips a leading serial-number column', () => {
    expect(defaultColumns([['张三', '110101198001010010']], 3)).toEqual(['name', 'idNumber', 'gender']);
    expect(defaultColumns([['1', '张三'], ['2', '李四']], 3)).toEqual([null, 'name', 'idNumber']);
    expect(defaultColumns([['张三']], 11).slice(9)).toEqual([null, null]);
  });

  it('names columns as a spreadsheet does', () => {
    expect([0, 25, 26, 27, 701].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ']);
  });
});

describe('checkRow', () => {
  const row = (cells: string[]): PasteRow => ({ key: 1, cells, status: 'new', serverIssues: [], serverMessage: null });
  const today = new Date(2024, 5, 1);

  it('passes a valid row and puts each problem on its column', () => {
    expect(checkRow(row(['张三', '110101198001010010']), ['name', 'idNumber'], null, today)).toEqual({ cellErrors: [null, null], messages: [], valid: true });
    const bad = checkRow(row(['张三', '110101198001010011', '1380013']), ['name', 'idNumber', 'phone'], null, today);
    expect(bad.valid).toBe(false);
    expect(bad.cellErrors[0]).toBeNull();
    expect(bad.cellErrors[1]).toContain('校验位');
    expect(bad.cellErrors[2]).toContain('11位');
  });

  it('lists a problem no column can show (gender missing without an ID number)', () => {
    const checked = checkRow(row(['张三']), ['name'], null, today);
    expect(checked.valid).toBe(false);
    expect(checked.cellErrors).toEqual([null]);
    expect(checked.messages.join()).toContain('性别');
  });

  it('marks an ID number already used by an earlier row, and the core’s refusal', () => {
    expect(checkRow(row(['张三', '110101198001010010']), ['name', 'idNumber'], 3, today).cellErrors[1]).toBe('与第3行的身份证号相同');
    const refused = {
      ...row(['张三', '110101198001010010']),
      serverIssues: [{ field: 'idNumber', message: '该身份证号已属于李四' }],
      serverMessage: '身份证号已登记在李四名下，同一身份证号不能重复登记',
    };
    const checked = checkRow(refused, ['name', 'idNumber'], null, today);
    expect(checked.valid).toBe(false);
    expect(checked.cellErrors[1]).toBe('该身份证号已属于李四');
    expect(checked.messages).toEqual(['身份证号已登记在李四名下，同一身份证号不能重复登记']);
  });
});
