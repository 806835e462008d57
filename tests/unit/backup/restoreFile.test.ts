import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackup } from '../../../src/core/backup/backup';
import { backupDirFor, configureBackups } from '../../../src/core/backup/config';
import { migrate, schemaVersion } from '../../../src/core/db/migrate';
import { MIGRATIONS } from '../../../src/core/db/migrations';
import type { RestoreReport } from '../../../src/shared/backupContract';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { dumpTables } from '../import/helpers';

/**
 * 从文件恢复: a full backup on a USB stick, handed over as bytes (upload, or Electron's open dialog), checked and
 * previewed like a listed backup, then restored through the same guarded restore (恢复前 first).
 */

const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;
let ledger: TempLedger;
let clock: Date;

beforeEach(() => {
  ledger = openTempLedger();
  clock = new Date(2026, 10, 22, 10, 30, 0);
  configureBackups(ledger.db, { now: () => clock });
  ledger.must('setOffice', { name: '红旗镇' });
});
afterEach(() => ledger.cleanup());

const dir = () => backupDirFor(ledger.file);
const names = () => (existsSync(dir()) ? readdirSync(dir()).sort() : []);
const living = () => ledger.db.prepare('SELECT name FROM people WHERE deleted_at IS NULL ORDER BY name').pluck().all();
const chosen = (fileName: string, bytes: Buffer) => ({ fileName, dataBase64: bytes.toString('base64') });
function addPerson(name: string): void {
  ledger.must('savePerson', { name, gender: '男' });
}

/** A full backup written to a "USB stick" folder, as 备份到U盘 does, and its bytes. */
function usbBackup(): { fileName: string; bytes: Buffer } {
  const usb = join(ledger.dir, 'usb');
  mkdirSync(usb, { recursive: true });
  const answer = ledger.must('backupTo', { folder: usb });
  return { fileName: answer.fileName, bytes: readFileSync(answer.path!) };
}

describe('restoring from a chosen file', () => {
  it('previews a full USB backup like a listed one, then restores it after a 恢复前 backup of the current data', async () => {
    addPerson('张三');
    addPerson('李四');
    const usb = usbBackup();
    expect(usb.fileName).toBe('台账备份_红旗镇_2026-11-22_103000.sqlite');
    addPerson('王五');
    ledger.must('setOffice', { name: '改名镇' });
    const before = names();

    const preview = ledger.must('previewBackupFile', chosen(usb.fileName, usb.bytes));
    expect(preview).toMatchObject({ id: usb.fileName, ok: true, officeName: '红旗镇', schemaVersion: LATEST, counts: { people: 2, courses: 0, activities: 0 } });
    expect(preview.recentPeople.map((p) => p.name).sort()).toEqual(['张三', '李四'].sort());
    expect(preview.newest.people).not.toBeNull();
    // Previewing changed nothing: no backup, same data.
    expect(names()).toEqual(before);
    expect(living()).toEqual(['张三', '李四', '王五'].sort());

    clock = new Date(2026, 10, 22, 10, 31, 0);
    const answer = (await ledger.api.restoreBackupFile(chosen(usb.fileName, usb.bytes))) as { ok: true; data: RestoreReport };
    expect(answer).toMatchObject({ ok: true, data: { restored: { id: usb.fileName, counts: { people: 2 } }, fromVersion: LATEST, toVersion: LATEST } });
    expect(answer.data.safetyBackup).toMatchObject({ id: '恢复前_2026-11-22_103100.sqlite', kind: 'before-restore', ok: true, officeName: '改名镇', counts: { people: 3 } });
    expect(living()).toEqual(['张三', '李四'].sort());
    expect(ledger.must('getOffice').name).toBe('红旗镇');
    expect(ledger.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The app goes on on the same connection.
    addPerson('恢复后新增');
    expect(living()).toHaveLength(3);
    // The 恢复前 backup can bring the replaced data back.
    await ledger.api.restoreBackup({ id: answer.data.safetyBackup.id });
    expect(living()).toEqual(['张三', '李四', '王五'].sort());
  });

  it('a backup copied out of the backup folder keeps its kind and time', () => {
    addPerson('张三');
    const info = createBackup(ledger.db, { kind: 'manual', label: '月底' });
    const preview = ledger.must('previewBackupFile', chosen(info.id, readFileSync(join(dir(), info.id))));
    expect(preview).toMatchObject({ id: '手动_2026-11-22_103000_月底.sqlite', kind: 'manual', label: '月底', takenAt: new Date(2026, 10, 22, 10, 30, 0).toISOString() });
  });

  it('another computer\'s live ledger file (WAL mode) can be previewed and restored', async () => {
    const other = openTempLedger();
    try {
      other.must('setOffice', { name: '青山镇' });
      other.must('savePerson', { name: '外来', gender: '女' });
      other.db.pragma('wal_checkpoint(TRUNCATE)');
      const bytes = readFileSync(other.file);
      expect(ledger.must('previewBackupFile', chosen('ledger.sqlite', bytes))).toMatchObject({ ok: true, officeName: '青山镇', counts: { people: 1 } });
      expect(await ledger.api.restoreBackupFile(chosen('ledger.sqlite', bytes))).toMatchObject({ ok: true });
      expect(living()).toEqual(['外来']);
    } finally {
      other.cleanup();
    }
  });

  it('an older program\'s backup is migrated on restore', async () => {
    const oldFile = join(ledger.dir, 'old.sqlite');
    const old = new BetterSqlite3(oldFile);
    migrate(old, MIGRATIONS.slice(0, 3));
    old.prepare("INSERT INTO office (id, name, is_self, configured, created_at, updated_at) VALUES ('o1', '老镇', 1, 1, 'x', 'x')").run();
    old.close();
    const bytes = readFileSync(oldFile);
    expect(ledger.must('previewBackupFile', chosen('老版本.sqlite', bytes))).toMatchObject({ ok: true, schemaVersion: 3 });
    expect(await ledger.api.restoreBackupFile(chosen('老版本.sqlite', bytes))).toMatchObject({ ok: true, data: { fromVersion: 3, toVersion: LATEST } });
    expect(schemaVersion(ledger.db)).toBe(LATEST);
    expect(ledger.must('getOffice').name).toBe('老镇');
  });
});

describe('a bad chosen file is refused, named, and changes nothing', () => {
  function badFiles(): { fileName: string; bytes: Buffer; reason: RegExp }[] {
    addPerson('张三');
    const good = usbBackup().bytes;
    const flipped = Buffer.from(good);
    for (let i = 4096; i < flipped.length; i += 97) flipped[i] = flipped[i]! ^ 0xff;
    const foreignFile = join(ledger.dir, 'foreign.sqlite');
    const foreign = new BetterSqlite3(foreignFile);
    foreign.exec('CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES (\'https://example.com\')');
    foreign.close();
    const newerFile = join(ledger.dir, 'newer.sqlite');
    writeFileSync(newerFile, good);
    const newer = new BetterSqlite3(newerFile);
    newer.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST + 1, 'from the future', '2030-01-01');
    newer.close();
    return [
      { fileName: '花名册.xlsx', bytes: Buffer.from('PK\u0003\u0004 a spreadsheet, not a ledger'.repeat(200)), reason: /不是台账数据文件|已损坏/ },
      { fileName: '截断.sqlite', bytes: good.subarray(0, 3000), reason: /已损坏|完整性检查未通过|不是台账数据文件/ },
      { fileName: '坏的.sqlite', bytes: flipped, reason: /已损坏|完整性检查未通过/ },
      { fileName: 'places.sqlite', bytes: readFileSync(foreignFile), reason: /不是台账数据文件（缺少人员表或结构版本表）/ },
      { fileName: '新版本.sqlite', bytes: readFileSync(newerFile), reason: new RegExp(`更新版本的程序创建（数据结构版本 ${LATEST + 1}）.*请先升级程序`) },
    ];
  }

  it('not SQLite, truncated, damaged, another program\'s SQLite, a newer schema: preview and restore both refuse', async () => {
    const files = badFiles();
    addPerson('李四');
    const before = dumpTables(ledger.db);
    const backupsBefore = names();
    for (const bad of files) {
      for (const method of ['previewBackupFile', 'restoreBackupFile'] as const) {
        const answer = await ledger.api[method](chosen(bad.fileName, bad.bytes));
        expect(answer, `${method} ${bad.fileName}`).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
        const message = answer.ok ? '' : answer.error.message;
        expect(message, bad.fileName).toContain(`“${bad.fileName}”`);
        expect(message, bad.fileName).toMatch(bad.reason);
        expect(message, bad.fileName).toMatch(/当前数据没有改动。$/);
      }
    }
    expect(dumpTables(ledger.db)).toEqual(before);
    // No 恢复前 backup, no temp files left in the backup folder.
    expect(names()).toEqual(backupsBefore);
  });

  it('the contract refuses names with folders and bytes that are not base64', () => {
    expect(ledger.refuse('previewBackupFile', { fileName: '../ledger.sqlite', dataBase64: 'AAAA' }).code).toBe('VALIDATION');
    expect(ledger.refuse('restoreBackupFile', { fileName: 'C:\\x.sqlite', dataBase64: 'AAAA' }).code).toBe('VALIDATION');
    expect(ledger.refuse('previewBackupFile', { fileName: 'a.sqlite', dataBase64: 'not base64!' }).code).toBe('VALIDATION');
    expect(ledger.refuse('previewBackupFile', { fileName: 'a.sqlite', dataBase64: '' }).code).toBe('VALIDATION');
    // A name that is only dots stays inside the private temp folder; the file is still checked and refused.
    const dots = ledger.refuse('previewBackupFile', { fileName: '..', dataBase64: Buffer.from('x'.repeat(600)).toString('base64') });
    expect(dots).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^“\.\.”不能用于恢复/) });
  });
});
