import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupBeforeImport, BackupError, createBackup, ensureDailyBackup, listBackups, rotate, runStartupBackups } from '../../../src/core/backup/backup';
import { backupDirFor, configureBackups } from '../../../src/core/backup/config';
import { backupFileName, parseBackupName } from '../../../src/core/backup/names';
import { restoreFromFile } from '../../../src/core/backup/restore';
import { migrate, schemaVersion } from '../../../src/core/db/migrate';
import { MIGRATIONS } from '../../../src/core/db/migrations';
import { openDatabase } from '../../../src/core/db/open';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { MESSY, writeMessyRoster } from '../../fixtures/buildRosterWorkbooks';
import { dumpTables } from '../import/helpers';
import type { RestoreReport } from '../../../src/shared/backupContract';

/** Backups and restore on real SQLite files in WAL mode, through the core and through the contract. */

const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;
const ID = (n: number) => `11010119800101${String(n).padStart(3, '0')}`;

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
const people = () => (ledger.db.prepare('SELECT COUNT(*) AS n FROM people WHERE deleted_at IS NULL').get() as { n: number }).n;
function addPerson(name: string): void {
  ledger.must('savePerson', { name, gender: '男' });
}
function tick(seconds: number): void {
  clock = new Date(clock.getTime() + seconds * 1000);
}

describe('names and folder', () => {
  it('puts backups in backups/ beside the data file and names them so the clerk recognises them', () => {
    expect(backupDirFor('/data/台账/hq.sqlite')).toBe(join('/data/台账', 'backups'));
    const name = backupFileName('before-import', new Date(2026, 10, 22, 10, 30, 15), '花名册.xlsx');
    expect(name).toBe('导入前_2026-11-22_103015_花名册.xlsx.sqlite');
    expect(parseBackupName(name)).toMatchObject({ kind: 'before-import', label: '花名册.xlsx', date: '2026-11-22' });
    expect(backupFileName('manual', new Date(2026, 0, 2, 3, 4, 5), '../a/b:c', 2)).toBe('手动_2026-01-02_030405-2_a_b_c.sqlite');
  });
});

describe('createBackup', () => {
  it('makes a verified copy of the last commit while another connection has a write transaction open (WAL)', () => {
    addPerson('张三');
    expect(ledger.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const other = new BetterSqlite3(ledger.file);
    other.pragma('busy_timeout = 5000');
    other.exec('BEGIN IMMEDIATE');
    other.prepare("UPDATE people SET name = '未提交'").run();
    try {
      const info = createBackup(ledger.db, { kind: 'manual', label: '测试' });
      expect(info).toMatchObject({ kind: 'manual', label: '测试', ok: true, officeName: '红旗镇', schemaVersion: LATEST, counts: { people: 1, courses: 0, activities: 0 } });
      const copy = new BetterSqlite3(join(dir(), info.id), { readonly: true });
      expect(copy.prepare('SELECT name FROM people').pluck().all()).toEqual(['张三']);
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      copy.close();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(names().filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses with a Chinese message when the disk is nearly full, and writes nothing', () => {
    configureBackups(ledger.db, { freeBytes: () => 10 * 1024 * 1024 });
    expect(() => createBackup(ledger.db, { kind: 'manual' })).toThrow(/磁盘剩余空间不足/);
    expect(readdirSync(dir())).toEqual([]);
    // Before an import a refusal only warns.
    expect(backupBeforeImport(ledger.db, 'a.xlsx')).toMatch(/导入前未能自动备份：磁盘剩余空间不足.*导入照常进行/);
  });
});

describe('rotation', () => {
  it('keeps the newest N of each kind and leaves other kinds alone', () => {
    configureBackups(ledger.db, { keep: { start: 3 } });
    createBackup(ledger.db, { kind: 'manual' });
    for (let i = 0; i < 6; i++) {
      createBackup(ledger.db, { kind: 'start' });
      tick(60);
    }
    const starts = names().filter((n) => n.startsWith('启动时_'));
    expect(starts).toEqual(['启动时_2026-11-22_103300.sqlite', '启动时_2026-11-22_103400.sqlite', '启动时_2026-11-22_103500.sqlite']);
    expect(names().filter((n) => n.startsWith('手动_'))).toHaveLength(1);
  });

  it('never deletes the newest, even with keep 0 or a clock that went backwards', () => {
    configureBackups(ledger.db, { keep: { daily: 0 } });
    createBackup(ledger.db, { kind: 'start' });
    tick(-3600);
    const info = createBackup(ledger.db, { kind: 'start' });
    expect(names()).toContain(info.id);
    // createBackup protected the one it just made; rotation alone keeps the newest by its time.
    expect(names().filter((n) => n.startsWith('启动时_'))).toHaveLength(2);
    expect(rotate(dir(), 'start', 0, info.id)).toEqual([]);
    expect(rotate(dir(), 'start', 0)).toEqual([info.id]);
    expect(names().filter((n) => n.startsWith('启动时_'))).toEqual(['启动时_2026-11-22_103000.sqlite']);
  });

  it('two backups in the same second get distinct names', () => {
    const a = createBackup(ledger.db, { kind: 'manual' });
    const b = createBackup(ledger.db, { kind: 'manual' });
    expect(a.id).not.toBe(b.id);
    expect(b.id).toBe('手动_2026-11-22_103000-2.sqlite');
  });
});

describe('daily and start', () => {
  it('makes at most one daily backup per calendar day', () => {
    expect(ensureDailyBackup(ledger.db)).not.toBeNull();
    tick(3600);
    expect(ensureDailyBackup(ledger.db)).toBeNull();
    clock = new Date(2026, 10, 22, 23, 59, 59);
    expect(ensureDailyBackup(ledger.db)).toBeNull();
    clock = new Date(2026, 10, 23, 0, 0, 1);
    expect(ensureDailyBackup(ledger.db)?.id).toBe('每日_2026-11-23_000001.sqlite');
    expect(names().filter((n) => n.startsWith('每日_'))).toHaveLength(2);
  });

  it('at start: one 启动时 backup and the day\'s 每日 one; stale temp files are swept', () => {
    const stale = join(dir(), '.tmp-stale.sqlite');
    runStartupBackups(ledger.db);
    writeFileSync(stale, 'x');
    clock = new Date(Date.now() + 2 * 3600_000);
    runStartupBackups(ledger.db);
    expect(existsSync(stale)).toBe(false);
    const kinds = listBackups(dir()).map((b) => b.kind);
    expect(kinds.filter((k) => k === 'start')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'daily').length).toBeGreaterThanOrEqual(1);
  });
});

describe('before an import, and restoring it', () => {
  it('a roster import leaves a 导入前 backup; restoring it gives back exactly the pre-import data', async () => {
    addPerson('原有一');
    addPerson('原有二');
    const before = dumpTables(ledger.db);
    const workbook = await writeMessyRoster(ledger.dir);
    const staged = ledger.must('stageImportFile', { name: MESSY.fileName, dataBase64: readFileSync(workbook).toString('base64') });
    const { jobId } = ledger.must('startRosterImport', { fileId: staged.fileId, mode: 'commit' });
    // Until the job ends, however long a busy machine takes (the test's own timeout is the limit).
    let job = ledger.must('getImportJob', { jobId });
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 25));
      job = ledger.must('getImportJob', { jobId });
    }
    expect(job.state).toBe('done');
    expect(job.result?.warnings.some((w) => w.message.includes('备份'))).toBe(false);
    const imported = people();
    expect(imported).toBeGreaterThan(2);

    const backup = ledger.must('listBackups').find((b) => b.kind === 'before-import')!;
    expect(backup.id).toBe(`导入前_2026-11-22_103000_${MESSY.fileName}.sqlite`);
    expect(backup.counts).toEqual({ people: 2, courses: 0, activities: 0 });

    const preview = ledger.must('previewBackup', { id: backup.id });
    expect(preview.recentPeople.map((p) => p.name).sort()).toEqual(['原有一', '原有二']);
    expect(preview.newest.people).not.toBeNull();

    tick(5);
    const report = (await ledger.api.restoreBackup({ id: backup.id })) as { ok: true; data: RestoreReport };
    expect(report.ok).toBe(true);
    expect(report.data.safetyBackup).toMatchObject({ kind: 'before-restore', ok: true, counts: { people: imported } });
    expect(dumpTables(ledger.db)).toEqual(before);
    expect(ledger.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(ledger.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // The app keeps working on the same connection: reads, writes, search.
    expect(ledger.must('listPeople', { query: '原有' }).total).toBe(2);
    addPerson('恢复后新增');
    expect(people()).toBe(3);
  });

  it('a training import also leaves a 导入前 backup right before it commits', async () => {
    const { seedCourseAndImport } = await import('./trainingImport');
    const name = await seedCourseAndImport(ledger);
    expect(names().some((n) => n.startsWith('导入前_') && n.endsWith(`_${name}.sqlite`))).toBe(true);
  });
});

describe('refusals leave the data unchanged', () => {
  it('a damaged backup (bit flips) is listed as damaged and refused on restore', async () => {
    addPerson('张三');
    const good = createBackup(ledger.db, { kind: 'manual' });
    const damaged = join(dir(), '手动_2026-11-22_090000_坏的.sqlite');
    const bytes = readFileSync(join(dir(), good.id));
    for (let i = 4096; i < bytes.length; i += 97) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(damaged, bytes);
    const truncated = join(dir(), '手动_2026-11-22_080000_截断.sqlite');
    writeFileSync(truncated, readFileSync(join(dir(), good.id)).subarray(0, 3000));
    addPerson('李四');
    const before = dumpTables(ledger.db);

    const listed = ledger.must('listBackups');
    expect(listed.map((b) => [b.id, b.ok])).toEqual([
      [good.id, true],
      ['手动_2026-11-22_090000_坏的.sqlite', false],
      ['手动_2026-11-22_080000_截断.sqlite', false],
    ]);
    expect(listed[1]!.problem).toBeTruthy();
    for (const id of ['手动_2026-11-22_090000_坏的.sqlite', '手动_2026-11-22_080000_截断.sqlite']) {
      const answer = await ledger.api.restoreBackup({ id });
      expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(!answer.ok && answer.error.message).toMatch(/已损坏.*当前数据没有改动/);
    }
    expect(dumpTables(ledger.db)).toEqual(before);
    expect(names().some((n) => n.startsWith('恢复前_'))).toBe(false);
  });

  it('a backup from a newer program is refused', async () => {
    addPerson('张三');
    const info = createBackup(ledger.db, { kind: 'manual' });
    const newer = new BetterSqlite3(join(dir(), info.id));
    newer.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST + 1, 'from the future', '2030-01-01');
    newer.close();
    addPerson('李四');
    const before = dumpTables(ledger.db);
    await expect(restoreFromFile(ledger.db, join(dir(), info.id))).rejects.toThrow(BackupError);
    await expect(restoreFromFile(ledger.db, join(dir(), info.id))).rejects.toThrow(/更新版本的程序.*当前数据没有改动/);
    expect(dumpTables(ledger.db)).toEqual(before);
    expect(names().filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('a backup from an older program is migrated after restore', async () => {
    const oldFile = join(ledger.dir, 'old.sqlite');
    const old = new BetterSqlite3(oldFile);
    migrate(old, MIGRATIONS.slice(0, 3));
    old.prepare("INSERT INTO office (id, name, is_self, configured, created_at, updated_at) VALUES ('o1', '老镇', 1, 1, 'x', 'x')").run();
    old.prepare(
      "INSERT INTO people (id, origin_office, name, gender_code, id_number, created_at, updated_at) VALUES ('p1', 'o1', '老人员', '1', ?, '2020-01-01', '2020-01-01')",
    ).run(ID(1));
    old.close();
    mkdirSync(dir(), { recursive: true });
    const inFolder = join(dir(), '手动_2020-01-01_000000_旧版.sqlite');
    copyFileSync(oldFile, inFolder);
    expect(ledger.must('listBackups').find((b) => b.id.includes('旧版'))).toMatchObject({ ok: true, schemaVersion: 3 });
    const answer = await ledger.api.restoreBackup({ id: '手动_2020-01-01_000000_旧版.sqlite' });
    expect(answer).toMatchObject({ ok: true, data: { fromVersion: 3, toVersion: LATEST } });
    expect(schemaVersion(ledger.db)).toBe(LATEST);
    expect(ledger.db.prepare('SELECT name FROM people').pluck().all()).toEqual(['老人员']);
    expect(ledger.must('getOffice').name).toBe('老镇');
    // Tables the old version lacked are there and usable.
    expect(ledger.must('listCourses', {})).toBeDefined();
  });

  it('refuses names that leave the backup folder', async () => {
    expect(ledger.refuse('previewBackup', { id: '../ledger.db' }).code).toBe('VALIDATION');
    expect(ledger.refuse('previewBackup', { id: '不存在.sqlite' }).code).toBe('NOT_FOUND');
  });
});

describe('backupTo', () => {
  it('writes a full verified copy into a chosen folder and refuses to overwrite', () => {
    addPerson('张三');
    const usb = join(ledger.dir, 'usb');
    mkdirSync(usb);
    const answer = ledger.must('backupTo', { folder: usb });
    expect(answer.fileName).toBe('台账备份_红旗镇_2026-11-22_103000.sqlite');
    const copy = openDatabase(answer.path!, { readonly: true });
    expect(copy.prepare('SELECT COUNT(*) FROM people').pluck().get()).toBe(1);
    copy.close();
    expect(ledger.refuse('backupTo', { folder: usb }).message).toMatch(/已有同名文件/);
    expect(ledger.refuse('backupTo', { folder: join(usb, 'missing') }).message).toMatch(/找不到保存位置/);
  });

  it('without a folder hands the file back for download', () => {
    const answer = ledger.must('backupTo', {});
    expect(answer.path).toBeNull();
    expect(Buffer.from(answer.dataBase64!, 'base64').subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});
