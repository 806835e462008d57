import { existsSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduleDailyBackups } from '../../../src/core/backup/backup';
import { backupDirFor } from '../../../src/core/backup/config';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';

/**
 * The hourly check that makes the 每日 backup for an app left running overnight: fake timers and a fake clock,
 * a real SQLite file. Only setInterval, clearInterval and Date are faked, so SQLite and fs run as they do.
 */

const HOUR = 3600_000;
let ledger: TempLedger;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(new Date(2026, 10, 22, 10, 30, 0));
  ledger = openTempLedger();
  ledger.must('setOffice', { name: '红旗镇' });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  ledger.cleanup();
});

const daily = () => {
  const dir = backupDirFor(ledger.file);
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('每日_')).sort() : [];
};

describe('scheduleDailyBackups', () => {
  it('the first hourly tick makes the day\'s 每日 backup, later ticks that day none, the first tick after midnight the next', () => {
    const stop = scheduleDailyBackups(ledger.db);
    try {
      // Scheduling alone writes nothing: the start backup does the first one.
      expect(daily()).toEqual([]);
      vi.advanceTimersByTime(HOUR);
      expect(daily()).toEqual(['每日_2026-11-22_113000.sqlite']);
      // 12:30 … 23:30: the same calendar day, nothing more.
      vi.advanceTimersByTime(12 * HOUR);
      expect(new Date().getHours()).toBe(23);
      expect(daily()).toEqual(['每日_2026-11-22_113000.sqlite']);
      // 00:30 the next day.
      vi.advanceTimersByTime(HOUR);
      expect(daily()).toEqual(['每日_2026-11-22_113000.sqlite', '每日_2026-11-23_003000.sqlite']);
      vi.advanceTimersByTime(23 * HOUR);
      expect(daily()).toHaveLength(2);
      vi.advanceTimersByTime(HOUR);
      expect(daily()).toEqual(['每日_2026-11-22_113000.sqlite', '每日_2026-11-23_003000.sqlite', '每日_2026-11-24_003000.sqlite']);
    } finally {
      stop();
    }
  });

  it('stop() clears the timer: no tick and no backup afterwards', () => {
    const stop = scheduleDailyBackups(ledger.db);
    expect(vi.getTimerCount()).toBe(1);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(3 * 24 * HOUR);
    expect(daily()).toEqual([]);
    // Stopping twice (will-quit after a window close) is harmless.
    stop();
  });

  it('a tick after the database was closed does nothing and throws nothing', () => {
    const log = vi.fn();
    const stop = scheduleDailyBackups(ledger.db, { log });
    ledger.db.close();
    expect(() => vi.advanceTimersByTime(2 * HOUR)).not.toThrow();
    expect(log).not.toHaveBeenCalled();
    expect(daily()).toEqual([]);
    stop();
  });

  it('a refused backup (full disk) is logged, never thrown, and the next tick tries again', () => {
    let free = 1024;
    const log = vi.fn();
    const stop = scheduleDailyBackups(ledger.db, { log, freeBytes: () => free });
    try {
      expect(() => vi.advanceTimersByTime(HOUR)).not.toThrow();
      expect(log).toHaveBeenCalledWith('daily backup failed', expect.objectContaining({ message: expect.stringMatching(/磁盘剩余空间不足/) }));
      expect(daily()).toEqual([]);
      free = Number.MAX_SAFE_INTEGER;
      vi.advanceTimersByTime(HOUR);
      expect(daily()).toEqual(['每日_2026-11-22_123000.sqlite']);
    } finally {
      stop();
    }
  });
});

describe('scheduleDailyBackups timer', () => {
  it('does not keep the process alive (unref), so the CLI and tests can exit; stop() clears it', () => {
    vi.useRealTimers();
    const setSpy = vi.spyOn(globalThis, 'setInterval');
    const clearSpy = vi.spyOn(globalThis, 'clearInterval');
    const stop = scheduleDailyBackups(ledger.db);
    expect(setSpy).toHaveBeenCalledExactlyOnceWith(expect.any(Function), HOUR);
    const timer = setSpy.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    stop();
    expect(clearSpy).toHaveBeenCalledWith(timer);
  });
});
