import { describe, expect, it } from 'vitest';
import type { AttendanceRow } from '../../../src/shared/training';
import {
  changedEntries,
  countMarks,
  markRestPresent,
  marksFrom,
  matchPeople,
  missingReasons,
  moveIndex,
  normaliseQuery,
  statusForKey,
} from '../../../src/ui/features/training/attendanceKeys';

const row = (seq: number, name: string, initials: string, status: AttendanceRow['status'] = null, reason: string | null = null): AttendanceRow => ({
  enrolmentId: `e${seq}`,
  personId: `p${seq}`,
  seq,
  name,
  initials,
  unit: '东村',
  post: null,
  phone: null,
  status,
  reason,
});

describe('attendance keyboard', () => {
  it('maps number keys to statuses and clearing keys to null; other keys do nothing', () => {
    expect(statusForKey('1')).toBe('出席');
    expect(statusForKey('2')).toBe('请假');
    expect(statusForKey('3')).toBe('缺席');
    expect(statusForKey('4')).toBe('迟到');
    expect(statusForKey('5')).toBe('早退');
    expect(statusForKey('0')).toBeNull();
    expect(statusForKey('Delete')).toBeNull();
    expect(statusForKey('Backspace')).toBeNull();
    expect(statusForKey('6')).toBeUndefined();
    expect(statusForKey('a')).toBeUndefined();
    expect(statusForKey('Enter')).toBeUndefined();
  });

  it('moves the cursor within the list and never past its ends', () => {
    expect(moveIndex(0, 'ArrowDown', 5, 3)).toBe(1);
    expect(moveIndex(4, 'ArrowDown', 5, 3)).toBe(4);
    expect(moveIndex(0, 'ArrowUp', 5, 3)).toBe(0);
    expect(moveIndex(1, 'PageDown', 5, 3)).toBe(4);
    expect(moveIndex(4, 'PageUp', 5, 3)).toBe(1);
    expect(moveIndex(2, 'Home', 5, 3)).toBe(0);
    expect(moveIndex(2, 'End', 5, 3)).toBe(4);
    expect(moveIndex(2, '1', 5, 3)).toBeUndefined();
    expect(moveIndex(0, 'ArrowDown', 0, 3)).toBeUndefined();
  });
});

describe('attendance draft', () => {
  const rows = [row(1, '张三', 'zs', '出席'), row(2, '李四', 'ls'), row(3, '王五', 'ww', '请假', '病假'), row(4, '赵六', 'zl')];

  it('sends only what changed, with reasons only where they mean something', () => {
    const saved = marksFrom(rows);
    const draft = marksFrom(rows);
    expect(changedEntries(rows, saved, draft)).toEqual([]);
    draft.p2 = { status: '请假', reason: ' 公务 ' };
    draft.p1 = { status: '出席', reason: 'left over' };
    draft.p3 = { status: null, reason: '病假' };
    expect(changedEntries(rows, saved, draft)).toEqual([
      { personId: 'p2', status: '请假', reason: '公务' },
      { personId: 'p3', status: null, reason: null },
    ]);
  });

  it('names 请假 without a reason before the core is asked', () => {
    const draft = marksFrom(rows);
    draft.p2 = { status: '请假', reason: '  ' };
    expect(missingReasons(rows, draft).map((r) => r.name)).toEqual(['李四']);
  });

  it('全部出席 fills only the unmarked and counts 实到 with 迟到 and 早退', () => {
    const draft = marksFrom(rows);
    draft.p4 = { status: '迟到', reason: '' };
    expect(markRestPresent(rows, draft)).toBe(1);
    expect(draft.p2?.status).toBe('出席');
    expect(draft.p3?.status).toBe('请假');
    expect(countMarks(rows, draft)).toEqual({ expected: 4, present: 3, leave: 1, absent: 0, unmarked: 0 });
  });
});

describe('quick check-in matching', () => {
  const rows = [row(1, '王伟', 'ww'), row(2, '吴伟', 'ww'), row(3, '王秀英', 'wxy'), row(4, '张三', 'zs'), row(5, '张三丰', 'zsf')];

  it('normalises what was typed', () => {
    expect(normaliseQuery('  Z S ')).toBe('zs');
  });

  it('matches initials exactly first, then by prefix, in printed order', () => {
    expect(matchPeople(rows, 'zs').map((r) => r.name)).toEqual(['张三', '张三丰']);
    expect(matchPeople(rows, 'ZS').map((r) => r.name)).toEqual(['张三', '张三丰']);
    expect(matchPeople(rows, 'w').map((r) => r.name)).toEqual(['王伟', '吴伟', '王秀英']);
    expect(matchPeople(rows, 'ww').map((r) => r.name)).toEqual(['王伟', '吴伟']);
  });

  it('matches names: the same name, then names starting with it, then containing it', () => {
    expect(matchPeople(rows, '张三').map((r) => r.name)).toEqual(['张三', '张三丰']);
    expect(matchPeople(rows, '秀英').map((r) => r.name)).toEqual(['王秀英']);
    expect(matchPeople(rows, '伟').map((r) => r.name)).toEqual(['王伟', '吴伟']);
  });

  it('matches the 序号 of the printed sheet', () => {
    expect(matchPeople(rows, '3').map((r) => r.name)).toEqual(['王秀英']);
    expect(matchPeople(rows, '9')).toEqual([]);
  });

  it('puts people not yet checked in first among equals, so a second 王伟 is one Enter away', () => {
    const inAlready = new Set(['p1']);
    expect(matchPeople(rows, 'ww', (r) => !inAlready.has(r.personId)).map((r) => r.name)).toEqual(['吴伟', '王伟']);
  });

  it('matches nothing for empty text', () => {
    expect(matchPeople(rows, '   ')).toEqual([]);
    expect(matchPeople(rows, 'xyz')).toEqual([]);
  });
});
