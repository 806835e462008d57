import { afterEach, describe, expect, it } from 'vitest';
import { countRows, openTempLedger, type TempLedger } from '../../helpers/ledger';
import { addSession, makeCourse, seedTownship } from '../../helpers/training';

let ledger: TempLedger;
afterEach(() => ledger?.cleanup());

function setup(villages = 2, perVillage = 20) {
  ledger = openTempLedger();
  const town = seedTownship(ledger, villages, perVillage);
  const course = makeCourse(ledger);
  const morning = addSession(ledger, course.id, '2026-03-02', '上午', 4);
  const afternoon = addSession(ledger, course.id, '2026-03-02', '下午', 4);
  return { ...town, course, morning, afternoon };
}

describe('enrolment', () => {
  it('enrols in bulk by unit subtree, by category, by branch, and one by one, in pinyin order', () => {
    const { townId, villageIds, course, people } = setup();
    expect(ledger.must('previewEnrolment', { courseId: course.id, unitId: townId })).toHaveLength(40);
    expect(ledger.must('previewEnrolment', { courseId: course.id, unitId: villageIds[1] })).toHaveLength(20);
    const secretaries = ledger.must('previewEnrolment', { courseId: course.id, categories: ['村（社区）两委成员'] });
    expect(secretaries).toHaveLength(14);
    // Unit and category together narrow; named people are added on top.
    const both = ledger.must('previewEnrolment', { courseId: course.id, unitId: villageIds[0], categories: ['村（社区）两委成员'], personIds: [people[39]!.id] });
    expect(both).toHaveLength(8);

    const branch = ledger.must('savePartyOrg', { name: '东村党支部', kind: '党支部' });
    for (const p of people.slice(0, 3)) ledger.must('savePerson', { id: p.id, partyOrgId: branch.id });
    expect(ledger.must('previewEnrolment', { courseId: course.id, partyOrgId: branch.id })).toHaveLength(3);

    const result = ledger.must('enrol', { courseId: course.id, unitId: villageIds[0] });
    expect(result).toEqual({ enrolled: 20, skipped: [] });
    const list = ledger.must('listEnrolments', { courseId: course.id });
    expect(list.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const again = ledger.must('enrol', { courseId: course.id, personIds: [people[0]!.id, people[25]!.id] });
    expect(again.enrolled).toBe(1);
    expect(again.skipped).toEqual([{ personId: people[0]!.id, name: people[0]!.name, reason: '已在本班名单中' }]);
    expect(ledger.must('listEnrolments', { courseId: course.id }).at(-1)).toMatchObject({ seq: 21, personId: people[25]!.id });
  });

  it('marks and skips people already in another course at the same time, naming the course and time', () => {
    const { course, people } = setup(1, 4);
    const other = makeCourse(ledger, { name: '乡村振兴专题班', startDate: '2026-03-02', endDate: '2026-03-02' });
    addSession(ledger, other.id, '2026-03-02', '上午', 3, { startTime: '10:00', endTime: '11:30' });
    ledger.must('enrol', { courseId: other.id, personIds: [people[1]!.id] });
    const preview = ledger.must('previewEnrolment', { courseId: course.id, personIds: people.map((p) => p.id) });
    expect(preview.find((c) => c.personId === people[1]!.id)!.conflict).toBe('同一时间已参加《乡村振兴专题班》（2026-03-02 上午 10:00–11:30）');
    const result = ledger.must('enrol', { courseId: course.id, personIds: people.map((p) => p.id) });
    expect(result.enrolled).toBe(3);
    expect(result.skipped.map((s) => s.name)).toEqual([people[1]!.name]);
  });

  it('skips deleted people and refuses an empty selection', () => {
    const { course, people } = setup(1, 2);
    ledger.must('deletePerson', { id: people[0]!.id });
    const result = ledger.must('enrol', { courseId: course.id, personIds: [people[0]!.id] });
    expect(result).toEqual({ enrolled: 0, skipped: [{ personId: people[0]!.id, name: '', reason: '该人员不存在或已删除' }] });
    expect(ledger.refuse('enrol', { courseId: course.id }).message).toBe('没有选中任何人员');
  });

  it('keeps people later deleted from the roster on the list, marked', () => {
    const { course, people } = setup(1, 2);
    ledger.must('enrol', { courseId: course.id, personIds: [people[0]!.id] });
    ledger.must('deletePerson', { id: people[0]!.id });
    expect(ledger.must('listEnrolments', { courseId: course.id })[0]!.personDeleted).toBe(true);
  });

  it('removes a person without attendance, refuses one with, and closes the numbering gap', () => {
    const { course, morning, people } = setup(1, 3);
    ledger.must('enrol', { courseId: course.id, personIds: people.map((p) => p.id) });
    ledger.must('recordAttendance', { sessionId: morning.id, entries: [{ personId: people[2]!.id, status: '出席' }] });
    expect(ledger.refuse('unenrol', { courseId: course.id, personId: people[2]!.id }).message).toContain('已有 1 条考勤记录，不能移出名单');
    const first = ledger.must('listEnrolments', { courseId: course.id })[0]!;
    const rest = ledger.must('unenrol', { courseId: course.id, personId: first.personId });
    expect(rest.map((e) => e.seq)).toEqual([1, 2]);
    // Re-enrolling after removal works (the unique index covers live rows only).
    ledger.must('enrol', { courseId: course.id, personIds: [first.personId] });
    expect(ledger.must('listEnrolments', { courseId: course.id })).toHaveLength(3);
  });

  it('orders the printed list by unit then name, by name, or as given', () => {
    const { course, people } = setup(2, 3);
    const chosen = [people[5]!, people[0]!, people[3]!, people[1]!];
    ledger.must('enrol', { courseId: course.id, personIds: chosen.map((p) => p.id) });
    const byUnit = ledger.must('orderEnrolments', { courseId: course.id, by: 'unit' });
    expect(byUnit.map((e) => e.unit)).toEqual([...byUnit.map((e) => e.unit)].sort((a, b) => a!.localeCompare(b!, 'zh-Hans-CN')));
    const given = ledger.must('orderEnrolments', { courseId: course.id, by: 'given', personIds: [people[3]!.id, people[1]!.id] });
    expect(given.slice(0, 2).map((e) => e.personId)).toEqual([people[3]!.id, people[1]!.id]);
    expect(given.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('saves results and overrides only with a reason, keeping fields not sent', () => {
    const { course, morning, people } = setup(1, 1);
    ledger.must('enrol', { courseId: course.id, personIds: [people[0]!.id] });
    ledger.must('recordAttendance', { sessionId: morning.id, entries: [{ personId: people[0]!.id, status: '出席' }] });
    const e = ledger.must('listEnrolments', { courseId: course.id })[0]!;
    expect(e).toMatchObject({ attendedSessions: 1, attendedHours: 4, creditedHours: 4 });
    expect(ledger.refuse('saveEnrolmentResult', { id: e.id, hoursOverride: 8 }).message).toBe('调整认定学时须填写原因');
    const withResult = ledger.must('saveEnrolmentResult', { id: e.id, result: '优秀', certificateNo: 'QS-2026-001' });
    expect(withResult).toMatchObject({ result: '优秀', certificateNo: 'QS-2026-001', creditedHours: 4 });
    const overridden = ledger.must('saveEnrolmentResult', { id: e.id, hoursOverride: 8, overrideReason: '下午补课，有补课签到表' });
    expect(overridden).toMatchObject({ result: '优秀', creditedHours: 8, hoursOverride: 8, overrideReason: '下午补课，有补课签到表' });
    const cleared = ledger.must('saveEnrolmentResult', { id: e.id, hoursOverride: null });
    expect(cleared).toMatchObject({ creditedHours: 4, hoursOverride: null, overrideReason: null, result: '优秀' });
  });

  it('flags leave above 1/7 of a full-time course', () => {
    ledger = openTempLedger();
    const { people } = seedTownship(ledger, 1, 2);
    const course = makeCourse(ledger, { fullTime: true, startDate: '2026-04-01', endDate: '2026-04-07' });
    const sessions = ['01', '02', '03', '06', '07'].map((d) => addSession(ledger, course.id, `2026-04-${d}`, '全天', 8));
    ledger.must('enrol', { courseId: course.id, personIds: people.map((p) => p.id) });
    // 40 学时 in all: one day off (8 > 40/7) breaks the limit.
    ledger.must('recordAttendance', { sessionId: sessions[0]!.id, entries: [{ personId: people[0]!.id, status: '请假', reason: '家中有事' }, { personId: people[1]!.id, status: '出席' }] });
    const list = ledger.must('listEnrolments', { courseId: course.id });
    expect(list.find((e) => e.personId === people[0]!.id)).toMatchObject({ leaveHours: 8, leaveOverLimit: true });
    expect(list.find((e) => e.personId === people[1]!.id)!.leaveOverLimit).toBe(false);
  });
});

describe('attendance', () => {
  it('lists the people in printed order and records every status, all or nothing', () => {
    const { course, morning, people } = setup(1, 4);
    ledger.must('enrol', { courseId: course.id, personIds: people.map((p) => p.id) });
    const sheet = ledger.must('getSessionAttendance', { sessionId: morning.id });
    expect(sheet.rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(sheet.rows.every((r) => r.status === null)).toBe(true);
    const ids = sheet.rows.map((r) => r.personId);
    const after = ledger.must('recordAttendance', {
      sessionId: morning.id,
      entries: [
        { personId: ids[0]!, status: '出席' },
        { personId: ids[1]!, status: '迟到' },
        { personId: ids[2]!, status: '请假', reason: '病假' },
        { personId: ids[3]!, status: '缺席' },
      ],
    });
    expect(after.rows.map((r) => r.status)).toEqual(['出席', '迟到', '请假', '缺席']);
    expect(after.session).toMatchObject({ present: 2, leave: 1, absent: 1 });
    expect(after.rows[2]!.reason).toBe('病假');

    // Correct one, clear another: both apply.
    const fixed = ledger.must('recordAttendance', { sessionId: morning.id, entries: [{ personId: ids[3]!, status: '出席' }, { personId: ids[1]!, status: null }] });
    expect(fixed.rows.map((r) => r.status)).toEqual(['出席', null, '请假', '出席']);
  });

  it('refuses the whole batch for someone not enrolled, 请假 without a reason, or a person twice, naming each', () => {
    const { course, morning, people } = setup(1, 4);
    ledger.must('enrol', { courseId: course.id, personIds: people.slice(0, 3).map((p) => p.id) });
    const before = countRows(ledger.db, 'attendance');
    const error = ledger.refuse('recordAttendance', {
      sessionId: morning.id,
      entries: [
        { personId: people[0]!.id, status: '出席' },
        { personId: people[3]!.id, status: '出席' },
        { personId: people[1]!.id, status: '请假', reason: '  ' },
        { personId: people[2]!.id, status: '出席' },
        { personId: people[2]!.id, status: '缺席' },
      ],
    });
    expect(error.message).toContain(`${people[3]!.name}未报名培训班《${course.name}》`);
    expect(error.message).toContain(`${people[1]!.name}请假，请填写请假原因`);
    expect(error.message).toContain(`${people[2]!.name}在本次登记中出现了两次`);
    expect(error.issues!.map((i) => i.field)).toEqual(['entries.1', 'entries.2', 'entries.4']);
    expect(countRows(ledger.db, 'attendance')).toBe(before);
  });

  it('refuses marking someone present in two sessions at the same time', () => {
    const { course, morning, people } = setup(1, 2);
    ledger.must('enrol', { courseId: course.id, personIds: [people[0]!.id] });
    ledger.must('recordAttendance', { sessionId: morning.id, entries: [{ personId: people[0]!.id, status: '出席' }] });
    // The other course is added later with the same time; enrolment in it is refused as a clash …
    const other = makeCourse(ledger, { name: '网络安全讲座', startDate: '2026-03-02', endDate: '2026-03-02' });
    const lecture = addSession(ledger, other.id, '2026-03-02', '上午', 2, { startTime: '09:00', endTime: '11:00' });
    expect(ledger.must('enrol', { courseId: other.id, personIds: [people[0]!.id] }).skipped[0]!.reason).toContain('同一时间已参加');
    // … and if the timetable was changed after both were recorded, attendance itself refuses the clash.
    const moved = makeCourse(ledger, { name: '夜校', startDate: '2026-03-02', endDate: '2026-03-02' });
    const evening = addSession(ledger, moved.id, '2026-03-02', '晚上', 2);
    ledger.must('enrol', { courseId: moved.id, personIds: [people[0]!.id] });
    ledger.must('recordAttendance', { sessionId: evening.id, entries: [{ personId: people[0]!.id, status: '出席' }] });
    ledger.db.prepare("UPDATE course_sessions SET start_time = '09:00', end_time = '11:00' WHERE id = ?").run(evening.id);
    const error = ledger.refuse('recordAttendance', { sessionId: evening.id, entries: [{ personId: people[0]!.id, status: '出席' }] });
    expect(error.message).toContain(`${people[0]!.name}同一时间已登记出席《${course.name}》`);
    // 请假 or 缺席 at the same time is fine.
    ledger.must('recordAttendance', { sessionId: evening.id, entries: [{ personId: people[0]!.id, status: '缺席' }] });
    expect(lecture.id).toBeTruthy();
  });
});
