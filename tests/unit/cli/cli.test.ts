import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/ledger';
import { CJK } from '../../helpers/cjk';
import { MIGRATIONS } from '../../../src/core/db/migrations';

/** The `ledger` command as a user runs it: a child process through bin/ledger.mjs, on real files. */

const BIN = resolve(import.meta.dirname, '../../../bin/ledger.mjs');

function ledger(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let temp: ReturnType<typeof makeTempDir>;
let db: string;

beforeEach(() => {
  temp = makeTempDir();
  db = join(temp.dir, 'ledger.sqlite');
});
afterEach(() => temp.cleanup());

describe('ledger CLI', () => {
  it('prints help', () => {
    const run = ledger('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ledger init --db FILE --office NAME');
    expect(run.stdout).toContain('ledger people save');
  });

  it('round-trips: init, save, update, list, search, check', () => {
    expect(ledger('init', '--db', db, '--office', '红旗镇', '--office-code', '110101001').code).toBe(0);

    const created = ledger('people', 'save', '--db', db, '--json', JSON.stringify({ name: '张三', idNumber: '11010119800101001x'.replace('x', '0'), politicalStatus: '党员', education: '大专', ethnicity: '汉', phone: '138-0013-8000', unit: '红旗村' }));
    expect(created.code).toBe(0);
    const person = JSON.parse(created.stdout);
    expect(person).toMatchObject({
      name: '张三',
      gender: '男',
      ethnicity: '汉族',
      birthDate: '1980-01-01',
      idNumber: '110101198001010010',
      politicalStatus: '中共党员',
      politicalStatusCode: '01',
      education: '大学专科毕业',
      educationCode: '31',
      phone: '13800138000',
      unit: '红旗村',
      post: null,
      category: null,
      note: null,
    });

    // An update names only what changes; everything else is kept.
    const updated = ledger('people', 'save', '--db', db, '--json', JSON.stringify({ id: person.id, post: '村党组织书记' }));
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ ...person, post: '村党组织书记', rev: 2, updatedAt: expect.any(String) });

    expect(ledger('people', 'save', '--db', db, '--json', JSON.stringify({ name: '李四', idNumber: '110101198001010029' })).code).toBe(0);

    const all = JSON.parse(ledger('people', 'list', '--db', db, '--json').stdout);
    expect(all.map((p: { name: string }) => p.name).sort()).toEqual(['张三', '李四'].sort());
    const found = JSON.parse(ledger('people', 'list', '--db', db, '--json', '--search', 'zs').stdout);
    expect(found.map((p: { name: string }) => p.name)).toEqual(['张三']);

    const check = ledger('check', '--db', db, '--json');
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ integrity: 'ok', schemaVersion: MIGRATIONS[MIGRATIONS.length - 1]!.version, counts: { people: 2, office: 1 } });
  });

  it('init refuses to overwrite an existing file and leaves it untouched', () => {
    writeFileSync(db, 'not a ledger');
    const before = statSync(db).mtimeMs;
    const run = ledger('init', '--db', db, '--office', '红旗镇');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('文件已存在');
    expect(readFileSync(db, 'utf8')).toBe('not a ledger');
    expect(statSync(db).mtimeMs).toBe(before);
  });

  it('init with a bad office code leaves no file behind', () => {
    const run = ledger('init', '--db', db, '--office', '红旗镇', '--office-code', 'abc');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(CJK);
    expect(existsSync(db)).toBe(false);
  });

  it('a bad person goes to stderr in Chinese, exits non-zero and changes nothing', () => {
    ledger('init', '--db', db, '--office', '红旗镇');
    const run = ledger('people', 'save', '--db', db, '--json', JSON.stringify({ name: '张三', idNumber: '110101198001010011' }));
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('身份证号校验位不正确');
    expect(JSON.parse(ledger('people', 'list', '--db', db, '--json').stdout)).toEqual([]);

    const badJson = ledger('people', 'save', '--db', db, '--json', '{name:');
    expect(badJson.code).not.toBe(0);
    expect(badJson.stderr).toContain('不是有效的 JSON');

    const dup1 = ledger('people', 'save', '--db', db, '--json', JSON.stringify({ name: '张三', idNumber: '110101198001010010' }));
    expect(dup1.code).toBe(0);
    const dup2 = ledger('people', 'save', '--db', db, '--json', JSON.stringify({ name: '张三丰', idNumber: '110101198001010010' }));
    expect(dup2.code).not.toBe(0);
    expect(dup2.stderr).toContain('身份证号已登记在张三名下');
    expect(JSON.parse(ledger('people', 'list', '--db', db, '--json').stdout)).toHaveLength(1);
  });

  it('refuses a missing database file instead of creating one', () => {
    const run = ledger('people', 'list', '--db', db, '--json');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('找不到数据文件');
    expect(existsSync(db)).toBe(false);
  });

  it('explains usage errors', () => {
    expect(ledger('frobnicate').stderr).toContain('未知命令');
    expect(ledger('people', 'list').stderr).toContain('缺少 --db');
    expect(ledger('init', '--db', db).stderr).toContain('缺少 --office');
    expect(ledger('people', 'list', '--db', db, '--bogus').code).toBe(2);
  });
});
