import { describe, expect, it } from 'vitest';
import { namePinyin } from '../../../src/core/people/pinyin';

describe('namePinyin', () => {
  it('gives syllables separated by spaces and their initials', () => {
    expect(namePinyin('张三')).toEqual({ full: 'zhang san', initials: 'zs' });
    expect(namePinyin('王')).toEqual({ full: 'wang', initials: 'w' });
  });

  it('reads polyphonic surnames as surnames', () => {
    expect(namePinyin('单伟')).toEqual({ full: 'shan wei', initials: 'sw' });
    expect(namePinyin('曾小明')).toEqual({ full: 'zeng xiao ming', initials: 'zxm' });
    expect(namePinyin('解放').full).toBe('xie fang');
    expect(namePinyin('仇').full).toBe('qiu');
    expect(namePinyin('朴').full).toBe('piao');
  });

  it('writes ü as v and drops the middle dot', () => {
    expect(namePinyin('吕布')).toEqual({ full: 'lv bu', initials: 'lb' });
    expect(namePinyin('阿不都·热合曼')).toEqual({ full: 'a bu dou re he man', initials: 'abdrhm' });
  });

  it('handles rare characters', () => {
    expect(namePinyin('刘䶮').full).toBe('liu yan');
  });

  it('keeps non-Chinese letters together as one word', () => {
    expect(namePinyin('张John').full).toBe('zhang john');
  });

  it('orders keys syllable by syllable when compared as text', () => {
    const keys = ['梁朝伟', '李伟', '黄磊', '华伟', '王', '万里', '王伟', '王强伟'].map((n) => [namePinyin(n).full, n] as const);
    expect([...keys].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((k) => k[1])).toEqual(['华伟', '黄磊', '李伟', '梁朝伟', '万里', '王', '王强伟', '王伟']);
  });
});
