import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toGb18030 } from '../../fixtures/buildBadFiles';
import { CJK } from '../../helpers/cjk';
import type { TempLedger } from '../../helpers/ledger';
import { callApi, IDS, must, refuse, openCourseLedger, stage, writeMessyWorkbook, writeParticipantList, type CourseFixture, type Roster } from './excelFixtures';

/** Importing participant lists and attendance sheets into a course: preview, commit, undo, on a real ledger file. */

let ledger: TempLedger;
let roster: Roster;
let fx: CourseFixture;

beforeEach(() => {
  ({ ledger, roster, fx } = openCourseLedger());
});
afterEach(() => ledger.cleanup());

function courseTables() {
  const dump = (sql: string) => ledger.db.prepare(sql).all();
  return {
    enrolments: dump('SELECT * FROM enrolments ORDER BY id'),
    attendance: dump('SELECT * FROM attendance ORDER BY id'),
  };
}

function batches() {
  return ledger.db.prepare('SELECT COUNT(*) AS n FROM import_batches').get() as { n: number };
}

/** 张三 already in the course, marked 缺席 for the first session: the sheet turns that into 出席. */
function enrolZhang(): void {
  ledger.must('enrol', { courseId: fx.course.id, personIds: [roster.people.zhang] });
  ledger.must('recordAttendance', { sessionId: fx.sessions[0]!.id, entries: [{ personId: roster.people.zhang, status: '缺席' }] });
}

describe('training import: the messy sign-in workbook', () => {
  it('previews every row: matches by ID (spaces, lower-case x) and by name, reports each problem by Excel row, writes nothing', async () => {
    enrolZhang();
    const file = join(ledger.dir, '签到汇总.xlsx');
    await writeMessyWorkbook(file);
    const fileId = stage(ledger, file, '签到汇总.xlsx');
    const before = courseTables();
    const preview = await must(ledger, 'previewTrainingImport', { fileId, courseId: fx.course.id });
    expect(courseTables()).toEqual(before);
    expect(batches().n).toBe(0);

    expect(preview.sheet).toBe('签到汇总');
    expect(preview.headerRow).toBe(4);
    expect(preview.needsSession).toBe(false);
    expect(preview.columns.filter((c) => c.kind === 'session').map((c) => [c.letter, c.sessionLabel])).toEqual([
      ['F', '2026-03-02 上午'],
      ['G', '2026-03-02 下午'],
      ['H', '2026-03-03 上午'],
    ]);
    expect(preview.counts).toEqual({
      rows: 10,
      enrolled: 3,
      alreadyEnrolled: 1,
      rejected: 6,
      attendanceCreated: 9,
      attendanceUpdated: 1,
      attendanceUnchanged: 0,
      ignored: 3,
    });
    // Counts add up to the rows read.
    expect(preview.counts.enrolled + preview.counts.alreadyEnrolled + preview.counts.rejected).toBe(preview.counts.rows);
    expect(preview.entries.map((e) => [e.row, e.name, e.personId])).toEqual([
      [5, '张三', roster.people.zhang],
      [6, '李四', roster.people.li],
      [7, '赵六', roster.people.zhao],
      [10, '王芳', roster.people.wangWest],
    ]);
    const li = preview.entries.find((e) => e.name === '李四')!;
    expect(li.attendance.map((a) => [a.status, a.reason])).toEqual([
      ['请假', '外出务工'],
      ['请假', '外出务工'],
      ['出席', null],
    ]);
    expect(preview.entries[0]!.attendance.map((a) => a.change)).toEqual(['update', 'create', 'create']);

    const byRow = new Map<number, string>();
    for (const p of preview.rejected) byRow.set(p.row, `${byRow.get(p.row) ?? ''}${p.field}${p.message}`);
    expect([...byRow.keys()]).toEqual([8, 9, 11, 12, 13, 14]);
    expect(byRow.get(8)).toContain('不在干部花名册中');
    expect(byRow.get(8)).toContain('公民身份号码（C列）');
    expect(byRow.get(9)).toMatch(/花名册中有2名“王芳”.*东村.*西村/);
    expect(byRow.get(11)).toContain('与第5行是同一人');
    expect(byRow.get(12)).toContain('校验位');
    expect(byRow.get(13)).toContain('请假，但没有写明原因');
    expect(byRow.get(14)).toContain('无法识别的考勤“好的”');
    expect(byRow.get(14)).toContain('（G列）');
    for (const p of [...preview.rejected, ...preview.warnings]) expect(p.message).toMatch(CJK);
  });

  it('commits the good rows in one transaction, logs the batch, and undo puts the course back exactly', async () => {
    enrolZhang();
    const file = join(ledger.dir, '签到汇总.xlsx');
    await writeMessyWorkbook(file);
    const fileId = stage(ledger, file, '签到汇总.xlsx');
    const before = courseTables();
    const result = await must(ledger, 'commitTrainingImport', { fileId, courseId: fx.course.id });
    expect(result.importId).toBeTruthy();
    expect(result.counts.enrolled).toBe(3);

    const enrolments = ledger.must('listEnrolments', { courseId: fx.course.id });
    expect(enrolments.map((e) => e.name)).toEqual(['张三', '李四', '赵六', '王芳']);
    expect(enrolments.find((e) => e.name === '张三')!.attendedHours).toBe(12);
    expect(enrolments.find((e) => e.name === '李四')!.leaveHours).toBe(8);
    const first = ledger.must('getSessionAttendance', { sessionId: fx.sessions[0]!.id });
    expect(first.rows.find((r) => r.name === '李四')).toMatchObject({ status: '请假', reason: '外出务工' });
    const changes = ledger.db.prepare('SELECT table_name, action, COUNT(*) AS n FROM import_changes GROUP BY 1, 2 ORDER BY 1, 2').all();
    expect(changes).toEqual([
      { table_name: 'attendance', action: 'insert', n: 9 },
      { table_name: 'attendance', action: 'update', n: 1 },
      { table_name: 'enrolments', action: 'insert', n: 3 },
    ]);
    const history = ledger.must('listTrainingImports', { courseId: fx.course.id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ fileName: '签到汇总.xlsx', undoneAt: null, counts: { enrolled: 3 } });

    // The same file again changes nothing, and says so; it stays in the history but is not what undo takes back.
    const again = await must(ledger, 'commitTrainingImport', { fileId, courseId: fx.course.id });
    expect(again.counts).toMatchObject({ enrolled: 0, alreadyEnrolled: 4, attendanceCreated: 0, attendanceUpdated: 0, attendanceUnchanged: 10 });
    expect(ledger.must('listTrainingImports', { courseId: fx.course.id }).map((r) => r.changes)).toEqual([0, 13]);

    // The yearly ledger (cached per connection) follows the import and its undo on the same connection.
    const hoursOf = (personId: string) => ledger.must('trainingLedger', { year: 2026, limit: 1000 }).items.find((r) => r.personId === personId)!.hours;
    expect(hoursOf(roster.people.zhang)).toBe(12);
    const undone = await must(ledger, 'undoLastTrainingImport', { courseId: fx.course.id });
    expect(hoursOf(roster.people.zhang)).toBe(0);
    expect(undone).toMatchObject({ unenrolled: 3, attendanceRemoved: 9, attendanceRestored: 1 });
    expect(courseTables()).toEqual(before);
    expect(ledger.must('listTrainingImports', { courseId: fx.course.id })[1]!.undoneAt).not.toBeNull();
    const nothing = await refuse(ledger, 'undoLastTrainingImport', { courseId: fx.course.id });
    expect(nothing.message).toContain('没有可以撤销的导入');
  });

  it('refuses to undo once a row it wrote was changed since, and changes nothing', async () => {
    const file = join(ledger.dir, '签到汇总.xlsx');
    await writeMessyWorkbook(file);
    await must(ledger, 'commitTrainingImport', { fileId: stage(ledger, file, '签到汇总.xlsx'), courseId: fx.course.id });
    ledger.must('recordAttendance', { sessionId: fx.sessions[1]!.id, entries: [{ personId: roster.people.zhao, status: '出席' }] });
    const after = courseTables();
    const refused = await refuse(ledger, 'undoLastTrainingImport', { courseId: fx.course.id });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('赵六 2026-03-02 下午的考勤在导入后又被修改');
    expect(refused.message).toContain('数据没有改动');
    expect(courseTables()).toEqual(after);

    // Put the mark back as imported? Its time moved on: still refused. A result entered for someone enrolled is too.
    const { ledger: other, roster: r2, fx: f2 } = openCourseLedger();
    try {
      const list = join(other.dir, '名单.xlsx');
      await writeParticipantList(list, [['李四', IDS.li, '西村', null]]);
      await must(other, 'commitTrainingImport', { fileId: stage(other, list, '名单.xlsx'), courseId: f2.course.id });
      const enrolment = other.must('listEnrolments', { courseId: f2.course.id })[0]!;
      expect(enrolment.personId).toBe(r2.people.li);
      other.must('saveEnrolmentResult', { id: enrolment.id, result: '合格' });
      const e2 = await refuse(other, 'undoLastTrainingImport', { courseId: f2.course.id });
      expect(e2.message).toContain('李四在导入后登记了考核结果');
    } finally {
      other.cleanup();
    }
  });
});

describe('training import: lists and single 签到 columns', () => {
  it('enrols a plain participant list, matching a masked ID from our own export by name', async () => {
    const masked = `${IDS.qian.slice(0, 6)}********${IDS.qian.slice(-4)}`;
    const list = join(ledger.dir, '名单.xlsx');
    await writeParticipantList(list, [
      ['钱七', masked, '东村', null],
      ['王芳', null, '东村', null],
      ['吴九', null, null, null],
    ]);
    const result = await must(ledger, 'commitTrainingImport', { fileId: stage(ledger, list, '名单.xlsx'), courseId: fx.course.id });
    expect(result.counts).toMatchObject({ rows: 3, enrolled: 3, rejected: 0, attendanceCreated: 0 });
    expect(ledger.must('listEnrolments', { courseId: fx.course.id }).map((e) => e.personId)).toEqual([roster.people.qian, roster.people.wangEast, roster.people.wu]);
    expect(ledger.db.prepare('SELECT COUNT(*) AS n FROM attendance').get()).toEqual({ n: 0 });
  });

  it('asks which session a single 签到 column records, refuses the commit until told, then records it', async () => {
    const csv = join(ledger.dir, '签到表.csv');
    // A GB18030 CSV, as WPS saves it on a Chinese Windows.
    writeFileSync(csv, toGb18030('序号,姓名,单位,签到,备注\r\n1,李四,西村,已签到,\r\n2,周八,东村,请假,病假\r\n3,吴九,西村,缺,\r\n'));
    const fileId = stage(ledger, csv, '签到表.csv');
    const preview = await must(ledger, 'previewTrainingImport', { fileId, courseId: fx.course.id });
    expect(preview.needsSession).toBe(true);
    expect(preview.warnings[0]!.message).toContain('请选择这一列记录的是哪个场次');
    const before = courseTables();
    const refused = await refuse(ledger, 'commitTrainingImport', { fileId, courseId: fx.course.id });
    expect(refused.message).toContain('数据没有改动');
    expect(courseTables()).toEqual(before);
    expect(batches().n).toBe(0);

    const session = fx.sessions[2]!;
    const done = await must(ledger, 'commitTrainingImport', { fileId, courseId: fx.course.id, sessionId: session.id });
    expect(done.counts).toMatchObject({ enrolled: 3, attendanceCreated: 3, rejected: 0 });
    const sheet = ledger.must('getSessionAttendance', { sessionId: session.id });
    expect(sheet.rows.map((r) => [r.name, r.status, r.reason])).toEqual([
      ['李四', '出席', null],
      ['周八', '请假', '病假'],
      ['吴九', '缺席', null],
    ]);
  });

  it('rejects a person already sitting in another course at the same time, and refuses a file with nothing to import', async () => {
    const other = ledger.must('saveCourse', { name: '同期党务培训', kind: '专题培训班', startDate: '2026-03-02', endDate: '2026-03-02' });
    ledger.must('saveSession', { courseId: other.id, date: '2026-03-02', period: '上午', hours: 3 });
    ledger.must('enrol', { courseId: other.id, personIds: [roster.people.qian] });
    const list = join(ledger.dir, '名单.xlsx');
    await writeParticipantList(list, [
      ['钱七', IDS.qian, '东村', null],
      ['查无此人', null, null, null],
    ]);
    const fileId = stage(ledger, list, '名单.xlsx');
    const preview = await must(ledger, 'previewTrainingImport', { fileId, courseId: fx.course.id });
    expect(preview.counts).toMatchObject({ rows: 2, rejected: 2, enrolled: 0 });
    expect(preview.rejected.find((p) => p.row === 2)!.message).toContain('同一时间已参加《同期党务培训》');
    expect(preview.rejected.find((p) => p.row === 3)!.message).toContain('花名册中没有“查无此人”');
    const before = courseTables();
    const refused = await refuse(ledger, 'commitTrainingImport', { fileId, courseId: fx.course.id });
    expect(refused.message).toContain('没有可以导入的行');
    expect(courseTables()).toEqual(before);
    expect(batches().n).toBe(0);
  });

  it('names a missing staged file and a deleted course in Chinese', async () => {
    const gone = await callApi(ledger, 'previewTrainingImport', { fileId: '01900000-0000-7000-8000-000000000000', courseId: fx.course.id });
    expect(!gone.ok && gone.error.message).toContain('找不到要导入的文件');
    const list = join(ledger.dir, '名单.xlsx');
    await writeParticipantList(list, [['李四', IDS.li, '西村', null]]);
    const fileId = stage(ledger, list, '名单.xlsx');
    ledger.must('deleteCourse', { id: fx.course.id });
    const refused = await refuse(ledger, 'commitTrainingImport', { fileId, courseId: fx.course.id });
    expect(refused.message).toContain('已删除');
  });
});
