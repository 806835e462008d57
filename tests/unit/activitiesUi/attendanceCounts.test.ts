import { describe, expect, it } from 'vitest';
import type { ActivityAttendanceRow } from '../../../src/shared/activities';
import { liveCounts, observerInput, sameObservers } from '../../../src/ui/features/activities/attendanceCounts';
import { base64Bytes, dataUrlBase64, fitWithin } from '../../../src/ui/features/activities/thumbnail';
import { changedEntries, marksFrom, missingReasons } from '../../../src/ui/features/training/attendanceKeys';

const row = (i: number, voting: boolean, committeeRole: ActivityAttendanceRow['committeeRole'] = null): ActivityAttendanceRow => ({
  personId: `p${i}`,
  name: `党员${i}`,
  memberType: voting ? '正式党员' : '预备党员',
  voting,
  committeeRole,
  groupName: null,
  status: null,
  reason: null,
});

describe('activity attendance counts', () => {
  it('counts 应到/实到/请假/缺席 with voting members and the committee apart', () => {
    const rows = [row(1, true, '书记'), row(2, true, '组织委员'), row(3, true), row(4, false), row(5, false)];
    const draft = marksFrom(rows);
    draft.p1 = { status: '出席', reason: '' };
    draft.p2 = { status: '请假', reason: '' };
    draft.p4 = { status: '出席', reason: '' };
    draft.p5 = { status: '缺席', reason: '' };
    expect(liveCounts(rows, draft)).toEqual({ expected: 5, expectedVoting: 3, present: 2, presentVoting: 1, leave: 1, absent: 1, unmarked: 1, committeeExpected: 2, committeePresent: 1 });
    // The training sheet's rules work on these rows too: a 请假 without its reason is named before saving.
    expect(missingReasons(rows, draft).map((r) => r.name)).toEqual(['党员2']);
    expect(changedEntries(rows, marksFrom(rows), draft).map((e) => e.personId)).toEqual(['p1', 'p2', 'p4', 'p5']);
  });

  it('keeps 列席 lines with a name, trimmed', () => {
    const drafts = [{ name: ' 刘书记 ', note: ' 镇党委组织委员 ' }, { name: ' ', note: '空行' }, { name: '张三', note: '' }];
    expect(observerInput(drafts)).toEqual([{ name: '刘书记', note: '镇党委组织委员' }, { name: '张三', note: null }]);
    expect(sameObservers(drafts, [{ name: '刘书记', note: '镇党委组织委员' }, { name: '张三', note: null }])).toBe(true);
    expect(sameObservers(drafts, [])).toBe(false);
  });
});

describe('attachment helpers', () => {
  it('fits a picture within 320 px, never enlarging it', () => {
    expect(fitWithin(640, 480)).toEqual({ width: 320, height: 240 });
    expect(fitWithin(1000, 4000)).toEqual({ width: 80, height: 320 });
    expect(fitWithin(200, 100)).toEqual({ width: 200, height: 100 });
    expect(fitWithin(0, 100)).toEqual({ width: 0, height: 0 });
  });

  it('reads base64 out of a data URL and counts its bytes', () => {
    expect(dataUrlBase64('data:image/jpeg;base64,QUJD')).toBe('QUJD');
    expect(base64Bytes('QUJD')).toBe(3);
    expect(base64Bytes('QUI=')).toBe(2);
    expect(base64Bytes('QQ==')).toBe(1);
  });
});
