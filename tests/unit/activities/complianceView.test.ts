import { describe, expect, it } from 'vitest';
import type { ActivityAttendanceRow } from '../../../src/shared/activities';
import { cellText, complianceRows, monthSpan, typeSummaries } from '../../../src/shared/complianceView';
import { leaveText, meetingSignInRows, meetingTimeText, MEETING_SIGN_IN_COLUMNS_MM, paragraphs } from '../../../src/ui/features/activitiesCompliance/activityPrint';
import { SIGN_IN_WIDTH_MM } from '../../../src/ui/features/trainingPrint/signInLayout';
import { openTempLedger } from '../../helpers/ledger';
import { COMPLIANCE_TODAY, COMPLIANCE_YEAR, seedComplianceYear } from '../../helpers/complianceSeed';

describe('compliance rows', () => {
  it('lays periods over months and writes the symbol with counts where they matter', () => {
    expect(monthSpan('month', 5)).toEqual({ month: 5, span: 1 });
    expect(monthSpan('quarter', 3)).toEqual({ month: 7, span: 3 });
    expect(monthSpan('year', 1)).toEqual({ month: 1, span: 12 });
    expect(cellText({ status: 'done', held: 1, required: 1 })).toBe('✓');
    expect(cellText({ status: 'done', held: 3, required: 1 })).toBe('✓');
    expect(cellText({ status: 'overdue', held: 1, required: 2 })).toBe('✗ 1/2');
    expect(cellText({ status: 'open', held: 0, required: 1 })).toBe('○');
    expect(cellText({ status: 'future', held: 0, required: 2 })).toBe('');
    expect(cellText({ status: 'not-required', held: 0, required: 0 })).toBe('—');
  });

  it('gives per branch × type and per type the same numbers as the core report', () => {
    const ledger = openTempLedger();
    try {
      seedComplianceYear(ledger);
      const report = ledger.must('complianceReport', { year: COMPLIANCE_YEAR, today: COMPLIANCE_TODAY });
      const rows = complianceRows(report);
      expect(rows.map((r) => `${r.branch}/${r.type}`).slice(0, 6)).toEqual(['东村党支部/支部党员大会', '东村党支部/支部委员会', '东村党支部/党小组会', '东村党支部/主题党日', '东村党支部/组织生活会', '东村党支部/民主评议党员']);
      for (const r of rows) {
        expect(r.cells.reduce((n, c) => n + c.span, 0), `${r.branch} ${r.type}`).toBe(12);
        const byType = report.branches.find((b) => b.partyOrgId === r.partyOrgId)!.byType.find((b) => b.type === r.type)!;
        expect({ required: r.required, done: r.done, overdue: r.overdue, overduePeriods: r.overduePeriods }).toEqual({ required: byType.required, done: byType.done, overdue: byType.overdue, overduePeriods: byType.overduePeriods });
      }
      const themeDay = typeSummaries(rows).find((s) => s.type === '主题党日')!;
      expect(themeDay).toMatchObject({ required: 24, done: 2, overdue: 6, pending: 16, held: 2 });
      expect(themeDay.overduePeriods).toContainEqual({ branch: '西村党支部', period: '2025年1月' });
    } finally {
      ledger.cleanup();
    }
  });
});

describe('meeting printouts', () => {
  const row = (name: string, status: ActivityAttendanceRow['status'], reason: string | null = null): ActivityAttendanceRow => ({
    personId: name,
    name,
    memberType: '正式党员',
    voting: true,
    committeeRole: null,
    groupName: '第一党小组',
    status,
    reason,
  });

  it('writes time, leave and paragraphs as the 会议记录 prints them', () => {
    expect(meetingTimeText({ date: '2026-03-05', startTime: '09:00', endTime: '11:30' })).toBe('2026年3月5日 09:00—11:30');
    expect(meetingTimeText({ date: '2026-03-05', startTime: null, endTime: null })).toBe('2026年3月5日');
    expect(leaveText([row('王建国', '出席'), row('陈强', '请假', '外出务工'), row('杨静', '请假')])).toBe('陈强（外出务工）、杨静');
    expect(paragraphs('　　第一段\r\n\r\n第二段  ')).toEqual(['第一段', '第二段']);
  });

  it('fills the sign-in sheet: members, then 列席, then blank rows; columns fill the page width', () => {
    const rows = meetingSignInRows({ rows: [row('王建国', null), row('李秀英', null)], observers: [{ name: '刘志明', note: '镇党委组织委员' }] }, { blank: 2, observerLabel: '列席' });
    expect(rows.map((r) => [r.index, r.name, r.memberType, r.kind])).toEqual([
      [1, '王建国', '正式党员', 'member'],
      [2, '李秀英', '正式党员', 'member'],
      [3, '刘志明', '列席', 'observer'],
      [4, '', '', 'blank'],
      [5, '', '', 'blank'],
    ]);
    expect(Object.values(MEETING_SIGN_IN_COLUMNS_MM).reduce((a, b) => a + b, 0)).toBe(SIGN_IN_WIDTH_MM);
    expect(MEETING_SIGN_IN_COLUMNS_MM.signature).toBeGreaterThanOrEqual(30);
  });
});
