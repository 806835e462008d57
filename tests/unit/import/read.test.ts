import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRoster, type RosterHeader } from '../../../src/core/spreadsheet/readRoster';
import type { SheetRow } from '../../../src/core/spreadsheet/sheetCell';
import { makeTempDir } from '../../helpers/ledger';
import { toGb18030 } from '../../fixtures/buildBadFiles';
import { MESSY, MESSY_IDS, writeMessyRoster, writeSimpleRoster } from '../../fixtures/buildRosterWorkbooks';

/** Reading only: which sheet, which header row, which columns, which cell values. No database. */

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir();
});
afterAll(() => temp.cleanup());

async function readAll(path: string, options: Parameters<typeof readRoster>[2] = {}, name?: string): Promise<{ header: RosterHeader; rows: SheetRow[] }> {
  let header: RosterHeader | undefined;
  const rows: SheetRow[] = [];
  for await (const item of readRoster(path, name ?? path.split('/').pop()!, options)) {
    if (item.type === 'header') header = item.header;
    else rows.push(item.row);
  }
  return { header: header!, rows };
}

const fieldsOf = (header: RosterHeader) => Object.fromEntries(header.columns.map((c) => [c.header, c.field]));

describe('finding the header', () => {
  it('finds it under a merged title and a 填报单位 line, and maps the synonyms', async () => {
    const { header, rows } = await readAll(await writeMessyRoster(temp.dir));
    expect(header.sheet).toBe(MESSY.sheet);
    expect(header.sheets).toEqual([MESSY.sheet, MESSY.secondSheet]);
    expect(header.headerRow).toBe(3);
    expect(fieldsOf(header)).toEqual({
      序号: null,
      姓名: 'name',
      性别: 'gender',
      民族: 'ethnicity',
      出生年月: 'birthDate',
      公民身份号码: 'idNumber',
      政治面貌: 'politicalStatus',
      入党时间: 'partyJoinDate',
      文化程度: 'education',
      现任职务: 'post',
      '所在村（社区）': 'unit',
      联系电话: 'phone',
      备注: 'note',
    });
    expect(header.columns.find((c) => c.field === 'idNumber')).toMatchObject({ index: 6, letter: 'F' });
    // Rows come with their sheet numbers; the blank rows 8 and 15 are simply absent.
    expect(rows[0]!.row).toBe(4);
    expect(rows.map((r) => r.row)).not.toContain(8);
    expect(rows.at(-1)!.row).toBe(MESSY.lastRow);
  });

  it('maps each synonym and ignores decorations (*, brackets, colons, notes)', async () => {
    const path = join(temp.dir, 'synonyms.xlsx');
    const headers = ['*姓名', '身份证号码（18位）', '学历', '职务', '工作单位', '手机号码', '出生日期', '入党年月', '任职时间', '籍贯：', '派出单位', '人员类别', '参加工作时间', '转正时间', '年龄'];
    await writeSimpleRoster(path, [headers, ['张三', MESSY_IDS.zhang]]);
    const { header } = await readAll(path);
    expect(header.columns.map((c) => c.field)).toEqual([
      'name', 'idNumber', 'education', 'post', 'unit', 'phone', 'birthDate', 'partyJoinDate', 'postStartDate', 'nativePlace', 'dispatchUnit',
      'category', 'workStartDate', 'partyFullDate', null,
    ]);
    const more = join(temp.dir, 'synonyms2.xlsx');
    await writeSimpleRoster(more, [['名字', '公民身份证号码', '最高学历', '所在单位', '联系方式', '身份'], ['张三', MESSY_IDS.zhang]]);
    expect((await readAll(more)).header.columns.map((c) => c.field)).toEqual(['name', 'idNumber', 'education', 'unit', 'phone', 'category']);
  });

  it('keeps the first of two columns for one field and leaves the other for the clerk', async () => {
    const path = join(temp.dir, 'twice.xlsx');
    await writeSimpleRoster(path, [['姓名', '单位', '工作单位'], ['张三', '红旗村', '红旗镇']]);
    expect((await readAll(path)).header.columns.map((c) => c.field)).toEqual(['name', 'unit', null]);
  });

  it('reads a two-level header (学历 over 全日制 | 在职) as one', async () => {
    const path = join(temp.dir, 'two-level.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('干部');
    ws.getRow(1).values = ['乡镇干部花名册'];
    ws.getRow(2).values = ['姓名', '身份证号', '学历', null, '联系电话'];
    ws.getRow(3).values = [null, null, '全日制', '在职', null];
    ws.mergeCells('A2:A3');
    ws.mergeCells('C2:D2');
    ws.getRow(4).values = ['张三', MESSY_IDS.zhang, '大专', '本科', '13800138000'];
    await wb.xlsx.writeFile(path);
    const { header, rows } = await readAll(path);
    expect(header.headerRow).toBe(3);
    expect(header.columns.map((c) => [c.header, c.field])).toEqual([
      ['姓名', 'name'],
      ['身份证号', 'idNumber'],
      ['学历（全日制）', 'education'],
      ['在职', null],
      ['联系电话', 'phone'],
    ]);
    expect(rows.map((r) => r.row)).toEqual([4]);
  });

  it('passes over a 填表说明 sheet and a hidden sheet to the first sheet with a header', async () => {
    const path = join(temp.dir, 'sheets.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填表说明').addRow(['请按要求填写，身份证号设为文本格式']);
    const hidden = wb.addWorksheet('旧数据', { state: 'hidden' });
    hidden.addRow(['姓名', '身份证号']);
    hidden.addRow(['旧人', MESSY_IDS.li]);
    const data = wb.addWorksheet('花名册');
    data.addRow(['姓名', '身份证号']);
    data.addRow(['张三', MESSY_IDS.zhang]);
    await wb.xlsx.writeFile(path);
    const { header, rows } = await readAll(path);
    expect(header.sheets).toEqual(['填表说明', '旧数据', '花名册']);
    expect(header.sheet).toBe('花名册');
    expect(rows).toHaveLength(1);
    // Named explicitly, even a hidden sheet is read.
    expect((await readAll(path, { sheet: '旧数据' })).rows[0]!.cells[1]).toEqual({ kind: 'text', text: '旧人' });
  });

  it('reads the sheet asked for, and names the sheets when it does not exist', async () => {
    const path = await writeMessyRoster(temp.dir);
    const { header, rows } = await readAll(path, { sheet: MESSY.secondSheet });
    expect(header).toMatchObject({ sheet: MESSY.secondSheet, headerRow: 1 });
    expect(rows).toHaveLength(2);
    await expect(readAll(path, { sheet: '不存在' })).rejects.toThrow(`文件“${MESSY.fileName}”中没有名为“不存在”的工作表。现有工作表：两委成员、后备干部`);
  });

  it('takes the header row it is given', async () => {
    const path = join(temp.dir, 'given.xlsx');
    await writeSimpleRoster(path, [['甲', '乙'], ['张三', MESSY_IDS.zhang]], { titleRows: ['标题', '说明'] });
    const { header, rows } = await readAll(path, { headerRow: 3 });
    expect(header.headerRow).toBe(3);
    expect(header.columns.map((c) => [c.header, c.field])).toEqual([
      ['甲', null],
      ['乙', null],
    ]);
    expect(rows.map((r) => r.row)).toEqual([4]);
    await expect(readAll(path)).rejects.toThrow('没有找到表头行');
  });
});

describe('cell values', () => {
  it('reads every Chinese character whole across stream chunk boundaries (exceljs#2063)', async () => {
    const path = join(temp.dir, 'chinese.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '单位', '职务']);
    for (let i = 0; i < 5000; i++) ws.addRow([`张三丰${i}号`, `红旗村第${i}村民小组`, '村党组织书记兼村委会主任']);
    await wb.xlsx.writeFile(path);
    const { rows } = await readAll(path);
    expect(rows).toHaveLength(5000);
    const texts = rows.flatMap((r) => r.cells.filter((c) => c?.kind === 'text').map((c) => (c as { text: string }).text));
    expect(texts.filter((t) => t.includes('\ufffd'))).toEqual([]);
    expect(texts[3 * 4999]).toBe('张三丰4999号');
  });

  it('turns formulas into their results and dates into calendar dates', async () => {
    const { rows } = await readAll(await writeMessyRoster(temp.dir));
    const row = (n: number) => rows.find((r) => r.row === n)!;
    expect(row(MESSY.rows.formula).cells[1]).toMatchObject({ kind: 'number', value: 13 });
    // A DATE() formula formatted yyyy.mm: its result is a serial the file shows as a month.
    expect(row(MESSY.rows.formula).cells[5]).toEqual({ kind: 'date', iso: '1975-08', hasDay: false });
    expect(row(MESSY.rows.wang).cells[5]).toEqual({ kind: 'date', iso: '1990-03-07', hasDay: true });
    expect(row(MESSY.rows.idAsNumber).cells[6]).toMatchObject({ kind: 'number' });
  });

  it('reads dates of a 1904-system workbook (old Mac Excel)', async () => {
    const path = join(temp.dir, 'mac.xlsx');
    await writeSimpleRoster(path, [['姓名', '出生日期'], ['张三', new Date(Date.UTC(1980, 0, 1))]], { date1904: true });
    const { header, rows } = await readAll(path);
    expect(header.date1904).toBe(true);
    expect(rows[0]!.cells[2]).toMatchObject({ kind: 'date', iso: '1980-01-01' });
  });

  it('reads CSV in UTF-8 with and without BOM, in GBK, and in UTF-16', async () => {
    const text = '红旗村花名册\r\n姓名,身份证号,单位\r\n张三,110101198001010010,"红旗村,一组"\r\n';
    const variants: [string, Buffer][] = [
      ['utf8.csv', Buffer.from(text, 'utf8')],
      ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
      ['gbk.csv', toGb18030(text)],
      ['utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/,/g, '\t').replace('"红旗村\t一组"', '红旗村,一组'), 'utf16le')])],
    ];
    for (const [name, bytes] of variants) {
      const path = join(temp.dir, name);
      writeFileSync(path, bytes);
      const { header, rows } = await readAll(path);
      expect(header.headerRow, name).toBe(2);
      expect(header.columns.map((c) => c.field), name).toEqual(['name', 'idNumber', 'unit']);
      expect(rows[0]!.cells.slice(1), name).toEqual([
        { kind: 'text', text: '张三' },
        { kind: 'text', text: '110101198001010010' },
        { kind: 'text', text: '红旗村,一组' },
      ]);
    }
  });
});
