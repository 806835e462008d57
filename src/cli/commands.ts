import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { createLedgerApi } from '../core/api';
import { dispatch } from '../core/dispatch';
import { inspectDatabase } from '../core/db/inspect';
import { openDatabase } from '../core/db/open';
import type { LedgerHandlers, Output } from '../shared/contract';
import type { Person } from '../shared/person';
import { maskIdNumber } from '../shared/validate/idNumber';
import type { Result } from '../shared/result';
import { CliError, fromLedgerError, printJson } from './output';

export interface CommonOptions {
  db?: string;
  json?: boolean;
}

function requireDbPath(options: CommonOptions): string {
  if (!options.db) throw new CliError('缺少 --db 参数：请指定台账数据文件，例如 --db ledger.sqlite', 2);
  return resolve(options.db);
}

/** Opens an existing ledger; never creates one by accident from a mistyped path. */
function withExistingDb<T>(options: CommonOptions, work: (db: Database, api: LedgerHandlers) => T): T {
  const file = requireDbPath(options);
  if (!existsSync(file)) throw new CliError(`找不到数据文件：${file}。新建台账请用 ledger init --db ${options.db} --office 单位名称`);
  const db = openDatabase(file);
  try {
    return work(db, createLedgerApi(db));
  } finally {
    db.close();
  }
}

function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw fromLedgerError(result.error);
  return result.data as T;
}

export function init(options: CommonOptions & { office?: string; officeCode?: string }): void {
  const file = requireDbPath(options);
  if (!options.office) throw new CliError('缺少 --office 参数：请填写本单位名称，例如 --office 红旗镇', 2);
  if (existsSync(file)) throw new CliError(`文件已存在：${file}。为避免覆盖已有台账，init 不会改写已有文件。`);
  const db = openDatabase(file);
  let office: Output<'setOffice'>;
  try {
    office = unwrap(dispatch(createLedgerApi(db), 'setOffice', { name: options.office, code: options.officeCode ?? null }));
  } catch (error) {
    db.close();
    // A refused office name must not leave a half-made ledger behind.
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
    throw error;
  }
  db.close();
  if (options.json) printJson({ db: file, office });
  else console.log(`已创建台账：${file}（${office.name}${office.code ? `，代码 ${office.code}` : ''}）`);
}

const PAGE = 1000;

export function peopleList(options: CommonOptions & { search?: string; deleted?: boolean }): void {
  const people = withExistingDb(options, (_db, api) => {
    const all: Person[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = unwrap<Output<'listPeople'>>(
        dispatch(api, 'listPeople', { query: options.search, deleted: options.deleted ? 'deleted' : 'live', offset, limit: PAGE }),
      );
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

export function peopleSave(options: CommonOptions & { data?: string }): void {
  if (!options.data) throw new CliError("缺少人员数据：ledger people save --db FILE --json '{\"name\":\"张三\",...}'", 2);
  let input: unknown;
  try {
    input = JSON.parse(options.data);
  } catch {
    throw new CliError('人员数据不是有效的 JSON', 2);
  }
  const person = withExistingDb(options, (_db, api) => unwrap<Person>(dispatch(api, 'savePerson', input)));
  printJson(person);
}

export function check(options: CommonOptions): void {
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
