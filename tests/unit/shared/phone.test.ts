import { describe, expect, it } from 'vitest';
import { checkPhone, maskPhone } from '../../../src/shared/validate/phone';
import { CJK } from '../../helpers/cjk';

function value(raw: string): string {
  const result = checkPhone(raw);
  if (!result.ok) throw new Error(`${raw} refused: ${result.message}`);
  return result.value;
}

function message(raw: string): string {
  const result = checkPhone(raw);
  if (result.ok) throw new Error(`${raw} accepted as ${result.value}`);
  expect(result.message).toMatch(CJK);
  return result.message;
}

describe('checkPhone: mobiles', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    [' 138\u30000013\u30008000 ', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-138-0013-8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['0086 138 0013 8000', '13800138000'],
  ])('normalises %j to %s', (raw, expected) => {
    expect(value(raw)).toBe(expected);
  });

  it.each(['19912345678', '19112345678', '16612345678', '16212345678', '14712345678', '14512345678', '17012345678', '15012345678', '18912345678'])(
    'accepts the newer range %s (operator prefixes are not hard-coded)',
    (raw) => {
      expect(value(raw)).toBe(raw);
    },
  );

  it('refuses 10 and 12 digit mobiles with the length in the message', () => {
    expect(message('1380013800')).toBe('手机号码应为11位，当前为10位');
    expect(message('138001380001')).toBe('手机号码应为11位，当前为12位');
    expect(message('+86 138 0013 800')).toMatch(/当前为10位/);
  });

  it('refuses 11 digits starting 10, 11 or 12', () => {
    for (const raw of ['10012345678', '11012345678', '12012345678']) expect(message(raw)).toMatch(/格式不正确/);
  });
});

describe('checkPhone: office landlines', () => {
  it.each([
    ['0371-12345678', '0371-12345678'],
    ['037112345678', '037112345678'],
    ['010-12345678', '010-12345678'],
    ['01012345678', '01012345678'],
    ['0371-1234567', '0371-1234567'],
    ['0371-12345678-123', '0371-12345678-123'],
    ['0371-12345678-1', '0371-12345678-1'],
    ['0371 1234 5678', '037112345678'],
  ])('accepts %j as %s', (raw, expected) => {
    expect(value(raw)).toBe(expected);
  });

  it.each(['0371-123456', '0371-123456789', '371-12345678', '0371-12345678-1234567', '0371--12345678', 'abc', '电话', '12345'])('refuses %j', (raw) => {
    expect(message(raw)).toMatch(/联系电话格式不正确|手机号码应为11位/);
  });

  it('refuses an empty number', () => {
    expect(message('')).toBe('联系电话不能为空');
    expect(message(' \u3000 ')).toBe('联系电话不能为空');
  });
});

describe('maskPhone', () => {
  it('masks the middle four digits of a mobile', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('19912345678')).toBe('199****5678');
  });

  it('leaves landlines and anything else alone', () => {
    expect(maskPhone('0371-12345678')).toBe('0371-12345678');
    expect(maskPhone('')).toBe('');
    expect(maskPhone('1380013800')).toBe('1380013800');
  });
});
