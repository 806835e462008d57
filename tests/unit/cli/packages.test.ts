import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/open';
import { selfKeys } from '../../../src/core/sync/officeKeys';
import type { Input } from '../../../src/shared/contract';
import { CJK } from '../../helpers/cjk';
import { dumpFile, type TableDump } from '../../helpers/dbDump';
import { ledgerOver, makeTempDir } from '../../helpers/ledger';
import { manifestOf } from '../../helpers/packageForgery';

/**
 * `ledger office show`, `ledger package export|import` and `ledger conflicts list` as a user runs them: child
 * processes through bin/ledger.mjs on real ledger files, three offices passing real package files around. The
 * story runs in order (each step builds on the last). Setting up and editing people happens in-process on the
 * same files (the CLI's `people save` is tested elsewhere), and commands that write nothing run side by side:
 * each child costs seconds on a busy machine.
 */

const BIN = resolve(import.meta.dirname, '../../../bin/ledger.mjs');
const PASSPHRASE = '红旗镇交换密码2026';
const IMPORT_KEYS = ['created', 'updated', 'unchanged', 'held', 'conflicts', 'duplicates'];

interface Run {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** At most this many children at once: more only makes each slower on a 2-core machine. */
const WIDTH = 3;
let running = 0;
const waiting: (() => void)[] = [];

async function ledger(args: string[], env: Record<string, string> = {}): Promise<Run> {
  if (running >= WIDTH) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await spawnLedger(args, env);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function spawnLedger(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', failed);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ args, code, stdout, stderr });
    });
  });
}

async function ok(args: string[], env: Record<string, string> = {}): Promise<string> {
  const run = await ledger(args, env);
  expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

const json = async (args: string[], env: Record<string, string> = {}): Promise<Record<string, unknown>> => JSON.parse(await ok(args, env)) as Record<string, unknown>;

/** A refusal: non-zero exit, a Chinese message on stderr matching `message`, nothing on stdout. */
function expectRefused(run: Run, message: RegExp): void {
  expect(run.code, `${run.args.join(' ')} should fail`).not.toBe(0);
  expect(run.stdout, run.args.join(' ')).toBe('');
  expect(run.stderr, run.args.join(' ')).toMatch(CJK);
  expect(run.stderr, run.args.join(' ')).toMatch(message);
}

let temp: ReturnType<typeof makeTempDir>;
const db = { town: '', village: '', county: '' };
const ids = { town: '', village: '', county: '' };
let usb = '';

/** Works on a ledger file in-process, as the app would, and closes it again before any child opens it. */
function withLedger<T>(file: string, work: (l: ReturnType<typeof ledgerOver>) => T): T {
  const handle = openDatabase(file);
  try {
    return work(ledgerOver(handle));
  } finally {
    handle.close();
  }
}

const savePerson = (file: string, person: Input<'savePerson'>): string => withLedger(file, (l) => l.must('savePerson', person).id);
const phones = (file: string): Record<string, string | null> =>
  withLedger(file, (l) => Object.fromEntries(l.must('listPeople', { limit: 100 }).items.map((p) => [p.name, p.phone])));

function backups(file: string): string[] {
  const dir = join(file, '..', 'backups');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('导入前_')) : [];
}

/**
 * Every table of each ledger, and its 导入前 backups. Left out: sync_state.operator, who the CLI attributes its
 * writes to while it runs; children run side by side on one file may each put back what another set.
 */
const snapshot = (): Record<string, { dump: TableDump; backups: string[] }> =>
  Object.fromEntries(Object.entries(db).map(([office, file]) => [office, { dump: dumpFile(file, { sync_state: ['operator'] }), backups: backups(file) }]));

beforeAll(() => {
  temp = makeTempDir();
  usb = join(temp.dir, 'usb');
  mkdirSync(usb);
  // Each office in its own folder, as on its own PC: the 导入前 backups land beside each file.
  const names = { town: ['红旗镇', '110101001'], village: ['东村', null], county: ['青山县', null] } as const;
  for (const office of ['town', 'village', 'county'] as const) {
    mkdirSync(join(temp.dir, office));
    db[office] = join(temp.dir, office, 'ledger.sqlite');
    ids[office] = withLedger(db[office], (l) => {
      l.must('setOffice', { name: names[office][0], code: names[office][1] });
      return selfKeys(l.db).card.id;
    });
  }
}, 60_000);

afterAll(() => temp?.cleanup());

describe('three offices passing package files with the ledger CLI', () => {
  const files: Record<string, string> = {};
  let liId = '';
  let zhangId = '';

  it('office show prints the id, name, code and public keys; a full export needs a passphrase from the environment', async () => {
    zhangId = savePerson(db.town, { name: '张三', idNumber: '110101198001010010', phone: '13800000001', politicalStatus: '中共党员' });
    liId = savePerson(db.town, { name: '李四', idNumber: '110101198001010029', phone: '13800000002' });
    savePerson(db.village, { name: '王五', idNumber: '110101198001010037', phone: '13800000003' });
    const before = snapshot();
    const x = join(usb, 'x.ledgerpkg');
    const [shown, text, help, full, village, ...refusals] = await Promise.all([
      json(['office', 'show', '--db', db.town, '--json']),
      ok(['office', 'show', '--db', db.town]),
      ok(['--help']),
      // The folder form: the file gets the suggested name.
      ok(['package', 'export', usb, '--db', db.town, '--passphrase-env', 'LEDGER_TEST_PW'], { LEDGER_TEST_PW: PASSPHRASE }),
      // A name without the extension gets it.
      json(['package', 'export', join(usb, '东村'), '--db', db.village, '--passphrase-env', 'V', '--json'], { V: PASSPHRASE }),
      ledger(['package', 'export', x, '--db', db.county]),
      ledger(['package', 'export', x, '--db', db.county, '--to', 'no-such-office']),
      ledger(['package', 'export', x, '--db', db.county, '--to', ids.county]),
      ledger(['package', 'export', x, '--db', db.county, '--passphrase', PASSPHRASE]),
      ledger(['package', 'export', x, '--db', db.county, '--passphrase-env', 'LEDGER_UNSET_VAR']),
      ledger(['package', 'export', x, '--db', db.county, '--passphrase-env', 'S'], { S: '12345' }),
      ledger(['package', 'frobnicate', '--db', db.county]),
    ]);
    expect(Object.keys(shown)).toEqual(['id', 'name', 'code', 'publicKey', 'boxKey']);
    expect(shown).toMatchObject({ id: ids.town, name: '红旗镇', code: '110101001' });
    expect(Buffer.from(shown.publicKey as string, 'base64')).toHaveLength(44); // Ed25519 SPKI DER
    expect(Buffer.from(shown.boxKey as string, 'base64')).toHaveLength(44); // X25519 SPKI DER
    expect(text).toContain('本单位：红旗镇（代码 110101001）');
    expect(text).toContain(`单位编号：${ids.town}`);
    expect(text).toContain(shown.publicKey as string);
    for (const line of ['ledger office show', 'ledger package export OUT', 'ledger package import IN', 'ledger conflicts list']) expect(help).toContain(line);

    expect(full).toContain('已导出数据包');
    expect(full).toContain('共 2 条变更');
    const written = readdirSync(usb).sort();
    expect(written).toHaveLength(2);
    expect(written).toContain('东村.ledgerpkg');
    expect(written.find((n) => n !== '东村.ledgerpkg')).toMatch(/^红旗镇_致_全部_\d{4}-\d{2}-\d{2}\.ledgerpkg$/);
    files.full = join(usb, written.find((n) => n.startsWith('红旗镇'))!);
    // The passphrase key is derived at full cost (scrypt N=2^17, r=8, p=1), not the cheap cost tests build with.
    expect(manifestOf(readFileSync(files.full)).slots).toEqual([expect.objectContaining({ kind: 'passphrase', n: 2 ** 17, r: 8, p: 1 })]);
    expect(village).toMatchObject({ path: join(usb, '东村.ledgerpkg'), to: null, opCount: 1, passphrase: true });
    files.village = village.path as string;

    const messages = [/导出全部数据需要设置密码/, /找不到收件单位/, /找不到收件单位/, /不接受在命令行上直接写密码/, /环境变量 LEDGER_UNSET_VAR 未设置/, /密码至少6个字符|最小 6/, /未知的 package 子命令/];
    refusals.forEach((run, i) => expectRefused(run as Run, messages[i]!));
    expect(existsSync(x)).toBe(false);
    // The county refused everything: unchanged. (The exports recorded themselves in the town and the village.)
    expect(snapshot().county).toEqual(before.county);
  }, 300_000);

  it('imports a full package with its passphrase; --dry-run and refusals change nothing', async () => {
    const before = snapshot();
    const pw = { LEDGER_TEST_PW: PASSPHRASE };
    const [preview, noPassphrase, wrong] = await Promise.all([
      json(['package', 'import', files.full!, '--db', db.county, '--dry-run', '--json', '--passphrase-env', 'LEDGER_TEST_PW'], pw),
      ledger(['package', 'import', files.full!, '--db', db.county, '--json']),
      ledger(['package', 'import', files.full!, '--db', db.county, '--json', '--passphrase-env', 'LEDGER_TEST_PW'], { LEDGER_TEST_PW: 'wrong-passphrase' }),
    ]);
    expect(Object.keys(preview).slice(0, 6)).toEqual(IMPORT_KEYS);
    expect(preview).toMatchObject({ created: 2, updated: 0, unchanged: 0, held: 0, conflicts: [], duplicates: [], dryRun: true, importId: null });
    expectRefused(noPassphrase, /设置了密码.*--passphrase-env/);
    expectRefused(wrong, /密码不正确/);
    expect(snapshot()).toEqual(before);

    const done = await json(['package', 'import', files.full!, '--db', db.county, '--json', '--passphrase-env', 'LEDGER_TEST_PW'], pw);
    expect(Object.keys(done).slice(0, 6)).toEqual(IMPORT_KEYS);
    expect(done).toMatchObject({ created: 2, updated: 0, unchanged: 0, held: 0, conflicts: [], duplicates: [], dryRun: false, alreadyImported: false, importId: expect.any(String) });
    expect(done.message).toMatch(/来自「红旗镇」/);
    expect(backups(db.county)).toHaveLength(1);
    const afterImport = snapshot().county;
    const again = await json(['package', 'import', files.full!, '--db', db.county, '--json', '--passphrase-env', 'LEDGER_TEST_PW'], pw);
    expect(again).toMatchObject({ created: 0, updated: 0, held: 0, conflicts: [], duplicates: [], alreadyImported: true });
    expect(again.message).toMatch(/导入过/);
    // Nothing written, not even a 导入前 backup that would push a real one out of the rotation.
    expect(snapshot().county).toEqual(afterImport);
    const fromVillage = await ok(['package', 'import', files.village!, '--db', db.county, '--passphrase-env', 'V'], { V: PASSPHRASE });
    expect(fromVillage).toContain('来自「东村」的数据包：新增 1 条');
    expect(backups(db.county)).toHaveLength(2);
    expect(phones(db.county)).toEqual({ 张三: '13800000001', 李四: '13800000002', 王五: '13800000003' });
  }, 300_000);

  it('addressed packages need no passphrase once the offices know each other, carry only what is new, and surface conflicts', async () => {
    // The county answers the town: the town learns the county's keys (and the village's card) from it.
    files.countyToTown = join(usb, '县到镇.ledgerpkg');
    const out = await json(['package', 'export', files.countyToTown, '--db', db.county, '--to', ids.town, '--json']);
    expect(out).toMatchObject({ path: files.countyToTown, to: { id: ids.town, name: '红旗镇' }, passphrase: false, opCount: 1 });
    const atTown = await ok(['package', 'import', files.countyToTown, '--db', db.town]);
    expect(atTown).toContain('来自「青山县」的数据包：新增 1 条');

    // The town edits two people; the county edits one of them differently.
    savePerson(db.town, { id: zhangId, phone: '13900000009' });
    savePerson(db.town, { id: liId, phone: '13700000001' });
    savePerson(db.county, { id: liId, phone: '13700000002' });
    files.townToCounty = join(usb, '镇到县.ledgerpkg');
    const text = await ok(['package', 'export', files.townToCounty, '--db', db.town, '--to', ids.county]);
    expect(text).toContain('收件单位：青山县');
    expect(text).toMatch(/共 \d+ 条变更/);

    const before = snapshot();
    const preview = await json(['package', 'import', files.townToCounty, '--db', db.county, '--dry-run', '--json']);
    expect(preview).toMatchObject({ updated: 2, created: 0, held: 0, dryRun: true });
    expect(snapshot()).toEqual(before);
    const applied = await json(['package', 'import', files.townToCounty, '--db', db.county, '--json']);
    expect(Object.keys(applied).slice(0, 6)).toEqual(IMPORT_KEYS);
    expect(applied).toMatchObject({ created: 0, updated: 2, held: 0, duplicates: [] });
    expect(applied.conflicts).toEqual([expect.objectContaining({ kind: 'field', table: 'people', rowId: liId, field: 'phone' })]);
    expect(phones(db.county).张三).toBe('13900000009');

    const [listed, listedText, noneJson, none] = await Promise.all([
      json(['conflicts', 'list', '--db', db.county, '--json']),
      ok(['conflicts', 'list', '--db', db.county]),
      ok(['conflicts', 'list', '--db', db.village, '--json']),
      ok(['conflicts', 'list', '--db', db.village]),
    ]);
    const conflicts = listed as unknown as { rowId: string; values: { officeName: string; display: string }[] }[];
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.values.map((v) => [v.officeName, v.display]).sort()).toEqual([
      ['红旗镇', '13700000001'],
      ['青山县', '13700000002'],
    ]);
    expect(listedText).toContain('共 1 处冲突');
    expect(listedText).toContain('13700000001');
    expect(JSON.parse(noneJson)).toEqual([]);
    expect(none).toContain('没有待处理的冲突');
  }, 300_000);

  it('refuses packages that are not for this ledger or not whole, changing nothing', async () => {
    const bytes = readFileSync(files.townToCounty!);
    const short = join(usb, '截断.ledgerpkg');
    writeFileSync(short, bytes.subarray(0, bytes.length - 100));
    const empty = join(usb, '空.ledgerpkg');
    writeFileSync(empty, '');
    // What an interrupted export leaves: never imported, even when it happens to hold a whole package.
    const part = `${files.townToCounty!}.part`;
    copyFileSync(files.townToCounty!, part);
    const existing = readFileSync(files.townToCounty!);
    const before = snapshot();
    const runs = await Promise.all([
      ledger(['package', 'import', files.townToCounty!, '--db', db.village, '--json']),
      ledger(['package', 'import', files.townToCounty!, '--db', db.town, '--json']),
      ledger(['package', 'import', short, '--db', db.county, '--json']),
      ledger(['package', 'import', empty, '--db', db.county]),
      ledger(['package', 'import', part, '--db', db.county, '--json']),
      ledger(['package', 'import', join(usb, '没有这个.ledgerpkg'), '--db', db.county]),
      ledger(['package', 'import', files.townToCounty!, '--db', db.county, '--passphrase', 'abcdefgh']),
      // An existing file is never overwritten without --force.
      ledger(['package', 'export', files.townToCounty!, '--db', db.village, '--passphrase-env', 'V'], { V: PASSPHRASE }),
    ]);
    const messages = [/不是发给本单位的/, /本单位自己导出的/, /数据包无法读取/, /空文件/, /未写完的临时文件/, /找不到数据包/, /不接受在命令行上直接写密码/, /文件已存在.*--force/];
    runs.forEach((run, i) => expectRefused(run, messages[i]!));
    expect(snapshot()).toEqual(before);
    expect(readFileSync(files.townToCounty!).equals(existing)).toBe(true);
  }, 300_000);
});
