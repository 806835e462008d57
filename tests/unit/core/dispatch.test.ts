import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../../src/core/api';
import { dispatch } from '../../../src/core/dispatch';
import type { LedgerHandlers } from '../../../src/shared/contract';
import { countRows, expectChinese, openTempLedger, type TempLedger } from '../../helpers/ledger';

let ledger: TempLedger;

beforeEach(() => {
  ledger = openTempLedger();
});

afterEach(() => {
  ledger.cleanup();
});

function collectingLog() {
  const logged: unknown[] = [];
  return { logged, log: (e: unknown) => logged.push(e) };
}

describe('dispatch', () => {
  it('refuses an unknown method without calling anything', async () => {
    const { logged, log } = collectingLog();
    const result = await dispatch(ledger.api, 'dropTables', {}, log);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('UNKNOWN_CHANNEL');
      expectChinese(result.error.message);
    }
    expect(logged).toEqual([]);
  });

  it('refuses bad input with VALIDATION before the handler runs', async () => {
    let called = false;
    const handlers: LedgerHandlers = {
      ...ledger.api,
      savePerson: (input) => {
        called = true;
        return ledger.api.savePerson(input);
      },
    };
    const result = await dispatch(handlers, 'savePerson', { name: 42, extra: true });
    expect(called).toBe(false);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expectChinese(result.error.message);
      expect(result.error.issues?.map((i) => i.field).sort()).toEqual(['', 'name']);
      for (const issue of result.error.issues ?? []) expectChinese(issue.message);
    }
    expect(countRows(ledger.db, 'people')).toBe(0);
  });

  it('turns a handler that throws into INTERNAL, logs the error, and throws nothing', async () => {
    const { logged, log } = collectingLog();
    const boom = new Error('disk on fire');
    const handlers: LedgerHandlers = {
      ...ledger.api,
      getOffice: () => {
        throw boom;
      },
    };
    const result = await dispatch(handlers, 'getOffice', {}, log);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expectChinese(result.error.message);
      expect(result.error.message).not.toContain('disk on fire');
    }
    expect(logged).toEqual([boom]);
  });

  it('turns a real database failure (closed handle) into INTERNAL', async () => {
    const { logged, log } = collectingLog();
    const api = createLedgerApi(ledger.db);
    ledger.db.close();
    const result = await dispatch(api, 'listPeople', {}, log);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INTERNAL');
    expect(logged).toHaveLength(1);
  });

  it('passes parsed input, with defaults applied, to the handler', async () => {
    let received: unknown;
    const handlers: LedgerHandlers = {
      ...ledger.api,
      listPeople: (input) => {
        received = input;
        return ledger.api.listPeople(input);
      },
    };
    const result = await dispatch(handlers, 'listPeople', { query: '张' });
    expect(result).toEqual({ ok: true, data: { items: [], total: 0 } });
    expect(received).toEqual({ query: '张', deleted: 'live', sort: 'name', direction: 'asc', offset: 0, limit: 50 });
  });

  it('passes an expected failure from the handler through unchanged', async () => {
    const result = await dispatch(ledger.api, 'getPerson', { id: '01890a5d-ac96-774b-bcce-b302099a8057' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND');
  });
});
