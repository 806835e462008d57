import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../../src/core/api';
import { dispatch } from '../../../src/core/dispatch';
import { LOCKED_MESSAGE } from '../../../src/shared/audit';
import { METHODS, type Input, type LedgerHandlers, type Method } from '../../../src/shared/contract';
import type { Result } from '../../../src/shared/result';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';

/** The app lock, enforced in the API over a real ledger: a scrypt hash only, every method closed while locked. */

let ledger: TempLedger;
beforeEach(() => {
  ledger = openTempLedger();
});
afterEach(() => ledger.cleanup());

const call = async <M extends Method>(api: LedgerHandlers, method: M, input: Input<M>): Promise<Result<unknown>> => dispatch(api, method, input);

describe('lock password', () => {
  it('is stored as a salted scrypt hash, never as text', async () => {
    expect(await call(ledger.api, 'setLockPassword', { new: '正确的密码abc' })).toMatchObject({ ok: true, data: { hasPassword: true, locked: false, idleMinutes: 10 } });
    const stored = ledger.db.prepare("SELECT value FROM settings WHERE key = 'appLock'").pluck().get() as string;
    expect(stored).not.toContain('正确的密码abc');
    const hash = (JSON.parse(stored) as { password: { salt: string; hash: string; N: number } }).password;
    expect(hash.N).toBeGreaterThanOrEqual(2 ** 15);
    expect(Buffer.from(hash.salt, 'base64')).toHaveLength(16);
    const dump = JSON.stringify(ledger.db.prepare('SELECT * FROM settings').all());
    expect(dump).not.toContain('正确的密码abc');
    // The same password hashes differently each time (random salt).
    await call(ledger.api, 'setLockPassword', { old: '正确的密码abc', new: '正确的密码abc' });
    const again = JSON.parse(ledger.db.prepare("SELECT value FROM settings WHERE key = 'appLock'").pluck().get() as string) as { password: { hash: string } };
    expect(again.password.hash).not.toBe(hash.hash);
  });

  it('refuses a short password, a change without the old one, and a clear with a wrong one', async () => {
    expect(await call(ledger.api, 'setLockPassword', { new: '12345' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await call(ledger.api, 'setLockPassword', { new: '123456' });
    expect(await call(ledger.api, 'setLockPassword', { new: 'abcdefg' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '原密码不正确' } });
    expect(await call(ledger.api, 'clearLockPassword', { password: 'nope!!' })).toMatchObject({ ok: false, error: { message: '密码不正确' } });
    expect(await call(ledger.api, 'clearLockPassword', { password: '123456' })).toMatchObject({ ok: true, data: { hasPassword: false, locked: false } });
    expect(await call(ledger.api, 'lock', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('while locked', () => {
  it('every method but unlock, lockState and getOffice answers FORBIDDEN; a wrong password is refused, the right one opens', async () => {
    await call(ledger.api, 'setLockPassword', { new: 'secret-1' });
    expect(await call(ledger.api, 'lock', {})).toMatchObject({ ok: true, data: { locked: true } });
    for (const method of METHODS) {
      if (method === 'unlock' || method === 'lockState' || method === 'getOffice') continue;
      // Straight to the guarded handler: the lock answers before any input is looked at.
      const result = await (ledger.api[method] as (input: unknown) => unknown)({});
      expect(result, method).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: LOCKED_MESSAGE } });
    }
    expect(await call(ledger.api, 'getOffice', {})).toMatchObject({ ok: true });
    expect(await call(ledger.api, 'lockState', {})).toMatchObject({ ok: true, data: { locked: true } });
    expect(await call(ledger.api, 'unlock', { password: 'secret-2' })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '密码不正确' } });
    expect(await call(ledger.api, 'listPeople', {})).toMatchObject({ ok: false, error: { message: LOCKED_MESSAGE } });
    expect(await call(ledger.api, 'unlock', { password: 'secret-1' })).toMatchObject({ ok: true, data: { locked: false } });
    expect(await call(ledger.api, 'listPeople', {})).toMatchObject({ ok: true });
  });

  it('a file with a password starts locked in the app, not in the CLI', async () => {
    await call(ledger.api, 'setLockPassword', { new: 'secret-1' });
    ledger.reopen();
    expect(await call(ledger.api, 'listPeople', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const cli = createLedgerApi(ledger.db, { lock: { startLocked: false } });
    expect(await call(cli, 'listPeople', {})).toMatchObject({ ok: true });
  });
});

describe('automatic lock', () => {
  it('locks by itself after the idle minutes with no API call; calls and activity postpone it; polling the lock does not', async () => {
    let now = 1_000_000;
    const api = createLedgerApi(ledger.db, { lock: { now: () => now } });
    await call(api, 'setLockPassword', { new: 'secret-1' });
    expect(await call(api, 'setLockIdleMinutes', { minutes: 5 })).toMatchObject({ ok: true, data: { idleMinutes: 5 } });

    now += 4 * 60_000;
    expect(await call(api, 'listPeople', {})).toMatchObject({ ok: true });
    now += 4 * 60_000;
    expect(await call(api, 'lockState', { active: true })).toMatchObject({ ok: true, data: { locked: false } });
    now += 4 * 60_000;
    // Polling without activity does not keep it open.
    expect(await call(api, 'lockState', {})).toMatchObject({ data: { locked: false } });
    now += 60_000;
    expect(await call(api, 'lockState', {})).toMatchObject({ data: { locked: true } });
    expect(await call(api, 'listPeople', {})).toMatchObject({ ok: false, error: { message: LOCKED_MESSAGE } });
    expect(await call(api, 'unlock', { password: 'secret-1' })).toMatchObject({ ok: true, data: { locked: false } });

    // 0 turns the automatic lock off.
    await call(api, 'setLockIdleMinutes', { minutes: 0 });
    now += 24 * 3_600_000;
    expect(await call(api, 'listPeople', {})).toMatchObject({ ok: true });
  });

  it('needs a password first', async () => {
    expect(await call(ledger.api, 'setLockIdleMinutes', { minutes: 5 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
