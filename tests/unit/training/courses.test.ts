import { afterEach, describe, expect, it } from 'vitest';
import type { Input } from '../../../src/shared/contract';
import { countRows, openTempLedger, type TempLedger } from '../../helpers/ledger';
import { addSession, makeCourse, seedTownship } from '../../helpers/training';

let ledger: TempLedger;
afterEach(() => ledger?.cleanup());

function open(): TempLedger {
  ledger = openTempLedger();
  return ledger;
}

describe('courses', () => {
  it('saves a course with every field, normalising typed dates, and counts toward both ledgers by default', () => {
    open();
    const course = makeCourse(ledger, { startDate: '2026.3.2', endDate: '2026年3月4日', plannedHours: 24, fullTime: true, target: '村党组织书记', teachers: '县委党校 王老师' });
    expect(course).toMatchObject({ startDate: '2026-03-02', endDate: '2026-03-04', plannedHours: 24, fullTime: true, ledgers: ['党员教育培训', '干部教育培训'], rev: 1 });
    const again = ledger.must('saveCourse', { id: course.id, rev: 1, name: '改名后的培训班', kind: '专题培训班', startDate: '2026-03-02', endDate: '2026-03-04', ledgers: ['干部教育培训'] });
    expect(again).toMatchObject({ name: '改名后的培训班', rev: 2, ledgers: ['干部教育培训'], organizer: null });
  });

  it.each([
    [{ startDate: '2026-03-05', endDate: '2026-03-04' }, 'endDate', '结束日期 2026-03-04 早于开始日期 2026-03-05'],
    [{ startDate: '2026-02-30' }, 'startDate', '不是有效日期'],
    [{ startDate: '2026-03' }, 'startDate', '请写到日'],
    [{ startDate: '' }, 'startDate', '请填写开始日期'],
    [{ plannedHours: 0 }, 'plannedHours', '计划学时必须大于 0'],
    [{ plannedHours: -4 }, 'plannedHours', '计划学时必须大于 0'],
    [{ ledgers: [] }, 'ledgers', '请至少选择一个计入的学时台账'],
  ] as const)('refuses %j with a Chinese message on %s', (fields, field, message) => {
    open();
    const error = ledger.refuse('saveCourse', { name: '培训班', kind: '专题培训班', startDate: '2026-03-02', endDate: '2026-03-04', ...(fields as Partial<Input<'saveCourse'>>) });
    expect(error.code).toBe('VALIDATION');
    expect(error.issues?.find((i) => i.field === field)?.message).toContain(message);
    expect(countRows(ledger.db, 'courses')).toBe(0);
  });

  it('refuses an unknown course type and an empty name at the contract', () => {
    open();
    // Named as the course form names them, not with the person form's labels (姓名).
    expect(ledger.refuse('saveCourse', { name: '培训班', kind: '旅游' as never, startDate: '2026-03-02', endDate: '2026-03-04' }).message).toContain('培训类型：取值无效');
    expect(ledger.refuse('saveCourse', { name: '  ', kind: '专题培训班', startDate: '2026-03-02', endDate: '2026-03-04' }).message).toContain('培训名称：不能为空');
    const session = ledger.refuse('saveSession', { courseId: makeCourse(ledger).id, date: '2026-03-02', period: '中午' as never, hours: 2 });
    expect(session.message).toContain('时段：取值无效');
    expect(session.message).not.toContain('姓名');
  });

  it('refuses a stale edit so a second window never overwrites the first', () => {
    open();
    const course = makeCourse(ledger);
    ledger.must('saveCourse', { id: course.id, rev: 1, name: '甲', kind: '集中轮训', startDate: '2026-03-02', endDate: '2026-03-04' });
    const error = ledger.refuse('saveCourse', { id: course.id, rev: 1, name: '乙', kind: '集中轮训', startDate: '2026-03-02', endDate: '2026-03-04' });
    expect(error.code).toBe('CONFLICT');
    expect(ledger.must('getCourse', { id: course.id }).course.name).toBe('甲');
  });

  it('will not move the dates so that a session falls outside them', () => {
    open();
    const course = makeCourse(ledger);
    addSession(ledger, course.id, '2026-03-04', '上午', 4);
    const error = ledger.refuse('saveCourse', { id: course.id, name: course.name, kind: course.kind, startDate: '2026-03-02', endDate: '2026-03-03' });
    expect(error.message).toContain('已有 2026-03-04 的场次不在新的起止日期之内');
  });

  it('lists by year (a course running across New Year is in both), by text, and newest first', () => {
    open();
    makeCourse(ledger, { name: '冬训', startDate: '2025-12-29', endDate: '2026-01-02' });
    makeCourse(ledger, { name: '春训', startDate: '2026-03-02', endDate: '2026-03-04' });
    makeCourse(ledger, { name: '旧班', startDate: '2024-05-01', endDate: '2024-05-01' });
    expect(ledger.must('listCourses', { year: 2026 }).map((c) => c.name)).toEqual(['春训', '冬训']);
    expect(ledger.must('listCourses', { year: 2025 }).map((c) => c.name)).toEqual(['冬训']);
    expect(ledger.must('listCourses', { query: '春' }).map((c) => c.name)).toEqual(['春训']);
    expect(ledger.must('listCourses', {}).map((c) => c.name)).toEqual(['春训', '冬训', '旧班']);
  });

  it('deletes softly: attendance stays, the hours leave the ledger, and restore brings both back', () => {
    open();
    const { people } = seedTownship(ledger, 1, 3);
    const course = makeCourse(ledger);
    const session = addSession(ledger, course.id, '2026-03-02', '全天', 8);
    ledger.must('enrol', { courseId: course.id, personIds: [people[0]!.id] });
    ledger.must('recordAttendance', { sessionId: session.id, entries: [{ personId: people[0]!.id, status: '出席' }] });
    const summary = ledger.must('listCourses', {})[0]!;
    expect(summary).toMatchObject({ sessionCount: 1, sessionHours: 8, enrolled: 1, attendanceRecords: 1, attendanceRate: 1 });
    const hours = () => ledger.must('trainingLedger', { year: 2026 }).items.find((r) => r.personId === people[0]!.id)?.hoursByLedger.党员教育培训 ?? 0;
    expect(hours()).toBe(8);

    ledger.must('deleteCourse', { id: course.id });
    expect(ledger.must('listCourses', {})).toHaveLength(0);
    expect(ledger.must('listCourses', { deleted: 'deleted' })[0]!.attendanceRecords).toBe(1);
    expect(hours()).toBe(0);
    expect(countRows(ledger.db, 'attendance')).toBe(1);
    expect(ledger.refuse('saveSession', { courseId: course.id, date: '2026-03-03', period: '上午', hours: 4 }).message).toContain('已删除');

    ledger.must('restoreCourse', { id: course.id });
    expect(hours()).toBe(8);
  });

  it('refuses to restore a course when someone it enrols was put in a clashing course meanwhile', () => {
    open();
    const { people } = seedTownship(ledger, 1, 2);
    const a = makeCourse(ledger, { name: '甲班' });
    addSession(ledger, a.id, '2026-03-02', '上午', 4);
    ledger.must('enrol', { courseId: a.id, personIds: [people[0]!.id] });
    ledger.must('deleteCourse', { id: a.id });
    const b = makeCourse(ledger, { name: '乙班' });
    addSession(ledger, b.id, '2026-03-02', '全天', 8);
    ledger.must('enrol', { courseId: b.id, personIds: [people[0]!.id] });
    const error = ledger.refuse('restoreCourse', { id: a.id });
    expect(error.message).toContain('无法恢复培训班《甲班》');
    expect(error.message).toContain('《乙班》');
  });
});

describe('sessions', () => {
  it('defaults the clock range from the period and accepts typed times', () => {
    open();
    const course = makeCourse(ledger);
    expect(addSession(ledger, course.id, '2026-03-02', '下午', 4)).toMatchObject({ startTime: '14:00', endTime: '17:30' });
    expect(addSession(ledger, course.id, '2026-03-03', '上午', 3, { startTime: '8:00', endTime: '11：00' })).toMatchObject({ startTime: '08:00', endTime: '11:00' });
    expect(ledger.must('getCourse', { id: course.id }).sessions.map((s) => s.date)).toEqual(['2026-03-02', '2026-03-03']);
  });

  it.each([
    [{ hours: 0 }, 'hours', '学时必须大于 0'],
    [{ hours: -2 }, 'hours', '学时必须大于 0'],
    [{ hours: 25 }, 'hours', '不能超过 24'],
    [{ date: '2026-03-09' }, 'date', '不在培训班起止日期（2026-03-02 至 2026-03-04）之内'],
    [{ startTime: '25:00' }, 'startTime', '不是有效时间'],
    [{ startTime: '11:00', endTime: '09:00' }, 'endTime', '结束时间 09:00 不晚于开始时间 11:00'],
  ] as const)('refuses %j on %s', (fields, field, message) => {
    open();
    const course = makeCourse(ledger);
    const error = ledger.refuse('saveSession', { courseId: course.id, date: '2026-03-02', period: '上午', hours: 4, ...fields });
    expect(error.issues?.find((i) => i.field === field)?.message).toContain(message);
    expect(countRows(ledger.db, 'course_sessions')).toBe(0);
  });

  it('refuses two sessions of one course at the same time, but allows touching ends', () => {
    open();
    const course = makeCourse(ledger);
    addSession(ledger, course.id, '2026-03-02', '上午', 4);
    expect(ledger.refuse('saveSession', { courseId: course.id, date: '2026-03-02', period: '全天', hours: 8 }).message).toContain('与本班 2026-03-02 上午');
    addSession(ledger, course.id, '2026-03-02', '下午', 2, { startTime: '12:00', endTime: '13:30' });
  });

  it('refuses moving a session onto another course that shares people, naming them', () => {
    open();
    const { people } = seedTownship(ledger, 1, 5);
    const a = makeCourse(ledger, { name: '甲班' });
    const b = makeCourse(ledger, { name: '乙班' });
    addSession(ledger, a.id, '2026-03-02', '上午', 4);
    const bs = addSession(ledger, b.id, '2026-03-02', '下午', 4);
    ledger.must('enrol', { courseId: a.id, personIds: people.map((p) => p.id) });
    ledger.must('enrol', { courseId: b.id, personIds: people.map((p) => p.id) });
    const error = ledger.refuse('saveSession', { id: bs.id, courseId: b.id, date: '2026-03-02', period: '上午', hours: 4 });
    expect(error.message).toMatch(/等 5 人同时报名了《甲班》/);
  });

  it('deletes an empty session but refuses one with attendance recorded', () => {
    open();
    const { people } = seedTownship(ledger, 1, 1);
    const course = makeCourse(ledger);
    const s1 = addSession(ledger, course.id, '2026-03-02', '上午', 4);
    const s2 = addSession(ledger, course.id, '2026-03-02', '下午', 4);
    ledger.must('enrol', { courseId: course.id, personIds: [people[0]!.id] });
    ledger.must('recordAttendance', { sessionId: s1.id, entries: [{ personId: people[0]!.id, status: '缺席' }] });
    expect(ledger.refuse('deleteSession', { id: s1.id }).message).toContain('已登记 1 人的考勤，不能删除');
    expect(ledger.must('deleteSession', { id: s2.id }).map((s) => s.id)).toEqual([s1.id]);
  });
});
