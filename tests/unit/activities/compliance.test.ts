import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { periodsOf } from '../../../src/core/activities/compliance';
import { DEFAULT_COMPLIANCE_RULES, type ActivityAttendanceStatus, type ActivityType, type ComplianceStatus } from '../../../src/shared/activities';
import { recordActivity, seedBranch } from '../../helpers/activities';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';

let ledger: TempLedger;
afterEach(() => ledger?.cleanup());

const cell = (report: ReturnType<typeof compliance>, type: ActivityType, index: number) => report.branches[0]!.cells.find((c) => c.type === type && c.index === index)!;
function compliance(today: string, year = 2026) {
  return ledger.must('complianceReport', { year, today });
}

describe('compliance calendar', () => {
  it('cuts the year into months, quarters and the year', () => {
    expect(periodsOf(2024, 'month')[1]).toEqual({ index: 2, start: '2024-02-01', end: '2024-02-29', label: '2024年2月' });
    expect(periodsOf(2026, 'quarter').map((p) => [p.start, p.end])).toEqual([
      ['2026-01-01', '2026-03-31'],
      ['2026-04-01', '2026-06-30'],
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-12-31'],
    ]);
    expect(periodsOf(2026, 'year')).toEqual([{ index: 1, start: '2026-01-01', end: '2026-12-31', label: '2026年' }]);
  });

  it('marks done, overdue, due soon, open and future as of the day given', () => {
    ledger = openTempLedger();
    const { branchId } = seedBranch(ledger);
    recordActivity(ledger, { partyOrgId: branchId, date: '2026-03-05' });
    const r = compliance('2026-05-27');
    expect([1, 2, 3, 4, 5, 6].map((m) => cell(r, '主题党日', m).status)).toEqual(['overdue', 'overdue', 'done', 'overdue', 'due-soon', 'future']);
    expect(compliance('2026-05-10').branches[0]!.cells.find((c) => c.type === '主题党日' && c.index === 5)!.status).toBe('open');
    expect(cell(r, '主题党日', 3)).toMatchObject({ required: 1, held: 1 });
    const byType = r.branches[0]!.byType.find((t) => t.type === '主题党日')!;
    expect(byType).toMatchObject({ required: 12, done: 1, overdue: 3, overduePeriods: ['2026年1月', '2026年2月', '2026年4月'] });
    // 党课 quarterly is an optional local rule, off by default: no row at all.
    expect(r.branches[0]!.cells.some((c) => c.type === '党课')).toBe(false);
  });

  it('counts one event for every type it is, needs a 党小组会 from each group, and a 支委会 only with a committee', () => {
    ledger = openTempLedger();
    const { branchId, groupIds } = seedBranch(ledger);
    recordActivity(ledger, { partyOrgId: branchId, types: ['主题党日', '支部党员大会', '组织生活会'], date: '2026-02-10' });
    recordActivity(ledger, { partyOrgId: groupIds[0]!, types: ['党小组会'], date: '2026-02-11' });
    recordActivity(ledger, { partyOrgId: groupIds[0]!, types: ['党小组会'], date: '2026-02-12' });
    const r = compliance('2026-02-15');
    expect(cell(r, '主题党日', 2).status).toBe('done');
    expect(cell(r, '支部党员大会', 1).status).toBe('done');
    expect(cell(r, '组织生活会', 1).status).toBe('done');
    // Two meetings of the first group do not make up for the second group's.
    expect(cell(r, '党小组会', 2)).toMatchObject({ required: 2, held: 1, status: 'open' });
    recordActivity(ledger, { partyOrgId: groupIds[1]!, types: ['党小组会'], date: '2026-02-13' });
    expect(cell(compliance('2026-02-15'), '党小组会', 2)).toMatchObject({ required: 2, held: 2, status: 'done' });

    const other = seedBranch(ledger, { name: '西村党支部', committee: false, seqBase: 300 });
    const west = ledger.must('complianceReport', { year: 2026, today: '2026-02-15', partyOrgId: other.branchId }).branches;
    expect(west).toHaveLength(1);
    expect(west[0]!.cells.find((c) => c.type === '支部委员会' && c.index === 1)).toMatchObject({ status: 'not-required', reason: '未设支委会' });
  });

  it('follows the rules as settings: 党课 quarterly switched on, a month rule made yearly', () => {
    ledger = openTempLedger();
    seedBranch(ledger);
    const rules = DEFAULT_COMPLIANCE_RULES.rules.map((r) => (r.type === '党课' ? { ...r, enabled: true } : r.type === '主题党日' ? { ...r, period: 'year' as const, times: 2 } : r));
    ledger.must('saveComplianceRules', { dueSoonDays: 7, rules });
    const r = compliance('2026-05-27');
    expect(r.branches[0]!.cells.filter((c) => c.type === '党课')).toHaveLength(4);
    expect(r.branches[0]!.cells.filter((c) => c.type === '主题党日')).toEqual([expect.objectContaining({ period: 'year', required: 2 })]);
    expect(ledger.refuse('saveComplianceRules', { dueSoonDays: 7, rules: [...rules, rules[0]!] }).message).toBe('同一活动类型只能有一条频次规则');
  });

  it('leaves deleted activities out', () => {
    ledger = openTempLedger();
    const { branchId } = seedBranch(ledger);
    const a = recordActivity(ledger, { partyOrgId: branchId, date: '2026-03-05' });
    ledger.must('deleteActivity', { id: a.id });
    expect(cell(compliance('2026-05-01'), '主题党日', 3).status).toBe('overdue');
  });
});

describe('property: the calendar matches a plain recount for random years of activities', () => {
  const TYPES: ActivityType[] = ['支部党员大会', '支部委员会', '党小组会', '主题党日', '组织生活会', '民主评议党员', '党课'];
  const activity = fc.record({
    day: fc.integer({ min: 0, max: 320 }),
    types: fc.subarray(TYPES, { minLength: 1, maxLength: 3 }),
    org: fc.integer({ min: 0, max: 2 }),
  });
  it('status and counts of every cell', () => {
    fc.assert(
      fc.property(fc.array(activity, { maxLength: 14 }), fc.integer({ min: 0, max: 364 }), (activities, todayOffset) => {
        ledger = openTempLedger();
        try {
          const { branchId, groupIds } = seedBranch(ledger, { size: 4 });
          const orgs = [branchId, ...groupIds];
          const iso = (offset: number) => new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);
          const made = activities.map((a) => {
            // A 党小组 holds no 支委会 (the core refuses it). A 党小组会 held by the branch itself is allowed (it has
            // groups) but counts for no group.
            const own = a.org === 0 ? a.types : a.types.filter((t) => t !== '支部委员会');
            const types = own.length > 0 ? own : (['党小组会'] as ActivityType[]);
            recordActivity(ledger, { partyOrgId: orgs[a.org]!, types, date: iso(a.day) });
            return { date: iso(a.day), types, org: orgs[a.org]! };
          });
          const today = iso(todayOffset);
          const report = ledger.must('complianceReport', { year: 2026, today });
          for (const rule of DEFAULT_COMPLIANCE_RULES.rules.filter((r) => r.enabled)) {
            for (const p of periodsOf(2026, rule.period)) {
              const inPeriod = made.filter((m) => m.types.includes(rule.type) && m.date >= p.start && m.date <= p.end);
              const required = rule.type === '党小组会' ? groupIds.length : 1;
              const held = rule.type === '党小组会' ? new Set(inPeriod.filter((m) => m.org !== branchId).map((m) => m.org)).size : inPeriod.length;
              const daysLeft = (Date.parse(p.end) - Date.parse(today)) / 86_400_000;
              const status: ComplianceStatus = held >= required ? 'done' : p.end < today ? 'overdue' : p.start > today ? 'future' : daysLeft < 7 ? 'due-soon' : 'open';
              const got = report.branches[0]!.cells.find((c) => c.type === rule.type && c.index === p.index)!;
              expect({ type: rule.type, index: p.index, held: got.held, status: got.status }).toEqual({ type: rule.type, index: p.index, held, status });
            }
          }
        } finally {
          ledger.cleanup();
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('property: quorum and counts for random attendance', () => {
  const statuses = fc.constantFrom<ActivityAttendanceStatus | null>('出席', '请假', '缺席', null);
  it('a 党员大会 needs more than half its voting members, a 支委会 more than half its committee; counts add up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 0, max: 12 }), fc.array(statuses, { minLength: 12, maxLength: 12 }), (size, fullRaw, marks) => {
        ledger = openTempLedger();
        try {
          const full = Math.min(fullRaw, size);
          const { branchId, members } = seedBranch(ledger, { size, full });
          const a = recordActivity(ledger, { partyOrgId: branchId, types: ['支部党员大会', '支部委员会'] });
          const entries = members.flatMap((m, i) => (marks[i] ? [{ personId: m.id, status: marks[i]!, reason: marks[i] === '请假' ? '事假' : null }] : []));
          const got = entries.length > 0 ? ledger.must('recordActivityAttendance', { activityId: a.id, entries }).activity : ledger.must('getActivity', { id: a.id });
          const present = (i: number) => marks[i] === '出席';
          const presentVoting = members.filter((m, i) => m.voting && present(i)).length;
          const committeePresent = [0, 1, 2].filter(present).length;
          const c = got.counts;
          expect(c.present + c.leave + c.absent + c.unrecorded).toBe(c.expected);
          expect(c).toMatchObject({ expected: size, expectedVoting: full, presentVoting, committeeExpected: 3, committeePresent });
          const [meeting, committee] = got.quorum;
          expect(meeting).toMatchObject({ rule: '支部党员大会', met: presentVoting * 2 > full, required: Math.floor(full / 2) + 1 });
          expect(committee).toMatchObject({ rule: '支部委员会', met: committeePresent * 2 > 3, required: 2 });
          // A warning only once attendance is recorded, and only when the rule is not met.
          expect(meeting!.warning !== null).toBe(entries.length > 0 && !meeting!.met);
        } finally {
          ledger.cleanup();
        }
      }),
      { numRuns: 30 },
    );
  });
});
