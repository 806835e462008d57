import { describe, expect, it } from 'vitest';
import { attendanceText, readAttendance } from '../../../src/core/training/excel/attendanceValues';
import { parseSessionHeader } from '../../../src/core/training/excel/trainingColumns';

/** How attendance marks and session headers are read, cell by cell. */

describe('readAttendance', () => {
  it.each([
    ['出席', '出席', null],
    ['√', '出席', null],
    ['✓', '出席', null],
    ['到', '出席', null],
    ['已签到', '出席', null],
    [' 张三 ', '出席', null],
    ['迟到', '迟到', null],
    ['早退', '早退', null],
    ['缺席', '缺席', null],
    ['缺', '缺席', null],
    ['×', '缺席', null],
    ['X', '缺席', null],
    ['TRUE', '出席', null],
    ['0', '缺席', null],
    ['请假（病假）', '请假', '病假'],
    ['请假(住院)', '请假', '住院'],
    ['请假：外出务工', '请假', '外出务工'],
    ['病假', '请假', '病假'],
    ['事假（外出）', '请假', '事假（外出）'],
    ['假', '请假', null],
    ['请假', '请假', null],
  ])('reads %s', (raw, status, reason) => {
    expect(readAttendance(raw, '张三')).toEqual({ ok: true, status, reason });
  });

  it('leaves an empty cell unrecorded and names an unknown mark in Chinese', () => {
    expect(readAttendance('  ', '张三')).toBeNull();
    const r = readAttendance('好的', '张三');
    expect(r).toMatchObject({ ok: false });
    expect(r && !r.ok && r.message).toContain('无法识别的考勤“好的”');
  });

  it('writes what it reads', () => {
    expect(attendanceText('请假', '病假')).toBe('请假（病假）');
    expect(readAttendance(attendanceText('请假', '病假'), '张三')).toEqual({ ok: true, status: '请假', reason: '病假' });
    expect(attendanceText(null, null)).toBe('');
  });
});

describe('parseSessionHeader', () => {
  it.each([
    ['3月2日上午', { year: null, month: 3, day: 2, period: '上午' }],
    ['3月2日\n下午', { year: null, month: 3, day: 2, period: '下午' }],
    ['3月2日（上午）', { year: null, month: 3, day: 2, period: '上午' }],
    ['2026-03-02 上午', { year: 2026, month: 3, day: 2, period: '上午' }],
    ['2026年3月2日', { year: 2026, month: 3, day: 2, period: null }],
    ['3.2上午签到', { year: null, month: 3, day: 2, period: '上午' }],
    ['上午', { year: null, month: null, day: null, period: '上午' }],
    ['晚间', { year: null, month: null, day: null, period: '晚上' }],
    ['3月2日（星期一）', { year: null, month: 3, day: 2, period: null }],
    ['考勤（3月2日上午）', { year: null, month: 3, day: 2, period: '上午' }],
  ])('reads %s', (text, expected) => {
    expect(parseSessionHeader(text)).toEqual(expected);
  });

  it.each(['姓名', '上午课程题目', '13月2日', '备注', '联系电话', '签到', '考勤情况', '请假原因', '学习内容（上午）'])('is not a session: %s', (text) => {
    expect(parseSessionHeader(text)).toBeNull();
  });
});
