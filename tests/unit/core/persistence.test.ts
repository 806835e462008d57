import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../../src/core/api';
import { openDatabase } from '../../../src/core/db/open';
import { dispatch } from '../../../src/core/dispatch';
import type { PeoplePage } from '../../../src/shared/contract';
import type { Person } from '../../../src/shared/person';
import type { Result } from '../../../src/shared/result';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';

let ledger: TempLedger;

beforeEach(() => {
  ledger = openTempLedger();
});

afterEach(() => {
  ledger.cleanup();
});

function seed() {
  const office = ledger.must('setOffice', { name: '城关镇', code: '410102001' });
  const a = ledger.must('savePerson', { name: '张三', idNumber: '110101198001010010', ethnicity: '汉', politicalStatus: '党员', partyJoinDate: '2001.07', phone: '13800138000', unit: '城关镇人民政府' });
  const b = ledger.must('savePerson', { name: '阿不都热合曼·买买提依明', gender: '男', ethnicity: '维吾尔', birthDate: '1972.08', note: '备注\n第二行' });
  const c = ledger.must('savePerson', { name: '李梅', idNumber: '11010519491231002X' });
  const updated = ledger.must('savePerson', { name: '张三', id: a.id, rev: a.rev, idNumber: '110101198001010010', post: '镇长' });
  const deleted = ledger.must('deletePerson', { id: c.id });
  return { office, people: [updated, b, deleted] };
}

describe('data survives closing and reopening the file', () => {
  it('reads back the office and every person exactly, including deleted ones', () => {
    const { office, people } = seed();
    ledger.reopen();
    expect(ledger.must('getOffice', {})).toEqual(office);
    for (const p of people) expect(ledger.must('getPerson', { id: p.id })).toEqual(p);
    expect(ledger.must('listPeople', { deleted: 'all' }).total).toBe(3);
    expect(ledger.must('listPeople', {}).items.map((p) => p.name)).toEqual(['阿不都热合曼·买买提依明', '张三']);
    expect(ledger.must('listPeople', { query: 'zs' }).items.map((p) => p.id)).toEqual([people[0]!.id]);
  });

  it('keeps working after reopening: rev checks and ID uniqueness still hold', () => {
    const { people } = seed();
    ledger.reopen();
    const [zhang] = people as [Person];
    expect(ledger.refuse('savePerson', { name: '张三', id: zhang.id, rev: 1, idNumber: zhang.idNumber }).code).toBe('CONFLICT');
    expect(ledger.refuse('savePerson', { name: '张叁', idNumber: zhang.idNumber }).code).toBe('DUPLICATE');
    expect(ledger.must('savePerson', { name: '张三', id: zhang.id, rev: zhang.rev, idNumber: zhang.idNumber }).rev).toBe(zhang.rev + 1);
  });

  it('is readable after a clean close by a read-only open and by a plain connection', () => {
    const { people } = seed();
    ledger.db.close();
    const db = openDatabase(ledger.file, { readonly: true });
    try {
      const result = dispatch(createLedgerApi(db), 'listPeople', { deleted: 'all' }) as Result<PeoplePage>;
      expect(result.ok && result.data.items.map((p) => p.id).sort()).toEqual(people.map((p) => p.id).sort());
    } finally {
      db.close();
    }
    const raw = new BetterSqlite3(ledger.file);
    try {
      expect(raw.prepare('SELECT COUNT(*) FROM people').pluck().get()).toBe(3);
    } finally {
      raw.close();
    }
  });

  it('two connections on one file (two windows) see each other’s writes and cannot race past the checks', () => {
    const { people } = seed();
    const [zhang] = people as [Person];
    const second = openDatabase(ledger.file);
    try {
      const api2 = createLedgerApi(second);
      const viaSecond = dispatch(api2, 'getPerson', { id: zhang.id }) as Result<Person>;
      expect(viaSecond).toEqual({ ok: true, data: zhang });
      // The first window saves; the second still holds the old rev and is refused.
      const saved = ledger.must('savePerson', { name: '张三', id: zhang.id, rev: zhang.rev, idNumber: zhang.idNumber, post: '书记' });
      const stale = dispatch(api2, 'savePerson', { name: '张三', id: zhang.id, rev: zhang.rev, idNumber: zhang.idNumber, post: '镇长' }) as Result<Person>;
      expect(stale.ok || stale.error.code).toBe('CONFLICT');
      const dup = dispatch(api2, 'savePerson', { name: '张叁', idNumber: zhang.idNumber }) as Result<Person>;
      expect(dup.ok || dup.error.code).toBe('DUPLICATE');
      expect(ledger.must('getPerson', { id: zhang.id })).toEqual(saved);
    } finally {
      second.close();
    }
  });

  it('keeps two files apart', () => {
    seed();
    const other = openDatabase(join(ledger.dir, 'other.db'));
    try {
      const result = dispatch(createLedgerApi(other), 'listPeople', {}) as Result<PeoplePage>;
      expect(result).toEqual({ ok: true, data: { items: [], total: 0 } });
    } finally {
      other.close();
    }
  });
});
