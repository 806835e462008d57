import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { createLedgerApi } from '../core/api';
import { currentOperator, setOperatorOfWrites } from '../core/audit/operators';
import { dispatch } from '../core/dispatch';
import { inspectDatabase } from '../core/db/inspect';
import { openDatabase } from '../core/db/open';
import type { Input, LedgerHandlers, Method, Output } from '../shared/contract';
import type { Person } from '../shared/person';
import { CLI_OPERATOR } from '../shared/audit';
import { maskIdNumber } from '../shared/validate/idNumber';
import { officeIdOf } from './officeOption';
import { CliError, fromLedgerError, printJson } from './output';

export interface CommonOptions {
  db?: string;
  json?: boolean;
  /** Who the changes are attributed to in the audit trail; 命令行 by default. */
  operator?: string;
}

/** The CLI is run by whoever holds the file: never behind the app lock, its writes attributed to the operator. */
function cliApi(db: Database, options: CommonOptions): LedgerHandlers {
  return createLedgerApi(db, { operator: options.operator?.trim() || CLI_OPERATOR, lock: { startLocked: false } });
}

function requireDbPath(options: CommonOptions): string {
  if (!options.db) throw new CliError('缺少 --db 参数：请指定台账数据文件，例如 --db ledger.sqlite', 2);
  return resolve(options.db);
}

/** Opens an existing ledger; never creates one by accident from a mistyped path. */
export async function withExistingDb<T>(options: CommonOptions, work: (db: Database, api: LedgerHandlers) => Promise<T>): Promise<T> {
  const file = requireDbPath(options);
  if (!existsSync(file)) throw new CliError(`找不到数据文件：${file}。新建台账请用 ledger init --db ${options.db} --office 单位名称`);
  const db = openDatabase(file);
  // The app may have this file open: its clerk is put back once the CLI is done.
  const appOperator = currentOperator(db);
  try {
    return await work(db, cliApi(db, options));
  } finally {
    setOperatorOfWrites(db, appOperator);
    db.close();
  }
}

/** Calls one contract method through the same validated entry point as IPC and HTTP. */
export async function call<M extends Method>(api: LedgerHandlers, method: M, input: Input<M>): Promise<Output<M>> {
  const result = await dispatch(api, method, input);
  if (!result.ok) throw fromLedgerError(result.error);
  return result.data as Output<M>;
}

export async function init(options: CommonOptions & { office?: string; officeCode?: string }): Promise<void> {
  const file = requireDbPath(options);
  if (!options.office) throw new CliError('缺少 --office 参数：请填写本单位名称，例如 --office 红旗镇', 2);
  if (existsSync(file)) throw new CliError(`文件已存在：${file}。为避免覆盖已有台账，init 不会改写已有文件。`);
  const db = openDatabase(file);
  let office: Output<'setOffice'>;
  try {
    office = await call(cliApi(db, options), 'setOffice', { name: options.office, code: options.officeCode ?? null });
  } catch (error) {
    db.close();
    // A refused office name must not leave a half-made ledger behind.
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
    throw error;
  }
  setOperatorOfWrites(db, null);
  db.close();
  if (options.json) printJson({ db: file, office });
  else console.log(`已创建台账：${file}（${office.name}${office.code ? `，代码 ${office.code}` : ''}）`);
}

const PAGE = 1000;

/** `--office OFFICE_ID`: only the people that office recorded (a county file holds several townships'). */
export async function peopleList(options: CommonOptions & { search?: string; deleted?: boolean; office?: string }): Promise<void> {
  const people = await withExistingDb(options, async (_db, api) => {
    const originOffice = await officeIdOf(api, options.office);
    const all: Person[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await call(api, 'listPeople', { query: options.search, deleted: options.deleted ? 'deleted' : 'live', originOffice, offset, limit: PAGE });
      all.push(...page.items);
      if (all.length >= page.total || page.items.length === 0) return all;
    }
  });
  if (options.json) {
    printJson(people);
    return;
  }
  if (people.length === 0) {
    console.log('没有符合条件的人员');
    return;
  }
  for (const p of people) {
    console.log([p.name, p.gender, p.birthDate ?? '', p.idNumber ? maskIdNumber(p.idNumber) : '', p.unit ?? '', p.post ?? ''].join('\t'));
  }
  console.log(`共 ${people.length} 人`);
}

export async function peopleSave(options: CommonOptions & { data?: string }): Promise<void> {
  if (!options.data) throw new CliError("缺少人员数据：ledger people save --db FILE --json '{\"name\":\"张三\",...}'", 2);
  let input: unknown;
  try {
    input = JSON.parse(options.data);
  } catch {
    throw new CliError('人员数据不是有效的 JSON', 2);
  }
  const person = await withExistingDb(options, (_db, api) => call(api, 'savePerson', input as Input<'savePerson'>));
  printJson(person);
}

export async function check(options: CommonOptions): Promise<void> {
  const file = requireDbPath(options);
  if (!existsSync(file)) throw new CliError(`找不到数据文件：${file}`);
  const db = openDatabase(file, { readonly: true });
  let report;
  try {
    report = inspectDatabase(db);
  } finally {
    db.close();
  }
  if (options.json) printJson(report);
  else {
    console.log(`完整性检查：${report.integrity}`);
    console.log(`结构版本：${report.schemaVersion}（本程序：${report.appSchemaVersion}）`);
    for (const [table, n] of Object.entries(report.counts)) console.log(`${table}：${n}`);
  }
  if (report.integrity !== 'ok') throw new CliError('数据文件完整性检查未通过，请立即备份并联系技术支持');
  if (report.schemaVersion > report.appSchemaVersion) throw new CliError('数据文件由更新版本的程序创建，请升级程序');
}
