import { describe, expect, it } from 'vitest';
import { checkName, normaliseName } from '../../../src/shared/validate/name';
import { CJK } from '../../helpers/cjk';

function value(raw: string): string {
  const result = checkName(raw);
  if (!result.ok) throw new Error(`${raw} refused: ${result.message}`);
  return result.value;
}

function message(raw: string): string {
  const result = checkName(raw);
  if (result.ok) throw new Error(`${JSON.stringify(raw)} accepted as ${result.value}`);
  expect(result.message).toMatch(CJK);
  return result.message;
}

describe('checkName', () => {
  it('accepts ordinary names', () => {
    expect(value('张三')).toBe('张三');
    expect(value('王')).toBe('王');
    expect(value('欧阳娜娜')).toBe('欧阳娜娜');
  });

  it.each(['\u2022', '\u30FB', '\uFF0E', '\u2027', '\u22C5'])('normalises the middle-dot look-alike U+%s to U+00B7', (dot) => {
    expect(value(`阿不都${dot}热合曼`)).toBe('阿不都\u00B7热合曼');
    expect(normaliseName(`阿${dot}热`)).toBe('阿\u00B7热');
  });

  it('accepts long minority names: there is no 4-character cap', () => {
    expect(value('阿不都热合曼·买买提依明')).toBe('阿不都热合曼·买买提依明');
    expect(value('阿依古丽·阿不都热合曼·买买提')).toBe('阿依古丽·阿不都热合曼·买买提');
    expect(value('扎西次仁多吉')).toBe('扎西次仁多吉');
  });

  it('accepts exactly 30 characters and refuses 31, counting characters not UTF-16 units', () => {
    expect(value('阿'.repeat(30))).toHaveLength(30);
    expect(message('阿'.repeat(31))).toBe('姓名过长（31个字），最多30个字');
    // Rare characters outside the BMP (e.g. 𬌗) are one character each, two UTF-16 units.
    expect([...value('𬌗'.repeat(30))]).toHaveLength(30);
    expect(message('𬌗'.repeat(31))).toMatch(/31个字/);
  });

  it('accepts rare characters outside GB2312', () => {
    expect(value('刘䶮')).toBe('刘䶮');
    expect(value('王𬌗')).toBe('王𬌗');
  });

  it('removes half- and full-width spaces', () => {
    expect(value(' 张 三 ')).toBe('张三');
    expect(value('张\u3000三')).toBe('张三');
    expect(value('阿不都 · 热合曼')).toBe('阿不都·热合曼');
  });

  it('refuses an empty name', () => {
    expect(message('')).toBe('姓名不能为空');
    expect(message('  \u3000 ')).toBe('姓名不能为空');
  });

  it.each(['张三1', '张三２', '１号', '王五0'])('refuses digits (half- and full-width) in %j', (raw) => {
    expect(message(raw)).toMatch(/数字或标点/);
  });

  it.each(['张,三', '张，三', '张。三', '张、三', '张(三)', '张（三）', '张!三', '张?三', '张;三', '张:三', '张"三', '张“三”', '张@三', '张/三', '张_三', '张-三', '阿不都.热合曼', '张《三》', '张😀'])(
    'refuses punctuation and symbols in %j',
    (raw) => {
      expect(message(raw)).toMatch(/数字或标点/);
    },
  );

  it('refuses a name that starts or ends with the middle dot', () => {
    expect(message('·热合曼')).toMatch(/间隔号/);
    expect(message('阿不都·')).toMatch(/间隔号/);
    expect(message('阿不都\u2022')).toMatch(/间隔号/);
  });
});
