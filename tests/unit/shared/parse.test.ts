import { describe, expect, it } from 'vitest';
import { contract, isMethod, METHODS } from '../../../src/shared/contract';
import { parseRequest } from '../../../src/shared/parse';
import { fail, ok } from '../../../src/shared/result';
import { CJK } from '../../helpers/cjk';

const A_UUID = '01890a5d-ac96-774b-bcce-b302099a8057';

function refused(method: string, raw: unknown) {
  const result = parseRequest(method, raw);
  if (result.ok) throw new Error(`${method} accepted ${JSON.stringify(raw)}`);
  expect(result.error.message).toMatch(CJK);
  for (const issue of result.error.issues ?? []) expect(issue.message).toMatch(CJK);
  return result.error;
}

function accepted(method: string, raw: unknown): unknown {
  const result = parseRequest(method, raw);
  if (!result.ok) throw new Error(`${method} refused: ${result.error.message}`);
  expect(result.data.method).toBe(method);
  return result.data.input;
}

describe('parseRequest: method names', () => {
  it('refuses an unknown method with UNKNOWN_CHANNEL', () => {
    const error = refused('dropDatabase', {});
    expect(error.code).toBe('UNKNOWN_CHANNEL');
    expect(error.message).toBe('未知的接口：dropDatabase');
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', '', 'getperson', 'getPerson '])(
    'does not treat %j as a method',
    (name) => {
      expect(refused(name, {}).code).toBe('UNKNOWN_CHANNEL');
    },
  );

  it('truncates a long unknown name in the message', () => {
    const error = refused('x'.repeat(10_000), {});
    expect(error.message.length).toBeLessThan(100);
  });

  it('knows every method of the contract', () => {
    expect([...METHODS].sort()).toEqual(Object.keys(contract).sort());
    expect(METHODS).toEqual(expect.arrayContaining(['deletePerson', 'getOffice', 'getPerson', 'listPeople', 'restorePerson', 'savePerson', 'setOffice', 'listUnits', 'startRosterImport']));
    for (const m of METHODS) {
      expect(isMethod(m)).toBe(true);
      expect(contract[m].input).toBeDefined();
    }
  });
});

describe('parseRequest: savePerson', () => {
  it('accepts a loose person and passes it through unchanged', () => {
    const input = { name: '张三', gender: '男', idNumber: '110101198001010010', phone: null, note: undefined };
    expect(accepted('savePerson', input)).toEqual(input);
  });

  it('refuses wrong types with VALIDATION, a Chinese message and per-field issues', () => {
    const error = refused('savePerson', { name: 123, gender: true, rev: 'one' });
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^请求内容不正确：/);
    const fields = (error.issues ?? []).map((i) => i.field).sort();
    expect(fields).toEqual(['gender', 'name', 'rev']);
    expect(error.issues?.find((i) => i.field === 'name')?.message).toMatch(/^姓名：类型不正确/);
    expect(error.issues?.find((i) => i.field === 'rev')?.message).toMatch(/^版本：/);
  });

  it('refuses a negative or fractional rev and a malformed id', () => {
    expect(refused('savePerson', { name: '张三', rev: -1 }).issues?.[0]?.field).toBe('rev');
    expect(refused('savePerson', { name: '张三', rev: 1.5 }).issues?.[0]?.field).toBe('rev');
    const error = refused('savePerson', { name: '张三', id: 'not-a-uuid' });
    expect(error.issues).toEqual([{ field: 'id', message: '编号：格式不正确' }]);
  });

  it('refuses unknown keys, naming them', () => {
    const error = refused('savePerson', { name: '张三', salary: 1000, __admin: true });
    expect(error.code).toBe('VALIDATION');
    expect(error.issues).toHaveLength(1);
    expect(error.issues?.[0]?.message).toMatch(/包含未知字段：.*salary/);
    expect(error.issues?.[0]?.message).toMatch(/__admin/);
  });

  it('refuses text that is too long', () => {
    const error = refused('savePerson', { name: '张'.repeat(101) });
    expect(error.issues).toEqual([{ field: 'name', message: '姓名：超出长度或范围（最大 100）' }]);
    expect(refused('savePerson', { name: '张三', note: 'x'.repeat(4001) }).issues?.[0]?.message).toMatch(/^备注：超出长度/);
    expect(refused('savePerson', { name: '张三', idNumber: '1'.repeat(41) }).issues?.[0]?.field).toBe('idNumber');
    expect(accepted('savePerson', { name: '张三', note: 'x'.repeat(4000) })).toBeTruthy();
  });

  it('refuses a non-object body (a missing name is refused by the core: updates may omit it)', () => {
    expect(refused('savePerson', '张三').code).toBe('VALIDATION');
    expect(refused('savePerson', [{ name: '张三' }]).code).toBe('VALIDATION');
  });
});

describe('parseRequest: listPeople', () => {
  const defaults = { deleted: 'live', sort: 'name', direction: 'asc', offset: 0, limit: 50 };

  it('applies defaults', () => {
    expect(accepted('listPeople', {})).toEqual(defaults);
    expect(accepted('listPeople', undefined)).toEqual(defaults);
    expect(accepted('listPeople', null)).toEqual(defaults);
    expect(accepted('listPeople', { query: '张', limit: 10 })).toEqual({ ...defaults, query: '张', limit: 10 });
  });

  it.each([{ limit: 0 }, { limit: 1001 }, { limit: 1.5 }, { offset: -1 }, { limit: '10' }])('refuses the paging %j', (raw) => {
    const error = refused('listPeople', raw);
    expect(error.code).toBe('VALIDATION');
    expect(error.issues?.[0]?.field).toBe(Object.keys(raw)[0]);
  });

  it('refuses values outside an enum, listing the choices', () => {
    expect(refused('listPeople', { sort: 'salary' }).issues?.[0]?.message).toMatch(/取值无效（可选：name、birthDate/);
    expect(refused('listPeople', { gender: '未知' }).issues?.[0]?.message).toMatch(/男、女/);
    expect(refused('listPeople', { deleted: 'yes' }).issues?.[0]?.field).toBe('deleted');
    expect(refused('listPeople', { direction: 'up' }).issues?.[0]?.field).toBe('direction');
  });

  it('refuses a query that is too long and unknown keys', () => {
    expect(refused('listPeople', { query: '张'.repeat(101) }).issues?.[0]?.field).toBe('query');
    expect(refused('listPeople', { where: '1=1' }).issues?.[0]?.message).toMatch(/where/);
  });
});

describe('parseRequest: other methods', () => {
  it('requires a UUID for getPerson, deletePerson and restorePerson', () => {
    for (const m of ['getPerson', 'deletePerson', 'restorePerson']) {
      expect(accepted(m, { id: A_UUID })).toEqual({ id: A_UUID });
      expect(refused(m, { id: '1 OR 1=1' }).code).toBe('VALIDATION');
      expect(refused(m, {}).code).toBe('VALIDATION');
      expect(refused(m, { id: A_UUID, extra: 1 }).code).toBe('VALIDATION');
    }
  });

  it('getOffice takes nothing', () => {
    expect(accepted('getOffice', undefined)).toEqual({});
    expect(refused('getOffice', { name: 'x' }).code).toBe('VALIDATION');
  });

  it('setOffice trims, requires a name, and takes a 6, 9 or 12 digit code or none', () => {
    expect(accepted('setOffice', { name: ' 城关镇 ', code: ' 410102001 ' })).toEqual({ name: '城关镇', code: '410102001' });
    expect(accepted('setOffice', { name: '城关镇', code: '410102' })).toEqual({ name: '城关镇', code: '410102' });
    expect(accepted('setOffice', { name: '城关镇', code: '410102001200' })).toEqual({ name: '城关镇', code: '410102001200' });
    expect(accepted('setOffice', { name: '城关镇', code: '' })).toEqual({ name: '城关镇', code: '' });
    expect(accepted('setOffice', { name: '城关镇', code: null })).toEqual({ name: '城关镇', code: null });
    expect(accepted('setOffice', { name: '城关镇' })).toEqual({ name: '城关镇' });
    for (const code of ['abc', '4101020', '41010200', '4101020012', '4101-02']) {
      expect(refused('setOffice', { name: '城关镇', code }).issues?.[0]?.field).toBe('code');
    }
    expect(refused('setOffice', { name: '   ' }).issues?.[0]?.field).toBe('name');
    expect(refused('setOffice', { name: '镇'.repeat(61) }).issues?.[0]?.field).toBe('name');
  });
});

describe('result helpers', () => {
  it('ok wraps data; fail omits empty issue lists', () => {
    expect(ok(1)).toEqual({ ok: true, data: 1 });
    expect(fail('NOT_FOUND', '找不到')).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '找不到' } });
    expect(fail('NOT_FOUND', '找不到', [])).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '找不到' } });
    expect(fail('VALIDATION', '错', [{ field: 'name', message: '姓名不能为空' }]).error.issues).toHaveLength(1);
  });
});
