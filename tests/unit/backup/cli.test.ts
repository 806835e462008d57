import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/core/db/migrations';
import { makeTempDir } from '../../helpers/ledger';

/** `ledger backup` and `ledger restore` as a clerk runs them: child processes on real files. */

const BIN = resolve(import.meta.dirname, '../../../bin/ledger.mjs');
const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;

function ledger(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function names(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare('SELECT name FROM people WHERE deleted_at IS NULL ORDER BY name').pluck().all() as string[];
  } finally {
    db.close();
  }
}

let temp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  temp = makeTempDir();
  db = join(temp.dir, 'hq.sqlite');
  expect(ledger('init', '--db', db, '--office', '红旗镇').code).toBe(0);
  expect(ledger('people', 'save', '--db', db, '--json', '{"name":"张三","gender":"男"}').code).toBe(0);
});
afterEach(() => temp.cleanup());

describe('ledger backup / restore', () => {
  it('backs up, refuses to overwrite without --force, and restores the old data with a 恢复前 backup first', () => {
    const out = join(temp.dir, 'U盘', '..', 'copy.sqlite');
    const made = ledger('backup', out, '--db', db, '--json');
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ schemaVersion: LATEST, counts: { people: 1 } });
    const again = ledger('backup', out, '--db', db);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/文件已存在.*--force/);
    expect(ledger('backup', out, '--db', db, '--force').code).toBe(0);

    expect(ledger('people', 'save', '--db', db, '--json', '{"name":"李四","gender":"女"}').code).toBe(0);
    expect(names(db)).toEqual(['张三', '李四'].sort());
    const restored = ledger('restore', out, '--db', db, '--json');
    expect(restored.code, restored.stderr).toBe(0);
    const report = JSON.parse(restored.stdout);
    expect(report).toMatchObject({ fromVersion: LATEST, toVersion: LATEST, counts: { people: 1 } });
    expect(names(db)).toEqual(['张三']);
    expect(names(report.safetyBackup)).toEqual(['张三', '李四'].sort());
    expect(readdirSync(join(temp.dir, 'backups')).some((n) => n.startsWith('恢复前_'))).toBe(true);
    // Plain text says what it did, in Chinese.
    const text = ledger('restore', out, '--db', db);
    expect(text.stdout).toMatch(/已从备份恢复.*\n恢复前的数据已备份到/);
  });

  it('refuses a damaged or newer-schema backup with a Chinese message and changes nothing', () => {
    const out = join(temp.dir, 'copy.sqlite');
    expect(ledger('backup', out, '--db', db).code).toBe(0);
    const damaged = join(temp.dir, 'damaged.sqlite');
    const bytes = readFileSync(out);
    for (let i = 4096; i < bytes.length; i += 53) bytes[i] = bytes[i]! ^ 0x5a;
    writeFileSync(damaged, bytes);
    const newer = new BetterSqlite3(out);
    newer.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST + 1, 'future', '2030-01-01');
    newer.close();
    expect(ledger('people', 'save', '--db', db, '--json', '{"name":"李四","gender":"女"}').code).toBe(0);
    for (const [file, message] of [
      [damaged, /已损坏/],
      [out, /更新版本的程序/],
    ] as const) {
      const run = ledger('restore', file, '--db', db, '--json');
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/当前数据没有改动/);
    }
    expect(names(db)).toEqual(['张三', '李四'].sort());
  });
});
