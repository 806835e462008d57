import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../../../src/shared/validate/idNumber';
import { describeCodes, MAX_CATEGORIES, normaliseCategories, TEXT_LIMITS, validatePerson, type PersonFields, type PersonInput } from '../../../src/shared/person';
import type { FieldIssue } from '../../../src/shared/result';
import { CJK } from '../../helpers/cjk';

const TODAY = new Date(2025, 5, 15);
const MAN_1980 = '110101198001010010';
const WOMAN_1980 = '110101198001010029';
const WOMAN_2000 = '110101200002290042';

function valid(input: PersonInput, today = TODAY): PersonFields {
  const result = validatePerson(input, today);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.issues)}`);
  return result.value;
}

function issues(input: PersonInput, today = TODAY): FieldIssue[] {
  const result = validatePerson(input, today);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.value)}`);
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) expect(issue.message).toMatch(CJK);
  return result.issues;
}

function issueOn(input: PersonInput, field: string): string {
  const found = issues(input).filter((i) => i.field === field);
  expect(found, `issues: ${JSON.stringify(issues(input))}`).toHaveLength(1);
  return found[0]!.message;
}

describe('validatePerson: a complete record', () => {
  it('normalises names to codes and loose formats to stored ones', () => {
    expect(
      valid({
        name: ' 阿不都热合曼•买买提依明 ',
        idNumber: '110101 19800101 0010',
        ethnicity: '维吾尔',
        politicalStatus: '党员',
        partyJoinDate: '2001年7月',
        education: '大专',
        phone: '+86 138-0013-8000',
        unit: ' 城关镇人民政府 ',
        post: '党委委员',
        category: '乡镇公务员',
        note: '  ',
      }),
    ).toEqual({
      name: '阿不都热合曼·买买提依明',
      genderCode: '1',
      ethnicityCode: '05',
      birthDate: '1980-01-01',
      idNumber: MAN_1980,
      politicalStatusCode: '01',
      partyJoinDate: '2001-07',
      educationCode: '31',
      phone: '13800138000',
      unit: '城关镇人民政府',
      post: '党委委员',
      unitId: null,
      partyOrgId: null,
      postStartDate: null,
      partyFullDate: null,
      workStartDate: null,
      nativePlace: null,
      dispatchUnit: null,
      status: '在岗',
      categories: ['乡镇公务员'],
      note: null,
    });
  });

  it('accepts a minimal record: a name and a gender', () => {
    expect(valid({ name: '张三', gender: '男' })).toEqual({
      name: '张三',
      genderCode: '1',
      ethnicityCode: null,
      birthDate: null,
      idNumber: null,
      politicalStatusCode: null,
      partyJoinDate: null,
      educationCode: null,
      phone: null,
      unit: null,
      post: null,
      unitId: null,
      partyOrgId: null,
      postStartDate: null,
      partyFullDate: null,
      workStartDate: null,
      nativePlace: null,
      dispatchUnit: null,
      status: '在岗',
      categories: [],
      note: null,
    });
  });

  it('treats null, undefined and blank optional fields the same', () => {
    const a = valid({ name: '李四', gender: '女', ethnicity: null, phone: undefined, unit: '', note: ' \u3000' });
    const b = valid({ name: '李四', gender: '女' });
    expect(a).toEqual(b);
  });
});

describe('validatePerson: ID number, gender and birth date', () => {
  it('derives gender and birth date from the ID number', () => {
    expect(valid({ name: '张三', idNumber: MAN_1980 })).toMatchObject({ genderCode: '1', birthDate: '1980-01-01' });
    expect(valid({ name: '李梅', idNumber: WOMAN_1980 })).toMatchObject({ genderCode: '2', birthDate: '1980-01-01' });
    expect(valid({ name: '王芳', idNumber: WOMAN_2000 })).toMatchObject({ genderCode: '2', birthDate: '2000-02-29' });
  });

  it('accepts a gender and birth date that agree with the ID number, at day or month precision', () => {
    expect(valid({ name: '张三', idNumber: MAN_1980, gender: '男', birthDate: '1980.01.01' })).toMatchObject({ genderCode: '1', birthDate: '1980-01-01' });
    expect(valid({ name: '张三', idNumber: MAN_1980, gender: '男性', birthDate: '1980.01' })).toMatchObject({ birthDate: '1980-01-01' });
    expect(valid({ name: '张三', idNumber: MAN_1980, gender: '1', birthDate: '198001' })).toMatchObject({ genderCode: '1' });
  });

  it('puts a gender that contradicts the ID number on `gender`', () => {
    expect(issueOn({ name: '张三', idNumber: MAN_1980, gender: '女' }, 'gender')).toBe('性别与身份证号不符（身份证号显示为男）');
    expect(issueOn({ name: '李梅', idNumber: WOMAN_1980, gender: '男' }, 'gender')).toMatch(/显示为女/);
  });

  it('puts a birth date that contradicts the ID number on `birthDate`', () => {
    expect(issueOn({ name: '张三', idNumber: MAN_1980, birthDate: '1980-01-02' }, 'birthDate')).toBe('出生日期与身份证号不符（身份证号显示为1980-01-01）');
    expect(issueOn({ name: '张三', idNumber: MAN_1980, birthDate: '1980.02' }, 'birthDate')).toMatch(/不符/);
    expect(issueOn({ name: '张三', idNumber: MAN_1980, birthDate: '1981-01-01' }, 'birthDate')).toMatch(/不符/);
  });

  it('asks for a gender when there is no ID number', () => {
    expect(issueOn({ name: '张三' }, 'gender')).toMatch(/请选择性别/);
    expect(issueOn({ name: '张三', gender: '  ' }, 'gender')).toMatch(/请选择性别/);
    expect(issueOn({ name: '张三', idNumber: '' }, 'gender')).toMatch(/请选择性别/);
  });

  it('reports only the ID number when it is invalid and no gender was given', () => {
    const found = issues({ name: '张三', idNumber: '110101198001010011' });
    expect(found).toEqual([{ field: 'idNumber', message: '身份证号校验位不正确，请核对是否抄错' }]);
  });

  it('refuses an invalid gender', () => {
    expect(issueOn({ name: '张三', gender: '未知' }, 'gender')).toMatch(/应为男或女/);
    expect(issueOn({ name: '张三', gender: '9' }, 'gender')).toMatch(/无效/);
  });

  it('keeps a month-only birth date when there is no ID number', () => {
    expect(valid({ name: '张三', gender: '男', birthDate: '1980.1' }).birthDate).toBe('1980-01');
    expect(valid({ name: '张三', gender: '男', birthDate: '1980年1月2日' }).birthDate).toBe('1980-01-02');
  });

  it('refuses a birth date after today, at the precision given', () => {
    expect(issueOn({ name: '张三', gender: '男', birthDate: '2025-06-16' }, 'birthDate')).toBe('出生日期晚于今天');
    expect(issueOn({ name: '张三', gender: '男', birthDate: '2025.07' }, 'birthDate')).toBe('出生日期晚于今天');
    expect(valid({ name: '张三', gender: '男', birthDate: '2025-06-15' }).birthDate).toBe('2025-06-15');
    expect(valid({ name: '张三', gender: '男', birthDate: '2025.06' }).birthDate).toBe('2025-06');
  });

  it('refuses an unreadable birth date with the field name', () => {
    expect(issueOn({ name: '张三', gender: '男', birthDate: '去年' }, 'birthDate')).toMatch(/^出生日期“去年”/);
  });

  it('refuses a birth date in the future of the injected today, not the clock', () => {
    expect(valid({ name: '张三', gender: '男', birthDate: '2030-01-01' }, new Date(2031, 0, 1)).birthDate).toBe('2030-01-01');
    const born2030 = '11010120300101001' + idCheckChar('11010120300101001');
    expect(issueOn({ name: '张三', idNumber: born2030 }, 'idNumber')).toMatch(/晚于今天/);
    expect(validatePerson({ name: '张三', idNumber: born2030 }, new Date(2031, 0, 1)).ok).toBe(true);
  });
});

describe('validatePerson: 入党时间', () => {
  it('accepts it for 中共党员 and 中共预备党员 and for an unstated status', () => {
    expect(valid({ name: '张三', idNumber: MAN_1980, politicalStatus: '中共党员', partyJoinDate: '2001.07' }).partyJoinDate).toBe('2001-07');
    expect(valid({ name: '张三', idNumber: MAN_1980, politicalStatusCode: '02', partyJoinDate: '2024-07-01' }).partyJoinDate).toBe('2024-07-01');
    expect(valid({ name: '张三', idNumber: MAN_1980, partyJoinDate: '2001.07' }).partyJoinDate).toBe('2001-07');
  });

  it('refuses it for a 群众 or a 共青团员', () => {
    expect(issueOn({ name: '张三', idNumber: MAN_1980, politicalStatus: '群众', partyJoinDate: '2001.07' }, 'partyJoinDate')).toMatch(/政治面貌不是中共党员/);
    expect(issueOn({ name: '张三', idNumber: MAN_1980, politicalStatusCode: '03', partyJoinDate: '2001.07' }, 'partyJoinDate')).toMatch(/政治面貌/);
  });

  it('refuses a date before the 18th birthday, using the derived birth date', () => {
    expect(issueOn({ name: '张三', idNumber: MAN_1980, politicalStatus: '党员', partyJoinDate: '1997-12-31' }, 'partyJoinDate')).toBe('入党时间早于年满18周岁的时间，请核对');
    expect(issueOn({ name: '张三', idNumber: MAN_1980, politicalStatus: '党员', partyJoinDate: '1997.12' }, 'partyJoinDate')).toMatch(/18周岁/);
    expect(valid({ name: '张三', idNumber: MAN_1980, politicalStatus: '党员', partyJoinDate: '1998-01-01' }).partyJoinDate).toBe('1998-01-01');
    expect(valid({ name: '张三', idNumber: MAN_1980, politicalStatus: '党员', partyJoinDate: '1998.01' }).partyJoinDate).toBe('1998-01');
  });

  it('uses a typed (month-only) birth date when there is no ID number', () => {
    expect(issueOn({ name: '张三', gender: '男', birthDate: '1990.06', politicalStatus: '党员', partyJoinDate: '2008.05' }, 'partyJoinDate')).toMatch(/18周岁/);
    expect(valid({ name: '张三', gender: '男', birthDate: '1990.06', politicalStatus: '党员', partyJoinDate: '2008.06' }).partyJoinDate).toBe('2008-06');
  });

  it('handles a leap-day birthday: the 18th birthday falls after 28 February', () => {
    const base = { name: '王芳', idNumber: WOMAN_2000, politicalStatus: '预备党员' };
    expect(issueOn({ ...base, partyJoinDate: '2018-02-28' }, 'partyJoinDate')).toMatch(/18周岁/);
    expect(valid({ ...base, partyJoinDate: '2018-03-01' }).partyJoinDate).toBe('2018-03-01');
  });

  it('refuses a date after today and an unreadable date', () => {
    expect(issueOn({ name: '张三', idNumber: MAN_1980, politicalStatus: '党员', partyJoinDate: '2025-06-16' }, 'partyJoinDate')).toBe('入党时间晚于今天');
    expect(issueOn({ name: '张三', idNumber: MAN_1980, politicalStatus: '党员', partyJoinDate: '七一' }, 'partyJoinDate')).toMatch(/^入党时间“七一”/);
  });
});

describe('validatePerson: code tables', () => {
  it('accepts names, short names, aliases and codes', () => {
    expect(valid({ name: '张三', gender: '男', ethnicity: '汉' }).ethnicityCode).toBe('01');
    expect(valid({ name: '张三', gender: '男', ethnicity: '汉族' }).ethnicityCode).toBe('01');
    expect(valid({ name: '张三', gender: '男', ethnicity: '11' }).ethnicityCode).toBe('11');
    expect(valid({ name: '张三', gender: '男', politicalStatus: '中国共产主义青年团团员' }).politicalStatusCode).toBe('03');
    expect(valid({ name: '张三', gender: '男', politicalStatusCode: '13' }).politicalStatusCode).toBe('13');
    expect(valid({ name: '张三', gender: '男', politicalStatus: '群众', politicalStatusCode: '13' }).politicalStatusCode).toBe('13');
    expect(valid({ name: '张三', gender: '男', education: '高中' }).educationCode).toBe('61');
    expect(valid({ name: '张三', gender: '男', educationCode: '71' }).educationCode).toBe('71');
    expect(valid({ name: '张三', gender: '男', education: '初中毕业', educationCode: '71' }).educationCode).toBe('71');
  });

  it('refuses an unknown ethnicity', () => {
    expect(issueOn({ name: '张三', gender: '男', ethnicity: '火星族' }, 'ethnicity')).toBe('民族“火星族”不在国家标准代码表中');
    expect(issueOn({ name: '张三', gender: '男', ethnicity: '97' }, 'ethnicity')).toMatch(/不在国家标准代码表中/);
  });

  it('refuses unknown political status names and codes, on the field that was wrong', () => {
    expect(issueOn({ name: '张三', gender: '男', politicalStatus: '其他' }, 'politicalStatus')).toMatch(/政治面貌“其他”/);
    expect(issueOn({ name: '张三', gender: '男', politicalStatusCode: '99' }, 'politicalStatusCode')).toMatch(/政治面貌代码“99”/);
  });

  it('refuses unknown education names and codes, including group-header codes', () => {
    expect(issueOn({ name: '张三', gender: '男', education: '幼儿园' }, 'education')).toMatch(/学历“幼儿园”/);
    expect(issueOn({ name: '张三', gender: '男', educationCode: '20' }, 'educationCode')).toMatch(/学历代码“20”/);
    expect(issueOn({ name: '张三', gender: '男', educationCode: '99' }, 'educationCode')).toMatch(/不在国家标准代码表中/);
  });

  it('refuses a name and a code that disagree', () => {
    expect(issueOn({ name: '张三', gender: '男', politicalStatus: '群众', politicalStatusCode: '01' }, 'politicalStatusCode')).toBe('政治面貌“群众”与代码“01”不一致');
    expect(issueOn({ name: '张三', gender: '男', education: '大学', educationCode: '31' }, 'educationCode')).toMatch(/不一致/);
  });
});

describe('validatePerson: other fields', () => {
  it('refuses an invalid name and phone', () => {
    expect(issueOn({ name: '', gender: '男' }, 'name')).toBe('姓名不能为空');
    expect(issueOn({ name: '张三3', gender: '男' }, 'name')).toMatch(/数字或标点/);
    expect(issueOn({ name: '张三', gender: '男', phone: '1380013800' }, 'phone')).toMatch(/11位/);
  });

  it.each(Object.entries(TEXT_LIMITS))('limits %s to %i characters', (field, limit) => {
    const at = valid({ name: '张三', gender: '男', [field]: '字'.repeat(limit) });
    expect([...(at[field as keyof PersonFields] as string)]).toHaveLength(limit);
    expect(issueOn({ name: '张三', gender: '男', [field]: '字'.repeat(limit + 1) }, field)).toMatch(new RegExp(`过长，最多${limit}个字`));
  });

  it('collects every problem at once, each in Chinese, each on its field', () => {
    const found = issues({
      name: '1',
      idNumber: '123',
      ethnicity: 'x',
      politicalStatus: 'y',
      education: 'z',
      phone: 'p',
      birthDate: 'b',
      partyJoinDate: 'd',
      unit: '单'.repeat(101),
      post: '职'.repeat(101),
      category: '类'.repeat(51),
      note: '注'.repeat(2001),
    });
    expect(found.map((i) => i.field).sort()).toEqual(
      ['birthDate', 'categories', 'education', 'ethnicity', 'idNumber', 'name', 'note', 'partyJoinDate', 'phone', 'politicalStatus', 'post', 'unit'].sort(),
    );
  });
});

describe('validatePerson: 任现职时间, 参加工作时间, 转正时间', () => {
  const LATER = [
    ['postStartDate', '任现职时间'],
    ['workStartDate', '参加工作时间'],
    ['partyFullDate', '转正时间'],
  ] as const;

  it.each(LATER)('reads %s in the loose forms clerks type, keeping month-only dates month-only', (field) => {
    expect(valid({ name: '张三', gender: '男', [field]: '2015.3' })[field]).toBe('2015-03');
    expect(valid({ name: '张三', gender: '男', [field]: '2015年3月8日' })[field]).toBe('2015-03-08');
    expect(valid({ name: '张三', gender: '男', [field]: ' ' })[field]).toBeNull();
  });

  it.each(LATER)('refuses an unreadable or future %s, naming it (%s)', (field, label) => {
    expect(issueOn({ name: '张三', gender: '男', [field]: '前年' }, field)).toMatch(new RegExp(label));
    expect(issueOn({ name: '张三', gender: '男', [field]: '2025-07' }, field)).toBe(`${label}晚于今天`);
    expect(valid({ name: '张三', gender: '男', [field]: '2025-06' })[field]).toBe('2025-06');
  });

  it.each(LATER)('refuses %s before the birth date, derived or typed, at the precision both have', (field, label) => {
    expect(issueOn({ name: '张三', idNumber: MAN_1980, [field]: '1979-12' }, field)).toBe(`${label}早于出生日期`);
    expect(valid({ name: '张三', idNumber: MAN_1980, [field]: '1980-01' })[field]).toBe('1980-01');
    expect(issueOn({ name: '张三', gender: '男', birthDate: '1980.05', [field]: '1980-04-30' }, field)).toBe(`${label}早于出生日期`);
    expect(valid({ name: '张三', gender: '男', birthDate: '1980.05', [field]: '1980-05-01' })[field]).toBe('1980-05-01');
  });

  it('refuses 转正 before 入党, but not in the same month', () => {
    const member = { name: '张三', idNumber: MAN_1980, politicalStatus: '中共党员', partyJoinDate: '2001-07-01' };
    expect(issueOn({ ...member, partyFullDate: '2001-06' }, 'partyFullDate')).toBe('转正时间早于入党时间');
    expect(valid({ ...member, partyFullDate: '2001-07' }).partyFullDate).toBe('2001-07');
    expect(valid({ ...member, partyFullDate: '2002-07-01' }).partyFullDate).toBe('2002-07-01');
    // Without a join date there is nothing to compare with.
    expect(valid({ name: '张三', idNumber: MAN_1980, politicalStatus: '中共党员', partyFullDate: '2002-07' }).partyFullDate).toBe('2002-07');
  });

  it('allows 转正 only for a 中共党员 (or an unstated status)', () => {
    for (const politicalStatus of ['中共预备党员', '共青团员', '群众']) {
      expect(issueOn({ name: '张三', idNumber: MAN_1980, politicalStatus, partyFullDate: '2002-07' }, 'partyFullDate')).toMatch(/中共党员/);
    }
    expect(valid({ name: '张三', idNumber: MAN_1980, partyFullDate: '2002-07' }).partyFullDate).toBe('2002-07');
    expect(valid({ name: '张三', idNumber: MAN_1980, politicalStatusCode: '01', partyFullDate: '2002-07' }).partyFullDate).toBe('2002-07');
  });
});

describe('validatePerson: status', () => {
  it('defaults to 在岗 and accepts 在岗, 离任 and 调出', () => {
    expect(valid({ name: '张三', gender: '男' }).status).toBe('在岗');
    expect(valid({ name: '张三', gender: '男', status: null }).status).toBe('在岗');
    for (const status of ['在岗', '离任', '调出', ' 离任 ']) expect(valid({ name: '张三', gender: '男', status }).status).toBe(status.trim());
  });

  it('refuses anything else, saying what is allowed', () => {
    expect(issueOn({ name: '张三', gender: '男', status: '退休' }, 'status')).toMatch(/在岗、离任或调出/);
  });
});

describe('validatePerson: categories', () => {
  it('splits a typed category on 、，,;； and half- or full-width spaces, trims and removes repeats', () => {
    expect(valid({ name: '张三', gender: '男', category: '村党组织书记、致富带头人，村级后备干部,大学生村官;两委成员；驻村工作队员 乡镇干部\u3000致富带头人' }).categories).toEqual([
      '村党组织书记',
      '致富带头人',
      '村级后备干部',
      '大学生村官',
      '两委成员',
      '驻村工作队员',
      '乡镇干部',
    ]);
    expect(valid({ name: '张三', gender: '男', category: '、、 ' }).categories).toEqual([]);
  });

  it('takes `categories` over `category`, trimming, dropping blanks and repeats', () => {
    expect(valid({ name: '张三', gender: '男', categories: [' 致富带头人', '', '致富带头人 ', '乡镇干部'], category: '大学生村官' }).categories).toEqual([
      '致富带头人',
      '乡镇干部',
    ]);
    expect(valid({ name: '张三', gender: '男', categories: [], category: '大学生村官' }).categories).toEqual([]);
    expect(valid({ name: '张三', gender: '男', categories: null, category: '大学生村官' }).categories).toEqual(['大学生村官']);
    // A category given as a list is not split: the list already says where each ends.
    expect(normaliseCategories({ categories: ['村（社区）两委成员'] })).toEqual(['村（社区）两委成员']);
  });

  it(`allows at most ${MAX_CATEGORIES} distinct categories, each at most 50 characters`, () => {
    const ten = Array.from({ length: MAX_CATEGORIES }, (_, i) => `类别${i}`);
    expect(valid({ name: '张三', gender: '男', categories: [...ten, ...ten] }).categories).toEqual(ten);
    expect(issueOn({ name: '张三', gender: '男', categories: [...ten, '又一类'] }, 'categories')).toBe(`人员类别最多${MAX_CATEGORIES}个`);
    expect(issueOn({ name: '张三', gender: '男', category: [...ten, '又一类'].join('、') }, 'categories')).toBe(`人员类别最多${MAX_CATEGORIES}个`);
    expect(valid({ name: '张三', gender: '男', categories: ['类'.repeat(50)] }).categories).toEqual(['类'.repeat(50)]);
    expect(issueOn({ name: '张三', gender: '男', categories: ['类'.repeat(51)] }, 'categories')).toMatch(/最多50个字/);
  });
});

describe('validatePerson: 籍贯, 派出单位 and links', () => {
  it('trims 籍贯 and 派出单位 and stores blanks as null', () => {
    expect(valid({ name: '张三', gender: '男', nativePlace: ' 河南郑州 ', dispatchUnit: ' 县委组织部 ' })).toMatchObject({ nativePlace: '河南郑州', dispatchUnit: '县委组织部' });
    expect(valid({ name: '张三', gender: '男', nativePlace: ' ', dispatchUnit: '' })).toMatchObject({ nativePlace: null, dispatchUnit: null });
  });

  it('passes unit and party organisation ids through; the core checks that they exist', () => {
    const unitId = '018e0000-0000-7000-8000-000000000001';
    expect(valid({ name: '张三', gender: '男', unitId, partyOrgId: ' ' })).toMatchObject({ unitId, partyOrgId: null });
  });

  it('collects the new fields’ problems together with the old ones', () => {
    const found = issues({
      name: '张三',
      idNumber: MAN_1980,
      politicalStatus: '群众',
      postStartDate: '1970',
      workStartDate: '2999-01',
      partyFullDate: '2001-01',
      status: '退休',
      categories: ['类'.repeat(51)],
      nativePlace: '籍'.repeat(51),
      dispatchUnit: '派'.repeat(101),
    });
    expect(found.map((i) => i.field).sort()).toEqual(['categories', 'dispatchUnit', 'nativePlace', 'partyFullDate', 'postStartDate', 'status', 'workStartDate'].sort());
  });
});

describe('describeCodes', () => {
  it('turns stored codes back into the names rosters print', () => {
    expect(describeCodes({ genderCode: '2', ethnicityCode: '02', politicalStatusCode: '01', educationCode: '21' })).toEqual({
      gender: '女',
      ethnicity: '蒙古族',
      politicalStatus: '中共党员',
      education: '大学本科毕业',
    });
    expect(describeCodes({ genderCode: '1', ethnicityCode: null, politicalStatusCode: null, educationCode: null })).toEqual({
      gender: '男',
      ethnicity: null,
      politicalStatus: null,
      education: null,
    });
  });
});
