import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../../src/core/api';
import { countRows, expectChinese, openTempLedger, type TempLedger } from '../../helpers/ledger';

let ledger: TempLedger;

beforeEach(() => {
  ledger = openTempLedger();
});

afterEach(() => {
  ledger.cleanup();
});

describe('office', () => {
  it('starts unnamed and unconfigured, with one self office', () => {
    const office = ledger.must('getOffice', {});
    expect(office).toEqual({ id: expect.any(String), name: '本单位', code: null, configured: false });
    expect(countRows(ledger.db, 'office')).toBe(1);
  });

  it('keeps the same id across calls, API instances and reopening', () => {
    const { id } = ledger.must('getOffice', {});
    expect(ledger.must('getOffice', {}).id).toBe(id);
    expect(createLedgerApi(ledger.db).getOffice({})).toEqual({ ok: true, data: expect.objectContaining({ id }) });
    ledger.reopen();
    expect(ledger.must('getOffice', {}).id).toBe(id);
    expect(countRows(ledger.db, 'office')).toBe(1);
  });

  it('sets the name and a 9-digit township code, and marks the office configured', () => {
    const { id } = ledger.must('getOffice', {});
    const set = ledger.must('setOffice', { name: ' 城关镇 ', code: '410102001' });
    expect(set).toEqual({ id, name: '城关镇', code: '410102001', configured: true });
    expect(ledger.must('getOffice', {})).toEqual(set);
  });

  it('accepts 6- and 12-digit codes, and no code', () => {
    expect(ledger.must('setOffice', { name: '某县', code: '410102' }).code).toBe('410102');
    expect(ledger.must('setOffice', { name: '某村', code: '410102001200' }).code).toBe('410102001200');
    expect(ledger.must('setOffice', { name: '城关镇', code: '' }).code).toBeNull();
    expect(ledger.must('setOffice', { name: '城关镇', code: null }).code).toBeNull();
    expect(ledger.must('setOffice', { name: '城关镇' })).toMatchObject({ code: null, configured: true });
  });

  it.each(['abc', '4101020', '41010200', '4101020012', '4101020012001', '410-102'])('refuses the code %j and changes nothing', (code) => {
    const before = ledger.must('setOffice', { name: '城关镇', code: '410102001' });
    const error = ledger.refuse('setOffice', { name: '别的镇', code });
    expect(error.code).toBe('VALIDATION');
    expectChinese(error.message);
    expect(error.issues?.[0]?.field).toBe('code');
    expect(ledger.must('getOffice', {})).toEqual(before);
  });

  it('refuses a blank or overlong name', () => {
    expect(ledger.refuse('setOffice', { name: '  ' }).issues?.[0]?.field).toBe('name');
    expect(ledger.refuse('setOffice', { name: '镇'.repeat(61) }).issues?.[0]?.field).toBe('name');
    expect(ledger.must('getOffice', {}).configured).toBe(false);
  });

  it('is the origin of every person created here', () => {
    const { id } = ledger.must('setOffice', { name: '城关镇', code: '410102001' });
    expect(ledger.must('savePerson', { name: '张三', gender: '男' }).originOffice).toBe(id);
  });
});
