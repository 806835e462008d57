import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBackup } from '../../../src/core/backup/backup';
import { backupDirFor } from '../../../src/core/backup/config';
import { restoreFromFile } from '../../../src/core/backup/restore';
import { inspectFile } from '../../../src/core/backup/verify';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';

/** A restore must never say it restored when it did not, nor overwrite a write its 恢复前 backup missed. */

let ledger: TempLedger;
beforeEach(() => {
  ledger = openTempLedger();
  ledger.must('setOffice', { name: '红旗镇' });
});
afterEach(() => ledger.cleanup());

const names = () => ledger.db.prepare('SELECT name FROM people WHERE deleted_at IS NULL ORDER BY name').pluck().all();
const add = (name: string) => ledger.must('savePerson', { name, gender: '男' });

it('refuses, changing nothing, when another program holds the write lock; never reports a restore that did not happen', async () => {
  add('甲');
  const backup = createBackup(ledger.db, { kind: 'manual' });
  add('乙');
  const other = new BetterSqlite3(ledger.file);
  other.exec('BEGIN IMMEDIATE');
  try {
    await expect(restoreFromFile(ledger.db, join(backupDirFor(ledger.file), backup.id))).rejects.toThrow(/其他程序.*未做恢复.*当前数据没有改动/);
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
  expect(names()).toEqual(['乙', '甲'].sort());
  // With the lock gone the same restore goes through.
  await restoreFromFile(ledger.db, join(backupDirFor(ledger.file), backup.id));
  expect(names()).toEqual(['甲']);
});

it('a write that lands after the 恢复前 backup but before the live file is locked is not silently lost', async () => {
  add('甲');
  const backup = createBackup(ledger.db, { kind: 'manual' });
  // restoreFromFile runs synchronously up to the backup API's first await: the 恢复前 backup is already made.
  const restoring = restoreFromFile(ledger.db, join(backupDirFor(ledger.file), backup.id));
  add('丙'); // e.g. a save from another window of the browser host
  const outcome = await restoring.then(
    (report) => ({ ok: true as const, report }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) {
    // Restored: then 丙 must at least be in the 恢复前 backup.
    const safety = inspectFile(join(backupDirFor(ledger.file), outcome.report.safetyBackup.id));
    expect(safety.counts?.people).toBe(2);
  } else {
    expect(String(outcome.error)).toMatch(/新的改动.*未做恢复/);
    expect(names()).toEqual(['丙', '甲'].sort());
  }
});
