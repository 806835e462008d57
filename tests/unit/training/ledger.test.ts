import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../src/shared/result';
import { DEFAULT_TRAINING_RULES, type AttendanceStatus, type CourseSession, type TrainingLedger } from '../../../src/shared/training';
import { createLedgerApi } from '../../../src/core/api';
import { openDatabase } from '../../../src/core/db/open';
import { openTempLedger, syntheticId, type TempLedger } from '../../helpers/ledger';
import { addSession, makeCourse } from '../../helpers/training';

let ledger: TempLedger;
afterEach(() => ledger?.cleanup());

let seq = 100;
function person(name: string, fields: { political?: string; categories?: string[]; status?: '在岗' | '离任' | '调出'; unitId?: string } = {}) {
  return ledger.must('savePerson', {
    name,
    idNumber: syntheticId('19800101', String(seq++)),
    politicalStatus: fields.political ?? '中共党员',
    categories: fields.categories ?? [],
    status: fields.status,
    unitId: fields.unitId,
  });
}

/** One course with one session per given day, everyone enrolled and marked 出席. */
function attend(name: string, days: { date: string; period?: '上午' | '下午' | '晚上' | '全天'; hours: number; start?: string; end?: string }[], people: string[], ledgers?: TrainingLedger[]) {
  const dates = days.map((d) => d.date).sort();
  const course = makeCourse(ledger, { name, startDate: dates[0], endDate: dates.at(-1), ledgers });
  ledger.must('enrol', { courseId: course.id, personIds: people });
  for (const d of days) {
    const s = addSession(ledger, course.id, d.date, d.period ?? '上午', d.hours, { startTime: d.start, endTime: d.end });
    ledger.must('recordAttendance', { sessionId: s.id, entries: people.map((p) => ({ personId: p, status: '出席' as const })) });
  }
  return course;
}

const row = (year: number, personId: string) => ledger.must('trainingLedger', { year, limit: 1000 }).items.find((r) => r.personId === personId);

describe('yearly ledger', () => {
  it('a party member with 12 of 32 学时 is 20 behind; the row names the rule', () => {
    ledger = openTempLedger();
    const p = person('张三');
    attend('党课', [{ date: '2026-03-02', hours: 4 }, { date: '2026-03-03', hours: 8, period: '全天' }], [p.id]);
    expect(row(2026, p.id)).toMatchObject({
      hours: 12,
      required: 32,
      shortfall: 20,
      standings: [{ ledger: '党员教育培训', ruleId: 'party-member', ruleName: '党员集中学习培训', hours: 12, required: 32, shortfall: 20 }],
      hoursByLedger: { 党员教育培训: 12, 干部教育培训: 12 },
      hoursByKind: { 集中轮训: 12 },
      courses: 1,
    });
  });

  it('applies the strictest rule per ledger: a 两委 party member needs 56, a 乡镇公务员 90 (or 12 days × 8 = 96 → 90)', () => {
    ledger = openTempLedger();
    const secretary = person('李书记', { categories: ['村（社区）两委成员'] });
    const cadre = person('王科员', { political: '群众', categories: ['乡镇公务员'] });
    const both = person('赵镇长', { categories: ['乡镇公务员'] });
    attend('轮训', [{ date: '2026-05-06', hours: 8, period: '全天' }], [secretary.id, cadre.id, both.id]);
    expect(row(2026, secretary.id)).toMatchObject({ required: 56, shortfall: 48, standings: [{ ruleId: 'branch-leaders' }] });
    expect(row(2026, cadre.id)).toMatchObject({ required: 90, shortfall: 82, standings: [{ ledger: '干部教育培训', ruleId: 'township-cadres' }] });
    // Two standings; the row shows the larger shortfall (cadre ledger: 82 > 24).
    expect(row(2026, both.id)!.standings.map((s) => [s.ledger, s.shortfall])).toEqual([['党员教育培训', 24], ['干部教育培训', 82]]);
    expect(row(2026, both.id)).toMatchObject({ hours: 8, required: 90, shortfall: 82 });
  });

  it('counts "or N days" at the day factor: 12 days × 7.5 = 90, 10 days × 8 = 80', () => {
    ledger = openTempLedger();
    const cadre = person('王科员', { political: '群众', categories: ['乡镇公务员'] });
    ledger.must('saveTrainingRules', { ...DEFAULT_TRAINING_RULES, dayFactor: 7.5 });
    expect(row(2026, cadre.id)!.required).toBe(90);
    ledger.must('saveTrainingRules', { ...DEFAULT_TRAINING_RULES, rules: DEFAULT_TRAINING_RULES.rules.map((r) => (r.id === 'township-cadres' ? { ...r, days: 10 } : r)) });
    expect(row(2026, cadre.id)!.required).toBe(80);
    expect(ledger.refuse('saveTrainingRules', { ...DEFAULT_TRAINING_RULES, rules: [DEFAULT_TRAINING_RULES.rules[0]!, DEFAULT_TRAINING_RULES.rules[0]!] }).message).toContain('重复');
  });

  it('sets no requirement for 群众 without a category or for people no longer 在岗, but still shows hours earned', () => {
    ledger = openTempLedger();
    const masses = person('群众甲', { political: '群众' });
    const retired = person('离任乙', { status: '离任' });
    const nothing = person('无关丙', { political: '群众' });
    attend('夜校', [{ date: '2026-01-05', hours: 2, period: '晚上' }], [masses.id, retired.id]);
    expect(row(2026, masses.id)).toMatchObject({ hours: 2, required: 0, shortfall: 0, standings: [] });
    expect(row(2026, retired.id)).toMatchObject({ hours: 2, required: 0, standings: [] });
    expect(row(2026, nothing.id)).toBeUndefined();
  });

  it('credits at most the daily cap per day, earliest sessions first, and counts a course only toward its ledgers', () => {
    ledger = openTempLedger();
    const p = person('张三', { categories: ['乡镇公务员'] });
    attend('早班', [{ date: '2026-06-01', hours: 6, start: '07:00', end: '12:00' }], [p.id], ['党员教育培训']);
    attend('晚班', [{ date: '2026-06-01', hours: 6, period: '晚上' }], [p.id], ['干部教育培训']);
    // 6 + 6 on one day: 8 credited, the evening session gets 2.
    expect(row(2026, p.id)!.hoursByLedger).toEqual({ 党员教育培训: 6, 干部教育培训: 2 });
    ledger.must('saveTrainingRules', { ...DEFAULT_TRAINING_RULES, dailyCap: 12 });
    expect(row(2026, p.id)!.hoursByLedger).toEqual({ 党员教育培训: 6, 干部教育培训: 6 });
  });

  it('uses an override instead of attended hours, in the year the course starts, beyond the daily cap', () => {
    ledger = openTempLedger();
    const p = person('张三');
    const course = attend('跨年班', [{ date: '2025-12-31', hours: 4 }, { date: '2026-01-02', hours: 4 }], [p.id]);
    expect(row(2025, p.id)!.hours).toBe(4);
    expect(row(2026, p.id)!.hours).toBe(4);
    const e = ledger.must('listEnrolments', { courseId: course.id })[0]!;
    ledger.must('saveEnrolmentResult', { id: e.id, hoursOverride: 20, overrideReason: '按结业证书认定' });
    expect(row(2025, p.id)!.hours).toBe(20);
    expect(row(2026, p.id)).toMatchObject({ hours: 0, shortfall: 32 });
  });

  it('leaves out 请假 and 缺席, deleted courses and people, and other years', () => {
    ledger = openTempLedger();
    const [a, b, c] = [person('甲'), person('乙'), person('丙')];
    const course = makeCourse(ledger, { startDate: '2026-03-02', endDate: '2026-03-02' });
    const s = addSession(ledger, course.id, '2026-03-02', '上午', 4);
    ledger.must('enrol', { courseId: course.id, personIds: [a.id, b.id, c.id] });
    const statuses: AttendanceStatus[] = ['早退', '请假', '缺席'];
    ledger.must('recordAttendance', { sessionId: s.id, entries: [a, b, c].map((p, i) => ({ personId: p.id, status: statuses[i]!, reason: '事假' })) });
    expect([a, b, c].map((p) => row(2026, p.id)!.hours)).toEqual([4, 0, 0]);
    ledger.must('deletePerson', { id: a.id });
    expect(row(2026, a.id)).toBeUndefined();
    expect(row(2025, b.id)).toMatchObject({ hours: 0, shortfall: 32 });
  });

  it('filters by unit subtree, text and shortfall, sorts by shortfall, and sums the summary over all pages', () => {
    ledger = openTempLedger();
    const town = ledger.must('saveUnit', { name: '青山镇', kind: '乡镇' });
    const east = ledger.must('saveUnit', { name: '东村', kind: '村', parentId: town.id });
    const west = ledger.must('saveUnit', { name: '西村', kind: '村', parentId: town.id });
    const zhang = person('张三', { unitId: east.id });
    const li = person('李四', { unitId: west.id });
    person('王五', { unitId: west.id });
    attend('党课', ['02', '03', '04', '05'].map((d) => ({ date: `2026-03-${d}`, hours: 8, period: '全天' as const })), [zhang.id]);
    attend('专题', [{ date: '2026-04-02', hours: 8, period: '全天' }], [li.id]);
    const all = ledger.must('trainingLedger', { year: 2026, limit: 2 });
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    expect(all.summary).toEqual({ people: 3, required: 3, met: 1, behind: 2, shortfallHours: 24 + 32 });
    expect(ledger.must('trainingLedger', { year: 2026, unitId: west.id }).items.map((r) => r.name).sort()).toEqual(['李四', '王五']);
    expect(ledger.must('trainingLedger', { year: 2026, unitId: town.id }).total).toBe(3);
    expect(ledger.must('trainingLedger', { year: 2026, query: 'ww' }).items.map((r) => r.name)).toEqual(['王五']);
    expect(ledger.must('trainingLedger', { year: 2026, query: 'wang' }).items.map((r) => r.name)).toEqual(['王五']);
    expect(ledger.must('trainingLedger', { year: 2026, query: '李' }).items.map((r) => r.name)).toEqual(['李四']);
    expect(ledger.must('trainingLedger', { year: 2026, sort: 'shortfall' }).items.map((r) => r.name)).toEqual(['王五', '李四', '张三']);
    const behind = ledger.must('trainingLedger', { year: 2026, shortfallOnly: true });
    expect(behind.items.map((r) => r.name).sort()).toEqual(['李四', '王五']);
    // The summary still counts everyone in scope, so 已达标 is not 0 on the shortfall list.
    expect(behind.total).toBe(2);
    expect(behind.summary).toEqual(all.summary);

    const coverage = ledger.must('trainingCoverage', { year: 2026 });
    expect(coverage).toEqual([
      { unitId: east.id, unit: '东村', required: 1, met: 1, rate: 1 },
      { unitId: west.id, unit: '西村', required: 2, met: 0, rate: 0 },
    ]);
  });
});

describe('ledger cache', () => {
  it('answers again from memory, but follows a change made by this or another connection at once', () => {
    ledger = openTempLedger();
    const p = person('张三');
    const course = attend('党课', [{ date: '2026-03-02', hours: 4 }], [p.id]);
    expect(row(2026, p.id)!.hours).toBe(4);
    const other = openDatabase(ledger.file);
    try {
      const otherApi = createLedgerApi(other);
      const session = otherApi.saveSession({ courseId: course.id, date: '2026-03-02', period: '下午', hours: 3 }) as Result<CourseSession>;
      if (!session.ok) throw new Error(session.error.message);
      otherApi.recordAttendance({ sessionId: session.data.id, entries: [{ personId: p.id, status: '出席' }] });
    } finally {
      other.close();
    }
    expect(row(2026, p.id)!.hours).toBe(7);
    ledger.db.prepare("UPDATE attendance SET status = '缺席'").run();
    expect(row(2026, p.id)!.hours).toBe(0);
  });
});

describe('ledger property: every number matches a plain recount', () => {
  it('for random timetables and attendance', () => {
    const session = fc.record({
      course: fc.integer({ min: 0, max: 2 }),
      day: fc.integer({ min: 1, max: 3 }),
      slot: fc.integer({ min: 0, max: 3 }),
      hours: fc.constantFrom(1, 2, 2.5, 3, 4, 6),
    });
    const statuses = fc.constantFrom<AttendanceStatus | null>('出席', '迟到', '早退', '请假', '缺席', null);
    fc.assert(
      fc.property(fc.array(session, { minLength: 1, maxLength: 8 }), fc.array(fc.array(statuses, { minLength: 8, maxLength: 8 }), { minLength: 3, maxLength: 3 }), fc.constantFrom(4, 8), (sessions, marks, cap) => {
        ledger = openTempLedger();
        try {
          ledger.must('saveTrainingRules', { ...DEFAULT_TRAINING_RULES, dailyCap: cap });
          const people = ['甲', '乙', '丙'].map((n) => person(n));
          const ledgersOf: TrainingLedger[][] = [['党员教育培训'], ['干部教育培训'], ['党员教育培训', '干部教育培训']];
          const courses = ledgersOf.map((l, i) => makeCourse(ledger, { name: `班${i}`, startDate: '2026-07-01', endDate: '2026-07-03', ledgers: l }));
          for (const c of courses) ledger.must('enrol', { courseId: c.id, personIds: people.map((p) => p.id) });
          const slots = [['08:00', '10:00'], ['10:00', '12:00'], ['14:00', '16:00'], ['19:00', '21:00']] as const;
          // Each slot of each day goes to at most one course, so nobody has a clash.
          const taken = new Set<string>();
          const made: { id: string; course: number; day: number; slot: number; hours: number }[] = [];
          for (const s of sessions) {
            const key = `${s.day}-${s.slot}`;
            if (taken.has(key)) continue;
            taken.add(key);
            const [start, end] = slots[s.slot]!;
            const created = addSession(ledger, courses[s.course]!.id, `2026-07-0${s.day}`, s.slot < 2 ? '上午' : s.slot === 2 ? '下午' : '晚上', s.hours, { startTime: start, endTime: end });
            made.push({ id: created.id, course: s.course, day: s.day, slot: s.slot, hours: s.hours });
          }
          made.forEach((s, i) => {
            const entries = people.flatMap((p, j) => {
              const status = marks[j]![i] ?? null;
              return status ? [{ personId: p.id, status, reason: status === '请假' ? '事假' : null }] : [];
            });
            if (entries.length > 0) ledger.must('recordAttendance', { sessionId: s.id, entries });
          });
          // Plain recount: per person and day, sessions in clock order, capped.
          people.forEach((p, j) => {
            const expected = { 党员教育培训: 0, 干部教育培训: 0 };
            for (const day of [1, 2, 3]) {
              let used = 0;
              for (const s of made.filter((m) => m.day === day).sort((a, b) => a.slot - b.slot)) {
                const status = marks[j]![made.indexOf(s)] ?? null;
                if (status !== '出席' && status !== '迟到' && status !== '早退') continue;
                const credit = Math.min(s.hours, cap - used);
                used += credit;
                for (const l of ledgersOf[s.course]!) expected[l] += credit;
              }
            }
            const got = row(2026, p.id);
            expect(got?.hoursByLedger ?? { 党员教育培训: 0, 干部教育培训: 0 }).toEqual(expected);
            expect(got?.shortfall ?? 32).toBe(Math.max(0, 32 - expected.党员教育培训));
          });
        } finally {
          ledger.cleanup();
        }
      }),
      { numRuns: 40 },
    );
  });
});
