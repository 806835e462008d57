import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/open';
import { makeTempDir } from '../../helpers/ledger';

/** The CLI's writes are attributed to 命令行, or to --operator NAME, and the app's clerk is left as it was. */

const BIN = resolve(import.meta.dirname, '../../../bin/ledger.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

it('attributes CLI writes to 命令行 unless --operator is given', () => {
  const db = join(temp.dir, 'ledger.sqlite');
  expect(run('init', '--db', db, '--office', '红旗镇').status).toBe(0);
  expect(run('people', 'save', '--db', db, '--json', JSON.stringify({ name: '张三', gender: '男' })).status).toBe(0);
  expect(run('people', 'save', '--db', db, '--operator', '李秀英', '--json', JSON.stringify({ name: '李四', gender: '女' })).status).toBe(0);

  const file = openDatabase(db);
  try {
    const who = (name: string) =>
      file.prepare("SELECT operator FROM change_log WHERE tbl = 'people' AND field = '*' AND json_extract(new_value, '$.name') = ?").pluck().get(name);
    expect(who('张三')).toBe('命令行');
    expect(who('李四')).toBe('李秀英');
    expect(file.prepare('SELECT operator FROM sync_state').pluck().get()).toBeNull();
  } finally {
    file.close();
  }
});
