import { describe, expect, it } from 'vitest';
import { ageOn, formatYearMonth, parseLooseDate } from '../../../src/shared/validate/date';
import { CJK } from '../../helpers/cjk';

function value(raw: string): string {
  const result = parseLooseDate(raw, '出生日期');
  if (!result.ok) throw new Error(`${raw} refused: ${result.message}`);
  return result.value;
}

function message(raw: string, label = '入党时间'): string {
  const result = parseLooseDate(raw, label);
  if (result.ok) throw new Error(`${raw} accepted as ${result.value}`);
  expect(result.message).toMatch(CJK);
  expect(result.message).toContain(label);
  expect(result.message).toContain(raw);
  return result.message;
}

describe('parseLooseDate', () => {
  it.each([
    ['1980-01-02', '1980-01-02'],
    ['1980.1.2', '1980-01-02'],
    ['1980.01.02', '1980-01-02'],
    ['1980/01/02', '1980-01-02'],
    ['1980/1/2', '1980-01-02'],
    ['1980年1月2日', '1980-01-02'],
    ['1980年01月02日', '1980-01-02'],
    ['19800102', '1980-01-02'],
    [' 1980 - 01 - 02 ', '1980-01-02'],
    ['2000-02-29', '2000-02-29'],
  ])('reads the full date %j as %s', (raw, expected) => {
    expect(value(raw)).toBe(expected);
  });

  it.each([
    ['1980.01', '1980-01'],
    ['1980.1', '1980-01'],
    ['1980-1', '1980-01'],
    ['1980-01', '1980-01'],
    ['1980/12', '1980-12'],
    ['198001', '1980-01'],
    ['1980年1月', '1980-01'],
    ['1980年12月', '1980-12'],
  ])('keeps the month-only form %j month-only as %s', (raw, expected) => {
    expect(value(raw)).toBe(expected);
  });

  it.each(['1980-02-30', '1980.2.30', '1900-02-29', '2023-02-29', '19800230', '1980-04-31', '1980-13-01', '1980-00-10', '1980年2月30日'])(
    'refuses the impossible date %j, naming the field',
    (raw) => {
      expect(message(raw)).toMatch(/不是有效日期/);
    },
  );

  it.each(['1980.13', '1980-0', '198000', '198013', '1980年13月'])('refuses the impossible month %j', (raw) => {
    expect(message(raw)).toMatch(/月份不正确/);
  });

  it.each(['', 'abc', '1980', '80.01', '1980-01-02-03', '1980-001-02', '一九八〇年一月', '1980.01.02.', '01/02/1980'])('refuses the unrecognisable %j', (raw) => {
    expect(message(raw, '参加工作时间')).toMatch(/无法识别/);
  });
});

describe('formatYearMonth', () => {
  it('prints year and month with a dot, as cadre documents do', () => {
    expect(formatYearMonth('1980-01-02')).toBe('1980.01');
    expect(formatYearMonth('1980-01')).toBe('1980.01');
    expect(formatYearMonth('2001-07-01')).toBe('2001.07');
  });

  it('prints nothing for a missing date', () => {
    expect(formatYearMonth(null)).toBe('');
    expect(formatYearMonth(undefined)).toBe('');
    expect(formatYearMonth('')).toBe('');
  });
});

describe('ageOn', () => {
  it('counts whole years, turning over on the birthday', () => {
    expect(ageOn('1980-06-15', new Date(2025, 5, 14))).toBe(44);
    expect(ageOn('1980-06-15', new Date(2025, 5, 15))).toBe(45);
    expect(ageOn('1980-06-15', new Date(2025, 5, 16))).toBe(45);
    expect(ageOn('1980-01-01', new Date(2025, 0, 1))).toBe(45);
    expect(ageOn('1980-12-31', new Date(2025, 11, 30))).toBe(44);
  });

  it('handles a month-only birth date by whole months', () => {
    expect(ageOn('1980-06', new Date(2025, 4, 31))).toBe(44);
    expect(ageOn('1980-06', new Date(2025, 5, 1))).toBe(45);
    expect(ageOn('1980-06', new Date(2025, 5, 30))).toBe(45);
  });

  it('handles a leap-day birthday', () => {
    expect(ageOn('2000-02-29', new Date(2018, 1, 28))).toBe(17);
    expect(ageOn('2000-02-29', new Date(2018, 2, 1))).toBe(18);
    expect(ageOn('2000-02-29', new Date(2020, 1, 29))).toBe(20);
  });

  it('is zero in the first year', () => {
    expect(ageOn('2025-01-01', new Date(2025, 5, 15))).toBe(0);
  });
});
