import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { dispatch } from '../../../src/core/dispatch';
import type { Input, Method, Output } from '../../../src/shared/contract';
import type { LedgerError, Result } from '../../../src/shared/result';
import type { Course, CourseSession } from '../../../src/shared/training';
import { openTempLedger, syntheticId, type TempLedger } from '../../helpers/ledger';
import { addSession } from '../../helpers/training';

/** A small roster, a course with three sessions, and the messy workbooks villages send back. */

export const IDS = {
  zhang: syntheticId('19800101', '001'),
  li: syntheticId('19810202', '003'),
  wangEast: syntheticId('19820303', '002'),
  wangWest: syntheticId('19830404', '004'),
  zhao: '', // found below: an ID ending in X
  qian: syntheticId('19850606', '005'),
  zhou: syntheticId('19860707', '007'),
  wu: syntheticId('19870808', '009'),
  outsider: syntheticId('19900101', '011'),
};

/** An ID whose check character is X, to be written with a lower-case x. */
function idEndingInX(): string {
  for (let seq = 100; seq < 999; seq++) {
    const id = syntheticId('19790909', String(seq));
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X id');
}
IDS.zhao = idEndingInX();

export interface Roster {
  townId: string;
  eastId: string;
  westId: string;
  people: Record<'zhang' | 'li' | 'wangEast' | 'wangWest' | 'zhao' | 'qian' | 'zhou' | 'wu', string>;
}

export function seedRoster(ledger: TempLedger): Roster {
  ledger.must('setOffice', { name: '青山镇', code: null });
  const town = ledger.must('saveUnit', { name: '青山镇', kind: '乡镇' });
  const east = ledger.must('saveUnit', { name: '东村', kind: '村', parentId: town.id });
  const west = ledger.must('saveUnit', { name: '西村', kind: '村', parentId: town.id });
  const add = (name: string, idNumber: string, unit: { id: string; name: string }, extra: Partial<Input<'savePerson'>> = {}) =>
    ledger.must('savePerson', { name, idNumber, unitId: unit.id, unit: unit.name, politicalStatus: '中共党员', phone: null, ...extra }).id;
  return {
    townId: town.id,
    eastId: east.id,
    westId: west.id,
    people: {
      zhang: add('张三', IDS.zhang, east, { categories: ['村（社区）两委成员'], post: '村党组织书记', phone: '13800138000' }),
      li: add('李四', IDS.li, west),
      wangEast: add('王芳', IDS.wangEast, east, { phone: '13900000001' }),
      wangWest: add('王芳', IDS.wangWest, west, { phone: '13900000002' }),
      zhao: add('赵六', IDS.zhao, town, { politicalStatus: '群众', categories: ['乡镇公务员'], post: '党政办科员' }),
      qian: add('钱七', IDS.qian, east),
      zhou: add('周八', IDS.zhou, east),
      wu: add('吴九', IDS.wu, west),
    },
  };
}

export interface CourseFixture {
  course: Course;
  sessions: CourseSession[];
}

/** 2026-03-02 上午/下午 and 2026-03-03 上午, 4 学时 each. */
export function seedCourse(ledger: TempLedger, name = '2026年村干部集中轮训班'): CourseFixture {
  const course = ledger.must('saveCourse', { name, kind: '集中轮训', organizer: '中共青山镇委员会', location: '镇党校', startDate: '2026-03-02', endDate: '2026-03-03' });
  const sessions = [
    addSession(ledger, course.id, '2026-03-02', '上午', 4, { topic: '学习党的二十大精神', teacher: '刘老师' }),
    addSession(ledger, course.id, '2026-03-02', '下午', 4, { topic: '乡村振兴政策解读' }),
    addSession(ledger, course.id, '2026-03-03', '上午', 4, { topic: '基层党建实务' }),
  ];
  return { course, sessions };
}

/** A fresh ledger file with the roster and the course seeded: each test's starting point. */
export function openCourseLedger(): { ledger: TempLedger; roster: Roster; fx: CourseFixture } {
  const ledger = openTempLedger();
  return { ledger, roster: seedRoster(ledger), fx: seedCourse(ledger) };
}

/** Awaits any handler (sync or async) through dispatch, as IPC and HTTP do. */
export async function callApi<M extends Method>(ledger: TempLedger, method: M, input: Input<M>): Promise<Result<Output<M>>> {
  return (await dispatch(ledger.api, method, input, (e) => {
    throw e;
  })) as Result<Output<M>>;
}

export async function must<M extends Method>(ledger: TempLedger, method: M, input: Input<M>): Promise<Output<M>> {
  const r = await callApi(ledger, method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.data;
}

export async function refuse<M extends Method>(ledger: TempLedger, method: M, input: Input<M>): Promise<LedgerError> {
  const r = await callApi(ledger, method, input);
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
  return r.error;
}

export function stage(ledger: TempLedger, path: string, name: string): string {
  return ledger.must('stageImportFile', { name, dataBase64: readFileSync(path).toString('base64') }).fileId;
}

/** The village's sign-in sheet as typed up: title, merged 填报单位 line, two-level date header, footers. */
export async function writeMessyWorkbook(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填表说明').getCell('A1').value = '请按模板填写，身份证号请设置为文本格式';
  const ws = wb.addWorksheet('签到汇总');
  ws.getCell('A1').value = '青山镇2026年村干部集中轮训班签到汇总表';
  ws.mergeCells('A1:I1');
  ws.getCell('A2').value = '填报单位（盖章）：青山镇党委组织办';
  ws.mergeCells('A2:E2');
  ws.getCell('F2').value = '填报日期：2026年3月3日';
  ws.mergeCells('F2:I2');
  ws.getRow(3).values = ['序号', '姓  名', '公民身份号码', '单位', '手机号码', '3月2日', null, '3月3日上午', '请假原因'];
  ws.mergeCells('F3:G3');
  ws.getRow(4).values = [null, null, null, null, null, '上午', '下午', null, null];
  const spaced = (id: string) => `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
  const rows: (string | number | null)[][] = [
    [1, '张三', spaced(IDS.zhang), '东村', '13800138000', '√', '√', '出席', null], // 5
    [2, '李四', IDS.li, '西村', null, '请假', '请假', '到', '外出务工'], // 6
    [3, '赵六', IDS.zhao.toLowerCase(), '镇政府', null, '出席', '缺席', '×', null], // 7
    [4, '孙悟空', IDS.outsider, '花果山村', null, '√', null, null, null], // 8 not on the roster
    [5, '王芳', null, null, null, '√', '√', '√', null], // 9 two 王芳, nothing to tell them apart
    [6, '王芳', null, '西村', null, '√', null, null, null], // 10 西村's 王芳
    [7, '张三', IDS.zhang, '东村', null, '√', null, null, null], // 11 张三 again
    [8, '钱七', IDS.qian.slice(0, 17) + (IDS.qian.endsWith('1') ? '2' : '1'), '东村', null, '√', null, null, null], // 12 bad check digit
    [9, '周八', null, null, null, '请假', null, null, null], // 13 请假 without a reason
    [10, '吴九', null, null, null, '迟到', '好的', null, null], // 14 unknown mark
  ];
  rows.forEach((values, i) => (ws.getRow(5 + i).values = values));
  ws.getCell('C5').numFmt = '@';
  // Row 15 blank; then the footers.
  ws.getCell('A16').value = '制表人：张丽    审核人：王强';
  ws.getCell('A17').value = '说明：请假须注明原因';
  await wb.xlsx.writeFile(path);
}

/** A plain participant list: who joins, no attendance. */
export async function writeParticipantList(path: string, rows: (string | null)[][], header = ['序号', '姓名', '身份证号', '单位', '联系电话']): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  ws.getRow(1).values = header;
  rows.forEach((r, i) => (ws.getRow(i + 2).values = [String(i + 1), ...r]));
  for (let r = 2; r <= rows.length + 1; r++) ws.getCell(r, 3).numFmt = '@';
  await wb.xlsx.writeFile(path);
}
