import { describe, expect, it } from 'vitest';
import { PERSON_CATEGORIES } from '../../../src/shared/codes/category';
import { EDUCATIONS, EDUCATION_GROUPS } from '../../../src/shared/codes/education';
import { ETHNICITIES } from '../../../src/shared/codes/ethnicity';
import { GENDERS } from '../../../src/shared/codes/gender';
import { PARTY_MEMBER_CODES, POLITICAL_STATUSES } from '../../../src/shared/codes/political';
import { createCodeTable } from '../../../src/shared/codes/table';

/** GB/T 3304-1991 as tabulated in REFERENCE §3.2 (code order = list order). */
const GB_3304 =
  '汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族'.split(' ');

/** GB/T 4762-1984 (REFERENCE §3.3): code, full name, short name. */
const GB_4762: [string, string, string][] = [
  ['01', '中国共产党党员', '中共党员'],
  ['02', '中国共产党预备党员', '中共预备党员'],
  ['03', '中国共产主义青年团团员', '共青团员'],
  ['04', '中国国民党革命委员会会员', '民革会员'],
  ['05', '中国民主同盟盟员', '民盟盟员'],
  ['06', '中国民主建国会会员', '民建会员'],
  ['07', '中国民主促进会会员', '民进会员'],
  ['08', '中国农工民主党党员', '农工党党员'],
  ['09', '中国致公党党员', '致公党党员'],
  ['10', '九三学社社员', '九三学社社员'],
  ['11', '台湾民主自治同盟盟员', '台盟盟员'],
  ['12', '无党派民主人士', '无党派民主人士'],
  ['13', '群众', '群众'],
];

/** GB/T 4658-2006 leaf codes (REFERENCE §3.4). */
const GB_4658_LEAVES =
  '11 博士研究生毕业,12 博士研究生结业,13 博士研究生肄业,14 硕士研究生毕业,15 硕士研究生结业,16 硕士研究生肄业,17 研究生班毕业,18 研究生班结业,19 研究生班肄业,21 大学本科毕业,22 大学本科结业,23 大学本科肄业,28 大学普通班毕业,31 大学专科毕业,32 大学专科结业,33 大学专科肄业,41 中等专科毕业,42 中等专科结业,43 中等专科肄业,44 职业高中毕业,45 职业高中结业,46 职业高中肄业,47 技工学校毕业,48 技工学校结业,49 技工学校肄业,61 普通高中毕业,62 普通高中结业,63 普通高中肄业,71 初中毕业,73 初中肄业,81 小学毕业,83 小学肄业,90 其他'
    .split(',')
    .map((s) => s.split(' ') as [string, string]);

describe('民族 GB/T 3304-1991', () => {
  it('has the 56 ethnic groups with codes 01..56 in the standard’s order', () => {
    expect(ETHNICITIES.entries).toHaveLength(56);
    ETHNICITIES.entries.forEach((e, i) => {
      expect(e.code).toBe(String(i + 1).padStart(2, '0'));
      expect(e.name).toBe(GB_3304[i]);
    });
  });

  it('has unique codes, names and letter codes', () => {
    const codes = ETHNICITIES.entries.map((e) => e.code);
    const names = ETHNICITIES.entries.map((e) => e.name);
    const alpha2 = ETHNICITIES.entries.map((e) => e.alpha2);
    expect(new Set(codes).size).toBe(56);
    expect(new Set(names).size).toBe(56);
    expect(new Set(alpha2).size).toBe(56);
    for (const e of ETHNICITIES.entries) expect(e.name.endsWith('族')).toBe(true);
  });

  it('follows the gov.cn-cited letter codes for the disputed cells', () => {
    expect(ETHNICITIES.find('水族')?.alpha2).toBe('SU');
    expect(ETHNICITIES.find('藏族')?.alpha2).toBe('ZA');
    expect(ETHNICITIES.find('仫佬族')?.romanization).toBe('Mulao');
  });

  it('finds an entry by full name, short name without 族, or code', () => {
    expect(ETHNICITIES.find('汉')?.name).toBe('汉族');
    expect(ETHNICITIES.find('汉族')?.code).toBe('01');
    expect(ETHNICITIES.find('蒙古')?.name).toBe('蒙古族');
    expect(ETHNICITIES.find('维吾尔')?.code).toBe('05');
    expect(ETHNICITIES.find('柯尔克孜')?.code).toBe('29');
    expect(ETHNICITIES.find('基诺')?.code).toBe('56');
    expect(ETHNICITIES.find('01')?.name).toBe('汉族');
    expect(ETHNICITIES.find('56')?.name).toBe('基诺族');
    for (const e of ETHNICITIES.entries) expect(ETHNICITIES.find(e.name.replace(/族$/, ''))).toBe(e);
  });

  it('ignores spaces when finding', () => {
    expect(ETHNICITIES.find(' 汉 族 ')?.code).toBe('01');
    expect(ETHNICITIES.find('蒙\u3000古')?.code).toBe('02');
  });

  it('does not offer codes outside the standard', () => {
    expect(ETHNICITIES.byCode('00')).toBeUndefined();
    expect(ETHNICITIES.byCode('57')).toBeUndefined();
    expect(ETHNICITIES.byCode('97')).toBeUndefined();
    expect(ETHNICITIES.byCode('98')).toBeUndefined();
    expect(ETHNICITIES.byCode('1')).toBeUndefined();
    expect(ETHNICITIES.find('外国血统中国籍人士')).toBeUndefined();
    expect(ETHNICITIES.find('火星族')).toBeUndefined();
    expect(ETHNICITIES.find('')).toBeUndefined();
    expect(ETHNICITIES.byCode('01')?.name).toBe('汉族');
  });
});

describe('政治面貌 GB/T 4762-1984', () => {
  it('has the 13 statuses with codes 01..13, short and full names', () => {
    expect(POLITICAL_STATUSES.entries).toHaveLength(13);
    POLITICAL_STATUSES.entries.forEach((e, i) => {
      const [code, fullName, shortName] = GB_4762[i]!;
      expect(e).toEqual({ code, name: shortName, fullName });
    });
  });

  it('finds by full name, short name and code', () => {
    for (const [code, fullName, shortName] of GB_4762) {
      expect(POLITICAL_STATUSES.find(fullName)?.code).toBe(code);
      expect(POLITICAL_STATUSES.find(shortName)?.code).toBe(code);
      expect(POLITICAL_STATUSES.find(code)?.name).toBe(shortName);
      expect(POLITICAL_STATUSES.byCode(code)?.fullName).toBe(fullName);
    }
  });

  it('understands the everyday aliases', () => {
    expect(POLITICAL_STATUSES.find('党员')?.code).toBe('01');
    expect(POLITICAL_STATUSES.find('共产党员')?.code).toBe('01');
    expect(POLITICAL_STATUSES.find('预备党员')?.code).toBe('02');
    expect(POLITICAL_STATUSES.find('团员')?.code).toBe('03');
    expect(POLITICAL_STATUSES.find('无党派人士')?.code).toBe('12');
  });

  it('refuses unknown statuses and codes', () => {
    expect(POLITICAL_STATUSES.find('其他')).toBeUndefined();
    expect(POLITICAL_STATUSES.byCode('99')).toBeUndefined();
    expect(POLITICAL_STATUSES.byCode('14')).toBeUndefined();
    expect(POLITICAL_STATUSES.byCode('1')).toBeUndefined();
  });

  it('counts only 01 and 02 as party members', () => {
    expect([...PARTY_MEMBER_CODES].sort()).toEqual(['01', '02']);
  });
});

describe('学历 GB/T 4658-2006', () => {
  it('offers exactly the leaf codes, in order', () => {
    expect(EDUCATIONS.entries.map((e) => [e.code, e.name])).toEqual(GB_4658_LEAVES);
  });

  it('offers no group-header (x0) codes other than 90 其他, which is a leaf', () => {
    for (const header of ['10', '20', '30', '40', '50', '60', '70', '80']) {
      expect(EDUCATIONS.byCode(header)).toBeUndefined();
      expect(EDUCATIONS.find(header)).toBeUndefined();
    }
    expect(EDUCATIONS.find('大学本科教育')).toBeUndefined();
    expect(EDUCATIONS.find('研究生教育')).toBeUndefined();
    expect(EDUCATIONS.byCode('90')?.name).toBe('其他');
  });

  it('maps the short 文化程度 labels to leaf codes (REFERENCE §3.4)', () => {
    expect(EDUCATIONS.find('大学')?.code).toBe('21');
    expect(EDUCATIONS.find('大专')?.code).toBe('31');
    expect(EDUCATIONS.find('中专')?.code).toBe('41');
    expect(EDUCATIONS.find('高中')?.code).toBe('61');
    expect(EDUCATIONS.find('初中')?.code).toBe('71');
    expect(EDUCATIONS.find('小学')?.code).toBe('81');
    expect(EDUCATIONS.find('本科')?.code).toBe('21');
    expect(EDUCATIONS.find('研究生')?.code).toBe('14');
    expect(EDUCATIONS.find('博士')?.code).toBe('11');
  });

  it('finds by full name and code', () => {
    for (const [code, name] of GB_4658_LEAVES) {
      expect(EDUCATIONS.find(name)?.code).toBe(code);
      expect(EDUCATIONS.find(code)?.name).toBe(name);
    }
  });

  it('puts every entry in one of the listed groups', () => {
    for (const e of EDUCATIONS.entries) expect(EDUCATION_GROUPS).toContain(e.group);
  });
});

describe('性别 GB/T 2261.1-2003', () => {
  it('offers 男 (1) and 女 (2) for entry', () => {
    expect(GENDERS.entries.map((e) => [e.code, e.name])).toEqual([
      ['1', '男'],
      ['2', '女'],
    ]);
    expect(GENDERS.find('男性')?.code).toBe('1');
    expect(GENDERS.find('女性')?.code).toBe('2');
    expect(GENDERS.find('1')?.name).toBe('男');
    expect(GENDERS.find('0')).toBeUndefined();
    expect(GENDERS.find('9')).toBeUndefined();
  });
});

describe('createCodeTable', () => {
  it('refuses an alias that points at an unknown code', () => {
    expect(() => createCodeTable([{ code: '1', name: '甲' }], { 乙: '2' })).toThrow(/unknown code 2/);
  });

  it('returns entries by identity', () => {
    const table = createCodeTable([{ code: '1', name: '甲' }], { 甲甲: '1' });
    expect(table.find('甲甲')).toBe(table.byCode('1'));
  });
});

describe('人员类别', () => {
  it('lists the ten proposed categories without duplicates', () => {
    expect(PERSON_CATEGORIES).toHaveLength(10);
    expect(new Set(PERSON_CATEGORIES).size).toBe(10);
    expect(PERSON_CATEGORIES).toContain('村（社区）两委成员');
  });
});
