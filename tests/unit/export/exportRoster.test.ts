import { existsSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportRoster, exportRosterViews, uniqueSheetName } from '../../../src/core/spreadsheet/exportRoster';
import type { Person } from '../../../src/shared/person';
import { DEFAULT_ROSTER_VIEWS, rosterColumn, type RosterView } from '../../../src/shared/rosterColumns';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { HOSTILE, idEndingInX, listAll, seedPeople, TODAY } from './fixtures';

/** The xlsx export on real people from a real SQLite file, read back with ExcelJS as Excel would see it. */

const ALL = DEFAULT_ROSTER_VIEWS.find((v) => v.id === 'all')!;
const TWO = DEFAULT_ROSTER_VIEWS.find((v) => v.id === 'two-committees')!;
const OFFICE = { name: '红旗镇', code: '110101001' };

let ledger: TempLedger;
let saved: Person[];

beforeEach(() => {
  ledger = openTempLedger();
  saved = seedPeople(ledger);
});
afterEach(() => ledger.cleanup());

async function readBack(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function rowTexts(ws: ExcelJS.Worksheet, n: number): string[] {
  const row = ws.getRow(n);
  return Array.from({ length: ws.columnCount }, (_, i) => String(row.getCell(i + 1).value ?? ''));
}

/** Finds the data row of a person by the hidden record-id column. */
function rowOf(ws: ExcelJS.Worksheet, personId: string): ExcelJS.Row {
  const idCol = ws.columnCount;
  for (let r = 4; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(idCol).value === personId) return ws.getRow(r);
  throw new Error(`no row for ${personId}`);
}

function cellOf(ws: ExcelJS.Worksheet, view: RosterView, personId: string, key: string): ExcelJS.Cell {
  return rowOf(ws, personId).getCell(view.columns.indexOf(key) + 2);
}

async function exportBoth(options: { maskIdNumbers?: boolean } = {}): Promise<string> {
  const file = join(ledger.dir, '花名册.xlsx');
  const summary = await exportRosterViews(
    file,
    [
      { view: ALL, people: listAll(ledger) },
      { view: TWO, people: listAll(ledger, '村（社区）两委成员') },
    ],
    { office: OFFICE, today: TODAY, appVersion: '0.1.0', ...options },
  );
  expect(summary).toMatchObject({ rows: 6, sheets: [{ name: '全部人员', rows: 4 }, { name: '两委花名册', rows: 2 }] });
  return file;
}

describe('roster xlsx export', () => {
  it('writes the official layout: merged title, 填报单位 / 填报日期, header, signature line', async () => {
    const wb = await readBack(await exportBoth());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['全部人员', '两委花名册', '导出信息']);

    const ws = wb.getWorksheet('两委花名册')!;
    const visible = TWO.columns.length + 1;
    const lastVisible = ws.getColumn(visible).letter;
    expect(ws.getCell('A1').value).toBe('红旗镇村（社区）“两委”成员花名册');
    expect(ws.getCell('A1').font).toMatchObject({ name: '宋体', bold: true, size: 18 });
    expect(ws.getCell('A1').alignment).toMatchObject({ horizontal: 'center' });
    expect(ws.model.merges).toContain(`A1:${lastVisible}1`);
    expect(ws.getCell(`${lastVisible}1`).isMerged).toBe(true);

    expect(ws.getCell('A2').value).toBe('填报单位（盖章）：红旗镇');
    const right = ws.getRow(2).getCell(Math.floor(visible / 2) + 1);
    expect(right.value).toBe('填报日期：2026年11月22日');
    expect(right.alignment).toMatchObject({ horizontal: 'right' });

    expect(rowTexts(ws, 3)).toEqual(['序号', ...TWO.columns.map((k) => rosterColumn(k)!.label), '记录编号']);
    expect(ws.getCell('B3').font).toMatchObject({ bold: true });
    expect(ws.getCell('B3').border).toMatchObject({ top: { style: 'thin' }, bottom: { style: 'thin' } });
    expect(ws.getCell('B3').alignment).toMatchObject({ wrapText: true });

    // Data starts on row 4, numbered from 1, bordered; the signature line follows one blank row later.
    expect(ws.getCell('A4').value).toBe(1);
    expect(ws.getCell('A5').value).toBe(2);
    expect(ws.getCell('B4').border).toMatchObject({ left: { style: 'thin' }, right: { style: 'thin' } });
    expect(ws.getCell('A6').value).toBeNull();
    expect(String(ws.getCell('A7').value)).toMatch(/^填报人：\s*审核人：\s*联系电话：$/);
    expect(ws.model.merges).toContain(`A7:${lastVisible}7`);
  });

  it('keeps ID numbers, phones and dates as text with all their digits', async () => {
    const wb = await readBack(await exportBoth());
    const ws = wb.getWorksheet('全部人员')!;
    const zhang = saved[0]!;
    const id = cellOf(ws, ALL, zhang.id, 'idNumber');
    expect(id.type).toBe(ExcelJS.ValueType.String);
    expect(id.value).toBe('110101198001010010');
    expect(id.numFmt).toBe('@');
    const wang = saved[2]!;
    expect(cellOf(ws, ALL, wang.id, 'idNumber').value).toBe(idEndingInX('19700101'));
    const phone = cellOf(ws, ALL, zhang.id, 'phone');
    expect(phone.type).toBe(ExcelJS.ValueType.String);
    expect(phone.value).toBe('13800138000');
    expect(cellOf(ws, ALL, zhang.id, 'birthDate').value).toBe('1980.01');
    expect(cellOf(ws, ALL, zhang.id, 'politicalStatus').value).toBe('中共党员');
    // Text format on the whole column too, so rows a clerk adds by hand stay text.
    expect(ws.getColumn(ALL.columns.indexOf('idNumber') + 2).numFmt).toBe('@');
  });

  it('masks ID numbers only when asked (exports for the county need them whole)', async () => {
    const wb = await readBack(await exportBoth({ maskIdNumbers: true }));
    const ws = wb.getWorksheet('全部人员')!;
    expect(cellOf(ws, ALL, saved[0]!.id, 'idNumber').value).toBe('110101********0010');
    expect(wb.getWorksheet('导出信息')!.getColumn(2).values).toContain('已部分隐藏');
  });

  it('never writes a formula, and neutralises cells starting with = + - @', async () => {
    const wb = await readBack(await exportBoth());
    let cells = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow({ includeEmpty: false }, (row) =>
        row.eachCell({ includeEmpty: false }, (cell) => {
          cells++;
          expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula, `${ws.name}!${cell.address}`).toBeUndefined();
          if (typeof cell.value === 'string') expect(cell.value, `${ws.name}!${cell.address}`).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
        }),
      );
    }
    expect(cells).toBeGreaterThan(50);
    const ws = wb.getWorksheet('全部人员')!;
    const [zhang, li, wang] = saved as [Person, Person, Person];
    expect(cellOf(ws, ALL, li.id, 'unit').value).toBe(`'${HOSTILE.plus}`);
    expect(cellOf(ws, ALL, li.id, 'post').value).toBe(`'${HOSTILE.minus}`);
    expect(cellOf(ws, ALL, wang.id, 'post').value).toBe("'=1+1");
    const notes = wb.getWorksheet('两委花名册')!;
    // 两委花名册 has no note column; the 全部人员 view neither — use a view that does.
    expect(notes.getRow(3).values).not.toContain('备注');
    const withNotes: RosterView = { ...ALL, id: 'notes', name: '备注', columns: ['name', 'nativePlace', 'note'] };
    const file = join(ledger.dir, 'notes.xlsx');
    await exportRoster(file, withNotes, listAll(ledger), { office: OFFICE, today: TODAY });
    const ns = (await readBack(file)).getWorksheet('备注')!;
    expect(cellOf(ns, withNotes, zhang.id, 'note').value).toBe(`'${HOSTILE.hyperlink}`);
    expect(cellOf(ns, withNotes, li.id, 'nativePlace').value).toBe(`'${HOSTILE.at}`);
    // In-cell line breaks are LF in xlsx.
    expect(cellOf(ns, withNotes, li.id, 'note').value).toBe(HOSTILE.quoted.replace('\r\n', '\n'));
    expect(cellOf(ns, withNotes, wang.id, 'note').value).toBe(`'${HOSTILE.fullWidth}`);
  });

  it('sets up printing: A4 landscape, one page wide, header row repeated, page numbers, margins', async () => {
    const wb = await readBack(await exportBoth());
    const ws = wb.getWorksheet('全部人员')!;
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    expect(ws.pageSetup.margins).toMatchObject({ left: 0.6, right: 0.6, top: 0.8, bottom: 0.8 });
    expect(ws.headerFooter.oddFooter).toContain('第 &P 页 共 &N 页');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('sizes columns from RosterColumn.width and hides the record-id column', async () => {
    const wb = await readBack(await exportBoth());
    const ws = wb.getWorksheet('全部人员')!;
    expect(ws.getColumn(1).width).toBe(6);
    ALL.columns.forEach((key, i) => expect(ws.getColumn(i + 2).width, key).toBe(rosterColumn(key)!.width));
    const idCol = ws.getColumn(ALL.columns.length + 2);
    expect(idCol.hidden).toBe(true);
    expect(ws.getCell(3, idCol.number).value).toBe('记录编号');
    const ids = saved.map((p) => p.id).sort();
    const exported = Array.from({ length: 4 }, (_, i) => String(ws.getCell(4 + i, idCol.number).value)).sort();
    expect(exported).toEqual(ids);
  });

  it('adds a 导出信息 sheet with time, office, version and row counts', async () => {
    const wb = await readBack(await exportBoth());
    const info = wb.getWorksheet('导出信息')!;
    const pairs = new Map<string, unknown>();
    info.eachRow((row) => pairs.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(pairs.get('导出时间')).toBe('2026-11-22 09:30:00');
    expect(pairs.get('单位名称')).toBe('红旗镇');
    expect(pairs.get('单位代码')).toBe('110101001');
    expect(pairs.get('程序版本')).toBe('0.1.0');
    expect(pairs.get('身份证号')).toBe('完整');
    expect(pairs.get('总人数')).toBe(6);
    const sheetRows = new Map<string, unknown>();
    info.eachRow((row) => sheetRows.set(String(row.getCell(1).value), row.getCell(3).value));
    expect(sheetRows.get('全部人员')).toBe(4);
    expect(sheetRows.get('两委花名册')).toBe(2);
  });

  it('writes an empty roster with its header and signature line', async () => {
    const file = join(ledger.dir, 'empty.xlsx');
    const summary = await exportRoster(file, { ...TWO, categories: ['无此类别'] }, [], { office: OFFICE, today: TODAY });
    expect(summary.rows).toBe(0);
    const ws = (await readBack(file)).worksheets[0]!;
    expect(ws.getCell('A3').value).toBe('序号');
    expect(String(ws.getCell('A5').value)).toContain('填报人');
  });

  it('never leaves a half-written file: a failure keeps the old file and removes the temp file', async () => {
    const file = join(ledger.dir, 'roster.xlsx');
    writeFileSync(file, 'previous export');
    async function* failing(): AsyncGenerator<Person> {
      yield saved[0]!;
      throw new Error('U 盘已拔出');
    }
    await expect(exportRoster(file, ALL, failing(), { office: OFFICE, today: TODAY })).rejects.toThrow('U 盘已拔出');
    expect(readFileSync(file, 'utf8')).toBe('previous export');
    expect(readdirSync(ledger.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await expect(exportRoster(join(ledger.dir, 'no-such-dir', 'x.xlsx'), ALL, [], { office: OFFICE })).rejects.toThrow();
    expect(existsSync(join(ledger.dir, 'no-such-dir'))).toBe(false);
  });

  it('makes sheet names Excel accepts and keeps them unique', () => {
    const taken = new Set<string>();
    expect(uniqueSheetName('两委/班子[2026]', taken)).toBe('两委_班子_2026_');
    expect(uniqueSheetName('两委/班子[2026]', taken)).toBe('两委_班子_2026__2');
    expect(uniqueSheetName('导出信息', taken)).toBe('导出信息_2');
    expect(uniqueSheetName('一'.repeat(40), taken)).toHaveLength(31);
  });
});
