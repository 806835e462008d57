import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTrainingFile } from '../../../src/core/training/excel/readTrainingFile';
import type { TempLedger } from '../../helpers/ledger';
import { IDS, must, refuse, openCourseLedger, stage, type CourseFixture, type Roster } from './excelFixtures';

/** The course roster with attendance, its timetable, and the yearly ledger as xlsx, read back with ExcelJS. */

let ledger: TempLedger;
let roster: Roster;
let fx: CourseFixture;

beforeEach(() => {
  ({ ledger, roster, fx } = openCourseLedger());
  const p = roster.people;
  ledger.must('enrol', { courseId: fx.course.id, personIds: [p.zhang, p.li, p.zhao] });
  const [s1, s2, s3] = fx.sessions;
  ledger.must('recordAttendance', { sessionId: s1!.id, entries: [{ personId: p.zhang, status: '出席' }, { personId: p.li, status: '请假', reason: '病假' }, { personId: p.zhao, status: '出席' }] });
  ledger.must('recordAttendance', { sessionId: s2!.id, entries: [{ personId: p.zhang, status: '出席' }, { personId: p.li, status: '缺席' }, { personId: p.zhao, status: '迟到' }] });
  ledger.must('recordAttendance', { sessionId: s3!.id, entries: [{ personId: p.zhang, status: '出席' }] });
});
afterEach(() => ledger.cleanup());

async function workbook(dataBase64: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(dataBase64, 'base64') as unknown as ArrayBuffer);
  return wb;
}

function rowValues(ws: ExcelJS.Worksheet, row: number): unknown[] {
  return (ws.getRow(row).values as unknown[]).slice(1);
}

describe('exportCourse', () => {
  it('writes the course roster in the official layout with one column per session, IDs masked by default', async () => {
    const out = await must(ledger, 'exportCourse', { courseId: fx.course.id });
    expect(out.rows).toBe(3);
    expect(out.fileName).toMatch(/^2026年村干部集中轮训班_参训人员名单_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = await workbook(out.dataBase64);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['参训人员名单', '课程安排']);
    const ws = wb.getWorksheet('参训人员名单')!;
    expect(ws.getCell('A1').value).toBe('《2026年村干部集中轮训班》参训人员名单');
    expect(ws.getCell('A2').value).toBe('填报单位（盖章）：青山镇');
    expect(String(ws.getRow(2).values)).toContain('填报日期：');
    expect(rowValues(ws, 3)).toEqual(['序号', '姓名', '性别', '身份证号', '单位', '职务', '联系电话', '3月2日\n上午', '3月2日\n下午', '3月3日\n上午', '实际学时', '认定学时', '考核结果', '备注']);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');

    const zhang = rowValues(ws, 4);
    expect(zhang.slice(0, 7)).toEqual(['1', '张三', '男', `${IDS.zhang.slice(0, 6)}********${IDS.zhang.slice(-4)}`, '东村', '村党组织书记', '13800138000']);
    expect(zhang.slice(7, 12)).toEqual(['出席', '出席', '出席', 12, 12]);
    const li = rowValues(ws, 5);
    expect(li.slice(7, 12)).toEqual(['请假（病假）', '缺席', '', 0, 0]);
    const zhao = rowValues(ws, 6);
    expect(zhao.slice(7, 10)).toEqual(['出席', '迟到', '']);
    // IDs and phones are text cells in Text format: Excel never turns them into numbers.
    expect(typeof ws.getCell('D4').value).toBe('string');
    expect(ws.getCell('D4').numFmt).toBe('@');
    expect(ws.getCell('G4').numFmt).toBe('@');
    expect(String(ws.getCell('A8').value)).toMatch(/^合计：应到 3 人；各场次实到\/应到：2\/3，2\/3，1\/3/);

    const timetable = wb.getWorksheet('课程安排')!;
    expect(timetable.getCell('A1').value).toBe('《2026年村干部集中轮训班》课程安排');
    expect(rowValues(timetable, 3)).toEqual(['序号', '日期', '时段', '时间', '课程题目', '授课人', '地点', '学时', '实到', '请假', '缺席']);
    expect(rowValues(timetable, 4)).toEqual(['1', '2026-03-02', '上午', '08:30–12:00', '学习党的二十大精神', '刘老师', '镇党校', 4, 2, 1, 0]);
    expect(rowValues(timetable, 6).slice(0, 3)).toEqual(['3', '2026-03-03', '上午']);
  });

  it('gives full IDs when asked, and neutralises formula-like text from names, notes and the course title', async () => {
    const c = fx.course;
    ledger.must('saveCourse', { id: c.id, name: '=HYPERLINK("http://x","点我")培训班', kind: c.kind, startDate: c.startDate, endDate: c.endDate, location: c.location });
    const e = ledger.must('listEnrolments', { courseId: fx.course.id })[0]!;
    ledger.must('saveEnrolmentResult', { id: e.id, result: '合格', note: '+1 不是公式', hoursOverride: 10, overrideReason: '@补学' });
    const li = ledger.must('listEnrolments', { courseId: fx.course.id })[1]!;
    ledger.must('saveEnrolmentResult', { id: li.id, note: '=1+2' });
    ledger.must('savePerson', { id: roster.people.li, post: '-SUM(A1:A3)' });
    const out = await must(ledger, 'exportCourse', { courseId: fx.course.id, maskIdNumbers: false });
    const ws = (await workbook(out.dataBase64)).getWorksheet('参训人员名单')!;
    expect(ws.getCell('A1').value).toBe('《=HYPERLINK("http://x","点我")培训班》参训人员名单');
    expect(ws.getCell('B4').value).toBe('张三');
    expect(ws.getCell('D4').value).toBe(IDS.zhang);
    const row = rowValues(ws, 4);
    expect(row.slice(10, 13)).toEqual([12, 10, '合格']);
    expect(row[13]).toBe('认定学时调整：@补学；+1 不是公式');
    expect(ws.getCell('F5').value).toBe("'-SUM(A1:A3)");
    expect(ws.getCell('N5').value).toBe("'=1+2");
    // Every cell of the sheet: no formula, and nothing starting with = + - @ unless behind an apostrophe.
    ws.eachRow((r) =>
      r.eachCell((c) => {
        expect(c.formula).toBeUndefined();
        if (typeof c.value === 'string') expect(c.value).not.toMatch(/^[=+\-@]/);
      }),
    );
    const title = await must(ledger, 'exportCourse', { courseId: fx.course.id });
    expect((await workbook(title.dataBase64)).worksheets[1]!.getCell('A1').value).toBe('《=HYPERLINK("http://x","点我")培训班》课程安排');
  });

  it('round-trips: the exported roster imports back into the course as no change', async () => {
    const out = await must(ledger, 'exportCourse', { courseId: fx.course.id });
    const file = join(ledger.dir, out.fileName);
    writeFileSync(file, Buffer.from(out.dataBase64, 'base64'));
    const preview = await must(ledger, 'previewTrainingImport', { fileId: stage(ledger, file, out.fileName), courseId: fx.course.id });
    expect(preview.headerRow).toBe(3);
    expect(preview.rejected).toEqual([]);
    expect(preview.counts).toMatchObject({ rows: 3, alreadyEnrolled: 3, enrolled: 0, attendanceCreated: 0, attendanceUpdated: 0, attendanceUnchanged: 7, ignored: 3 });
  });

  it('reads its own export back every time (exceljs#3064: workbook.xml is the last zip entry ExcelJS writes)', async () => {
    const out = await must(ledger, 'exportCourse', { courseId: fx.course.id });
    const file = join(ledger.dir, 'again.xlsx');
    writeFileSync(file, Buffer.from(out.dataBase64, 'base64'));
    for (let i = 0; i < 25; i++) {
      const read = await readTrainingFile(file, 'again.xlsx');
      expect(read.rows).toHaveLength(3);
    }
  });

  it('refuses an unknown course in Chinese', async () => {
    const error = await refuse(ledger, 'exportCourse', { courseId: '01900000-0000-7000-8000-000000000000' });
    expect(error.message).toBe('找不到该培训班');
  });
});

describe('exportTrainingLedger', () => {
  it('writes the yearly ledger with hours per ledger, requirement, shortfall and rules; IDs masked by default', async () => {
    const out = await must(ledger, 'exportTrainingLedger', { year: 2026 });
    const ws = (await workbook(out.dataBase64)).worksheets[0]!;
    expect(ws.name).toBe('学时台账');
    expect(ws.getCell('A1').value).toBe('青山镇2026年度学时台账');
    expect(rowValues(ws, 3)).toEqual(['序号', '姓名', '身份证号', '单位', '职务', '党员教育培训学时', '干部教育培训学时', '应完成学时', '差额', '适用规则']);
    const rows = new Map<string, unknown[]>();
    for (let r = 4; r < 4 + out.rows; r++) rows.set(`${ws.getCell(r, 2).value}${ws.getCell(r, 4).value}`, rowValues(ws, r));
    // 张三: party member and 两委 member, 12 学时: the 56 rule is the stricter one.
    expect(rows.get('张三东村')!.slice(2, 9)).toEqual([`${IDS.zhang.slice(0, 6)}********${IDS.zhang.slice(-4)}`, '东村', '村党组织书记', 12, 12, 56, 44]);
    expect(rows.get('张三东村')![9]).toContain('基层党组织书记和班子成员（党员教育培训，应完成56学时，已完成12学时，差44学时）');
    // 赵六: 乡镇公务员, not a party member: 90 学时 or 12 days × 8 = 96, so 90; 8 学时 earned (迟到 counts).
    expect(rows.get('赵六青山镇')!.slice(5, 9)).toEqual([8, 8, 90, 82]);
    expect(out.rows).toBe(rows.size);
  });

  it('lists only those behind, for one unit and one ledger, with full IDs when asked', async () => {
    const out = await must(ledger, 'exportTrainingLedger', { year: 2026, unitId: roster.eastId, ledger: '党员教育培训', shortfallOnly: true, maskIdNumbers: false });
    const ws = (await workbook(out.dataBase64)).worksheets[0]!;
    expect(ws.name).toBe('未达标人员名单');
    expect(ws.getCell('A1').value).toBe('东村2026年度党员教育培训学时未达标人员名单');
    expect(rowValues(ws, 3)).toEqual(['序号', '姓名', '身份证号', '单位', '职务', '党员教育培训学时', '应完成学时', '差额', '适用规则']);
    const names = Array.from({ length: out.rows }, (_, i) => String(ws.getCell(4 + i, 2).value)).sort();
    expect(names).toEqual(['张三', '周八', '王芳', '钱七'].sort());
    expect(ws.getCell(4, 3).numFmt).toBe('@');
    expect(String(ws.getCell(4, 3).value)).toMatch(/^\d{17}[\dX]$/);
  });
});
