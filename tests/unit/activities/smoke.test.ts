import { afterEach, describe, expect, it } from 'vitest';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { recordActivity, seedBranch } from '../../helpers/activities';

let ledger: TempLedger;
afterEach(() => ledger?.cleanup());

describe('activities smoke', () => {
  it('records a 主题党日 that is also the quarter 党员大会, with attendance, quorum and the calendar', () => {
    ledger = openTempLedger();
    const { branchId, members } = seedBranch(ledger, { size: 10, full: 8 });
    const branch = ledger.must('listPartyMembers', { partyOrgId: branchId });
    expect(branch.counts).toEqual({ members: 10, full: 8, probationary: 2 });
    expect(branch.committee.map((s) => s.role)).toEqual(['书记', '组织委员', '宣传委员']);
    const activity = recordActivity(ledger, { partyOrgId: branchId, types: ['主题党日', '支部党员大会'], resolutions: [{ text: '同意接收张伟为预备党员', for: 5, against: 0, abstain: 0 }] });
    expect(activity.counts).toMatchObject({ expected: 10, expectedVoting: 8, unrecorded: 10 });
    const att = ledger.must('recordActivityAttendance', {
      activityId: activity.id,
      entries: members.map((m, i) => ({ personId: m.id, status: i < 4 ? '出席' : i === 4 ? '请假' : '缺席', reason: i === 4 ? '外出务工' : null })),
      observers: [{ name: '刘书记', note: '镇党委组织委员' }],
    });
    expect(att.activity.counts).toMatchObject({ present: 4, presentVoting: 4, leave: 1, absent: 5, observers: 1 });
    expect(att.activity.quorum[0]).toMatchObject({ rule: '支部党员大会', met: false, required: 5 });
    expect(att.activity.quorum[0]!.warning).toContain('未超过应到 8 人的半数');
    expect(att.activity.resolutions[0]!.passed).toBe(true);
    const report = ledger.must('complianceReport', { year: 2026, today: '2026-05-20' });
    const cells = report.branches[0]!.cells;
    expect(cells.find((c) => c.type === '主题党日' && c.index === 3)!.status).toBe('done');
    expect(cells.find((c) => c.type === '主题党日' && c.index === 4)!.status).toBe('overdue');
    expect(cells.find((c) => c.type === '支部党员大会' && c.index === 1)!.status).toBe('done');
    expect(cells.find((c) => c.type === '支部党员大会' && c.index === 2)!.status).toBe('open');
  });
});
