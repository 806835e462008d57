import { afterEach, describe, expect, it } from 'vitest';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { addSession, makeCourse, seedTownship } from '../../helpers/training';

let ledger: TempLedger;
afterEach(() => ledger?.cleanup());

describe('training smoke', () => {
  it('runs a course from enrolment to the ledger', () => {
    ledger = openTempLedger();
    const { villageIds, people } = seedTownship(ledger, 2, 20);
    const course = makeCourse(ledger);
    const s1 = addSession(ledger, course.id, '2026-03-02', '上午', 4);
    const s2 = addSession(ledger, course.id, '2026-03-02', '下午', 4);
    const result = ledger.must('enrol', { courseId: course.id, unitId: villageIds[0] });
    expect(result.enrolled).toBe(20);
    const sheet = ledger.must('getSessionAttendance', { sessionId: s1.id });
    expect(sheet.rows).toHaveLength(20);
    ledger.must('recordAttendance', { sessionId: s1.id, entries: sheet.rows.map((r, i) => ({ personId: r.personId, status: i === 0 ? '请假' : '出席', reason: i === 0 ? '病假' : null })) });
    ledger.must('recordAttendance', { sessionId: s2.id, entries: sheet.rows.map((r) => ({ personId: r.personId, status: '出席' })) });
    const enrolments = ledger.must('listEnrolments', { courseId: course.id });
    expect(enrolments[0]!.creditedHours).toBe(4);
    expect(enrolments[1]!.creditedHours).toBe(8);
    const page = ledger.must('trainingLedger', { year: 2026, limit: 1000 });
    const member = page.items.find((r) => r.personId === enrolments[1]!.personId)!;
    expect(member.hoursByLedger.党员教育培训).toBe(8);
    expect(page.summary.behind).toBeGreaterThan(0);
    const outsider = people.find((p) => p.unitId === villageIds[1])!;
    const refused = ledger.refuse('recordAttendance', { sessionId: s1.id, entries: [{ personId: outsider.id, status: '出席' }] });
    expect(refused.message).toContain('未报名');
    const coverage = ledger.must('trainingCoverage', { year: 2026 });
    expect(coverage.length).toBe(2);
  });
});
