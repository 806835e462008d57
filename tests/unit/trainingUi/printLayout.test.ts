import { describe, expect, it } from 'vitest';
import type { AttendanceRow, CourseSummary, Enrolment } from '../../../src/shared/training';
import { pageCount, rowsOnPages, rowsPerPage } from '../../../src/ui/features/print/paging';
import { cellFitMm, pageCss } from '../../../src/ui/features/print/printLayout';
import { courseRosterRows, hoursText, plannedHours } from '../../../src/ui/features/trainingPrint/courseRoster';
import {
  chineseDate,
  courseDatesText,
  parseCount,
  sessionTimeText,
  SIGN_IN_COLUMNS_MM,
  SIGN_IN_GEOMETRY,
  SIGN_IN_ROW_MM,
  SIGN_IN_WIDTH_MM,
  signInRows,
} from '../../../src/ui/features/trainingPrint/signInLayout';

function person(seq: number, name: string, phone: string | null = '13912341234'): AttendanceRow {
  return { enrolmentId: `e${seq}`, personId: `p${seq}`, seq, name, initials: '', unit: '东村', post: null, phone, status: null, reason: null };
}

describe('page maths', () => {
  const g = { contentMm: 100, headerRowMm: 10, rowMm: 10, firstPageExtraMm: 30, slackMm: 2 };

  it('fits whole rows under the repeated header, fewer on page 1', () => {
    expect(rowsPerPage(g)).toEqual({ first: 5, other: 8 });
  });

  it('spreads rows over pages, and prints one page when empty', () => {
    expect(rowsOnPages(0, g)).toEqual([0]);
    expect(rowsOnPages(5, g)).toEqual([5]);
    expect(rowsOnPages(6, g)).toEqual([5, 1]);
    expect(rowsOnPages(21, g)).toEqual([5, 8, 8]);
    expect(rowsOnPages(22, g)).toEqual([5, 8, 8, 1]);
    expect(pageCount(22, g)).toBe(4);
  });

  it('refuses a page that cannot hold one row', () => {
    expect(() => rowsPerPage({ ...g, firstPageExtraMm: 95 })).toThrow();
  });

  it('gives the sign-in sheet rows of at least 1 cm, a 3 cm signature column, and the printable width', () => {
    expect(SIGN_IN_ROW_MM).toBeGreaterThanOrEqual(10);
    expect(SIGN_IN_COLUMNS_MM.signature).toBeGreaterThanOrEqual(30);
    expect(Object.values(SIGN_IN_COLUMNS_MM).reduce((a, b) => a + b, 0)).toBe(SIGN_IN_WIDTH_MM);
    // 40 people: 19 on page 1 under the header block, 21 on page 2.
    expect(rowsOnPages(40, SIGN_IN_GEOMETRY)).toEqual([19, 21]);
    expect(rowsPerPage(SIGN_IN_GEOMETRY).other).toBe(23);
  });

  it('writes the page size and margins into @page', () => {
    expect(pageCss('"x"', 'portrait', '14mm 15mm 16mm 15mm')).toContain('size: A4 portrait;\n  margin: 14mm 15mm 16mm 15mm;');
    expect(pageCss('"x"')).toContain('size: A4 landscape;');
  });

  it('shrinks text too long for two lines of a column given in mm', () => {
    expect(cellFitMm('东村', 36)).toBe('normal');
    expect(cellFitMm('红旗镇红旗村第三村民小组党支部联合办公室驻地工作站', 36)).toBe('small');
  });
});

describe('sign-in rows', () => {
  const people = [person(2, '李四'), person(1, '张三'), person(3, '王五', null)];

  it('lists the enrolled in printed order (seq), phones masked, then numbered blank rows', () => {
    const rows = signInRows(people, { names: true, blank: 2, maskPhones: true });
    expect(rows.map((r) => [r.index, r.name, r.phone])).toEqual([
      [1, '张三', '139****1234'],
      [2, '李四', '139****1234'],
      [3, '王五', ''],
      [4, '', ''],
      [5, '', ''],
    ]);
  });

  it('shows full phones when asked, leaves landlines as typed', () => {
    const rows = signInRows([person(1, '张三'), person(2, '李四', '0371-12345678')], { names: true, blank: 0, maskPhones: true });
    expect(rows.map((r) => r.phone)).toEqual(['139****1234', '0371-12345678']);
    expect(signInRows(people, { names: true, blank: 0, maskPhones: false })[0]!.phone).toBe('13912341234');
  });

  it('prints only numbered empty rows on a blank sheet, within limits', () => {
    const rows = signInRows(people, { names: false, blank: 4, maskPhones: true });
    expect(rows.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(rows.every((r) => r.name === '' && r.phone === '')).toBe(true);
    expect(signInRows(people, { names: false, blank: 10_000, maskPhones: true })).toHaveLength(500);
    expect(signInRows(people, { names: false, blank: -3, maskPhones: true })).toHaveLength(0);
  });

  it('reads counts from the URL, falling back on anything odd', () => {
    expect(parseCount('12', 0)).toBe(12);
    expect(parseCount(null, 7)).toBe(7);
    expect(parseCount('-1', 7)).toBe(7);
    expect(parseCount('abc', 7)).toBe(7);
    expect(parseCount('9999', 7)).toBe(7);
  });

  it('writes dates and times the way official forms do', () => {
    expect(chineseDate('2026-03-02')).toBe('2026年3月2日');
    expect(sessionTimeText({ date: '2026-03-02', period: '上午', startTime: '08:30', endTime: '12:00' })).toBe('2026年3月2日 上午 08:30—12:00');
    expect(courseDatesText('2026-03-02', '2026-03-04')).toBe('2026年3月2日至3月4日');
    expect(courseDatesText('2026-12-30', '2027-01-02')).toBe('2026年12月30日至2027年1月2日');
    expect(courseDatesText('2026-03-02', '2026-03-02')).toBe('2026年3月2日');
  });
});

describe('course roster rows', () => {
  const course = { sessionCount: 2, sessionHours: 8, plannedHours: 12 } as CourseSummary;
  const base = {
    id: 'e1',
    seq: 1,
    name: '张三',
    gender: '男',
    unit: '东村',
    post: '村委委员',
    phone: '13912341234',
    personDeleted: false,
    leaveHours: 0,
    creditedHours: 8,
    hoursOverride: null,
    overrideReason: null,
    result: '合格',
    note: null,
  } as Enrolment;
  const labels = { deleted: '已删除', leave: (h: string) => `请假${h}学时`, override: (r: string) => `认定：${r}` };

  it('fills 应参加 from the sessions (else the plan), 实际 from the credited hours, notes from leave and overrides', () => {
    expect(plannedHours(course)).toBe(8);
    expect(plannedHours({ ...course, sessionCount: 0 })).toBe(12);
    const rows = courseRosterRows(
      course,
      [
        { ...base, id: 'e2', seq: 2, name: '李四', leaveHours: 4, creditedHours: 4, result: null, note: '病假' },
        { ...base, hoursOverride: 6, overrideReason: '补课', creditedHours: 6, personDeleted: true },
      ],
      { maskPhones: true, labels },
    );
    expect(rows.map((r) => r.id)).toEqual(['e1', 'e2']);
    expect(rows[0]!.cells).toEqual(['张三', '男', '东村', '村委委员', '139****1234', '8', '6', '合格', '已删除；认定：补课']);
    expect(rows[1]!.cells.slice(5)).toEqual(['8', '4', '', '请假4学时；病假']);
  });

  it('prints hours without trailing zeros', () => {
    expect(hoursText(7.5)).toBe('7.5');
    expect(hoursText(8)).toBe('8');
    expect(hoursText(1 / 3)).toBe('0.33');
    expect(hoursText(null)).toBe('');
  });
});
