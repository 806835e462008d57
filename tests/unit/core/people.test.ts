import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/core/ids';
import type { Input } from '../../../src/shared/contract';
import type { Person } from '../../../src/shared/person';
import { countRows, expectChinese, openTempLedger, type TempLedger } from '../../helpers/ledger';

const MAN_1980 = '110101198001010010';
const WOMAN_1980 = '110101198001010029';
const WOMAN_1949 = '11010519491231002X';

let ledger: TempLedger;

beforeEach(() => {
  ledger = openTempLedger();
});

afterEach(() => {
  ledger.cleanup();
});

const zhangSan: Input<'savePerson'> = {
  name: '张三',
  idNumber: MAN_1980,
  ethnicity: '汉',
  politicalStatus: '党员',
  partyJoinDate: '2001.07',
  education: '大学',
  phone: '138 0013 8000',
  unit: '城关镇人民政府',
  post: '党委书记',
  category: '乡镇公务员',
  note: '',
};

function create(input: Input<'savePerson'> = zhangSan): Person {
  return ledger.must('savePerson', input);
}

function ids(items: Person[]): string[] {
  return items.map((p) => p.id);
}

describe('savePerson: create', () => {
  it('returns the stored person with codes, names and derived fields', () => {
    const office = ledger.must('getOffice', {});
    const p = create();
    expect(p).toMatchObject({
      rev: 1,
      name: '张三',
      gender: '男',
      ethnicity: '汉族',
      ethnicityCode: '01',
      birthDate: '1980-01-01',
      idNumber: MAN_1980,
      politicalStatus: '中共党员',
      politicalStatusCode: '01',
      partyJoinDate: '2001-07',
      education: '大学本科毕业',
      educationCode: '21',
      phone: '13800138000',
      unit: '城关镇人民政府',
      post: '党委书记',
      category: '乡镇公务员',
      note: null,
      originOffice: office.id,
      deletedAt: null,
    });
    expect(p.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(p.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(p.updatedAt).toBe(p.createdAt);
  });

  it('stores codes, not names, and the pinyin search fields', () => {
    const p = create();
    const row = ledger.db.prepare('SELECT * FROM people WHERE id = ?').get(p.id) as Record<string, unknown>;
    expect(row).toMatchObject({ gender_code: '1', ethnicity_code: '01', political_status_code: '01', education_code: '21', name_initials: 'zs' });
    expect(String(row.name_pinyin).replace(/\s/g, '')).toBe('zhangsan');
    expect(ledger.must('listPeople', { query: 'zs' }).items.map((x) => x.name)).toEqual(['张三']);
    expect(ledger.must('listPeople', { query: 'zhangsan' }).items.map((x) => x.name)).toEqual(['张三']);
  });

  it('gets the same person back', () => {
    const p = create();
    expect(ledger.must('getPerson', { id: p.id })).toEqual(p);
  });

  it('refuses invalid fields with VALIDATION and field issues, writing nothing', () => {
    const error = ledger.refuse('savePerson', { name: '张三', idNumber: '110101198001010011', phone: '123' });
    expect(error.code).toBe('VALIDATION');
    expectChinese(error.message);
    expect(error.issues?.map((i) => i.field).sort()).toEqual(['idNumber', 'phone']);
    expect(countRows(ledger.db, 'people')).toBe(0);
  });

  it('refuses a second live person with the same ID number: DUPLICATE on idNumber, nothing written', () => {
    const first = create();
    const error = ledger.refuse('savePerson', { name: '张叁', idNumber: MAN_1980 });
    expect(error.code).toBe('DUPLICATE');
    expectChinese(error.message);
    expect(error.message).toContain('张三（城关镇人民政府）');
    expect(error.issues).toHaveLength(1);
    expect(error.issues?.[0]?.field).toBe('idNumber');
    expect(countRows(ledger.db, 'people')).toBe(1);
    expect(ledger.must('getPerson', { id: first.id })).toEqual(first);
  });

  it('recognises the same ID number typed differently (spaces, lowercase x)', () => {
    create({ name: '李梅', idNumber: WOMAN_1949 });
    const error = ledger.refuse('savePerson', { name: '李梅', idNumber: '110105 19491231 002x' });
    expect(error.code).toBe('DUPLICATE');
    expect(countRows(ledger.db, 'people')).toBe(1);
  });

  it('allows any number of people without an ID number', () => {
    create({ name: '王伟', gender: '男' });
    create({ name: '王伟', gender: '男' });
    expect(countRows(ledger.db, 'people')).toBe(2);
  });
});

describe('savePerson: update', () => {
  it('updates with the current rev, increments it, and keeps createdAt', () => {
    const p = create();
    const updated = ledger.must('savePerson', { ...zhangSan, id: p.id, rev: p.rev, post: '镇长', education: '研究生' });
    expect(updated).toMatchObject({ id: p.id, rev: 2, post: '镇长', educationCode: '14', createdAt: p.createdAt });
    expect(updated.updatedAt >= p.updatedAt).toBe(true);
    expect(ledger.must('getPerson', { id: p.id })).toEqual(updated);
  });

  it('refuses a stale rev with CONFLICT and leaves the record unchanged', () => {
    const p = create();
    const v2 = ledger.must('savePerson', { ...zhangSan, id: p.id, rev: 1, post: '镇长' });
    const error = ledger.refuse('savePerson', { ...zhangSan, id: p.id, rev: 1, post: '副镇长' });
    expect(error.code).toBe('CONFLICT');
    expectChinese(error.message);
    expect(ledger.must('getPerson', { id: p.id })).toEqual(v2);
  });

  it('refuses a rev from the future too', () => {
    const p = create();
    expect(ledger.refuse('savePerson', { ...zhangSan, id: p.id, rev: 5 }).code).toBe('CONFLICT');
    expect(ledger.must('getPerson', { id: p.id }).rev).toBe(1);
  });

  it('lets a person keep their own ID number, but not take another live person’s', () => {
    const a = create();
    const b = create({ name: '李梅', idNumber: WOMAN_1980, unit: '城关镇' });
    expect(ledger.must('savePerson', { ...zhangSan, id: a.id, rev: a.rev }).rev).toBe(2);
    const error = ledger.refuse('savePerson', { name: '李梅', id: b.id, rev: b.rev, idNumber: MAN_1980 });
    expect(error.code).toBe('DUPLICATE');
    expect(error.issues?.[0]?.field).toBe('idNumber');
    expect(ledger.must('getPerson', { id: b.id })).toEqual(b);
  });

  it('clears fields sent as null or empty, and keeps fields left out', () => {
    const p = create();
    const cleared = ledger.must('savePerson', { id: p.id, rev: p.rev, phone: null, unit: '', post: undefined });
    expect(cleared).toEqual({ ...p, phone: null, unit: null, rev: p.rev + 1, updatedAt: cleared.updatedAt });
  });

  it('re-derives gender and birth date when only the ID number changes', () => {
    const p = create();
    const changed = ledger.must('savePerson', { id: p.id, idNumber: '110101198001010029' });
    expect(changed).toMatchObject({ name: p.name, gender: '女', birthDate: '1980-01-01', idNumber: '110101198001010029' });
  });

  it('replaces a coded field by name without colliding with the stored code', () => {
    const p = create();
    const changed = ledger.must('savePerson', { id: p.id, politicalStatus: '群众', partyJoinDate: null });
    expect(changed).toMatchObject({ politicalStatus: '群众', politicalStatusCode: '13', partyJoinDate: null });
  });

  it('refuses to create a person without a name', () => {
    const error = ledger.refuse('savePerson', { idNumber: MAN_1980 });
    expect(error.code).toBe('VALIDATION');
    expect(error.issues?.map((i) => i.field)).toContain('name');
    expect(countRows(ledger.db, 'people')).toBe(0);
  });

  it('refuses to update a deleted person with CONFLICT', () => {
    const p = create();
    const deleted = ledger.must('deletePerson', { id: p.id });
    const error = ledger.refuse('savePerson', { ...zhangSan, id: p.id, rev: deleted.rev, post: '镇长' });
    expect(error.code).toBe('CONFLICT');
    expectChinese(error.message);
    expect(ledger.must('getPerson', { id: p.id })).toEqual(deleted);
  });

  it('refuses to update an unknown id with NOT_FOUND and does not create it', () => {
    const error = ledger.refuse('savePerson', { ...zhangSan, id: uuidv7() });
    expect(error.code).toBe('NOT_FOUND');
    expectChinese(error.message);
    expect(countRows(ledger.db, 'people')).toBe(0);
  });

  it('validates before anything else', () => {
    const p = create();
    const error = ledger.refuse('savePerson', { name: '', id: p.id, rev: p.rev });
    expect(error.code).toBe('VALIDATION');
    expect(ledger.must('getPerson', { id: p.id })).toEqual(p);
  });
});

describe('deletePerson and restorePerson', () => {
  it('soft-deletes: deletedAt set, rev bumped, still readable, out of the default list, in the deleted list', () => {
    const p = create();
    const other = create({ name: '李梅', idNumber: WOMAN_1980 });
    const deleted = ledger.must('deletePerson', { id: p.id });
    expect(deleted.deletedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(deleted.rev).toBe(2);
    expect(ledger.must('getPerson', { id: p.id })).toEqual(deleted);
    expect(ids(ledger.must('listPeople', {}).items)).toEqual([other.id]);
    expect(ledger.must('listPeople', {}).total).toBe(1);
    expect(ids(ledger.must('listPeople', { deleted: 'deleted' }).items)).toEqual([p.id]);
    expect(ledger.must('listPeople', { deleted: 'all' }).total).toBe(2);
    expect(countRows(ledger.db, 'people')).toBe(2);
  });

  it('deleting twice changes nothing the second time', () => {
    const p = create();
    const once = ledger.must('deletePerson', { id: p.id });
    expect(ledger.must('deletePerson', { id: p.id })).toEqual(once);
  });

  it('restores a deleted person', () => {
    const p = create();
    ledger.must('deletePerson', { id: p.id });
    const restored = ledger.must('restorePerson', { id: p.id });
    expect(restored).toMatchObject({ id: p.id, deletedAt: null, rev: 3, idNumber: MAN_1980 });
    expect(ids(ledger.must('listPeople', {}).items)).toEqual([p.id]);
    expect(ledger.must('listPeople', { deleted: 'deleted' }).total).toBe(0);
  });

  it('restoring a live person changes nothing', () => {
    const p = create();
    expect(ledger.must('restorePerson', { id: p.id })).toEqual(p);
  });

  it('lets a new person take a deleted person’s ID number, and then refuses to restore the old one', () => {
    const old = create();
    ledger.must('deletePerson', { id: old.id });
    const fresh = create({ ...zhangSan, name: '张三', unit: '新村' });
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.idNumber).toBe(MAN_1980);

    const error = ledger.refuse('restorePerson', { id: old.id });
    expect(error.code).toBe('DUPLICATE');
    expectChinese(error.message);
    expect(error.message).toContain('张三（新村）');
    expect(error.issues?.[0]?.field).toBe('idNumber');
    expect(ledger.must('getPerson', { id: old.id }).deletedAt).not.toBeNull();

    // Once the new one is deleted, the old one can come back.
    ledger.must('deletePerson', { id: fresh.id });
    expect(ledger.must('restorePerson', { id: old.id }).deletedAt).toBeNull();
  });

  it('gives NOT_FOUND for unknown ids', () => {
    const unknown = uuidv7();
    for (const method of ['getPerson', 'deletePerson', 'restorePerson'] as const) {
      const error = ledger.refuse(method, { id: unknown });
      expect(error.code, method).toBe('NOT_FOUND');
      expectChinese(error.message);
    }
  });
});

describe('the handlers, called directly', () => {
  it('behave like the dispatched API', async () => {
    const result = await ledger.api.savePerson({ name: '赵六', gender: '女' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(await ledger.api.getPerson({ id: result.data.id })).toEqual(result);
  });
});
