import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { dispatch } from '../core/dispatch';
import { PACKAGE_EXTENSION } from '../core/sync/packageFormat';
import { packageFileName } from '../core/sync/exportPackage';
import type { PackageSummary } from '../shared/sync';
import { call, withExistingDb, type CommonOptions } from './commands';
import { CliError, fromLedgerError, printJson } from './output';

/**
 * `ledger package export OUT --db FILE [--to OFFICE_ID] [--passphrase-env VAR] [--force] [--json]`
 * `ledger package import IN --db FILE [--dry-run] [--passphrase-env VAR] [--json]`
 * Both go through the same API as the app: the export is written with a temp file, fsync, rename and a read-back
 * check; the import opens and checks the package before anything is written, then applies it in one transaction.
 */

export interface PassphraseOptions {
  /** The name of an environment variable holding the passphrase: never the passphrase itself (shell history). */
  passphraseEnv?: string;
  /** Set when someone typed --passphrase: refused. */
  passphraseOnCommandLine?: boolean;
}

function readPassphrase(options: PassphraseOptions): string | null {
  if (options.passphraseOnCommandLine) {
    throw new CliError('不接受在命令行上直接写密码（会留在命令历史和进程列表中）。请把密码放进环境变量，再用 --passphrase-env 变量名 指定', 2);
  }
  if (options.passphraseEnv === undefined) return null;
  const value = process.env[options.passphraseEnv];
  if (value === undefined || value === '') throw new CliError(`环境变量 ${options.passphraseEnv} 未设置或为空：--passphrase-env 需要一个已设置密码的环境变量名`, 2);
  return value;
}

export interface PackageExportOptions extends CommonOptions, PassphraseOptions {
  file?: string;
  to?: string;
  force?: boolean;
}

export async function packageExport(options: PackageExportOptions): Promise<void> {
  if (!options.file) throw new CliError('缺少输出位置：ledger package export OUT.ledgerpkg --db FILE --to 单位编号（OUT 也可以是文件夹）', 2);
  const passphrase = readPassphrase(options);
  const out = resolve(options.file);
  const intoFolder = existsSync(out) && statSync(out).isDirectory();
  const result = await withExistingDb(options, async (_db, api) => {
    const offices = await call(api, 'listOffices', {});
    const self = offices.find((o) => o.isSelf)!;
    const to = options.to === undefined ? null : (offices.find((o) => o.id === options.to && !o.isSelf) ?? null);
    if (options.to !== undefined && !to) throw new CliError(`找不到收件单位：${options.to}。先导入一次该单位发来的数据包（或 ledger office show 看本单位编号），或不加 --to 用密码导出全部数据`);
    // The name the package will have, to refuse overwriting an existing file as `ledger backup` does.
    const withExt = (name: string) => (name.toLowerCase().endsWith(PACKAGE_EXTENSION) ? name : `${name}${PACKAGE_EXTENSION}`);
    const target = intoFolder ? join(out, packageFileName(self.name, to?.name ?? null)) : join(dirname(out), withExt(basename(out)));
    if (existsSync(target) && !options.force) throw new CliError(`文件已存在：${target}。如要覆盖请加 --force`);
    return call(api, 'exportPackage', {
      to: to?.id ?? null,
      passphrase,
      folder: intoFolder ? out : dirname(out),
      fileName: intoFolder ? undefined : basename(out),
    });
  });
  if (options.json) {
    printJson({ path: result.path, fileName: result.fileName, packageId: result.packageId, opCount: result.opCount, to: result.to, ranges: result.ranges, passphrase: passphrase !== null });
    return;
  }
  console.log(`已导出数据包：${result.path}`);
  console.log(`收件单位：${result.to ? result.to.name : '任何知道密码的单位（全部数据）'}${passphrase !== null ? '；已设置密码' : ''}`);
  console.log(`共 ${result.opCount} 条变更${result.opCount === 0 ? '（对方已有本机的全部数据）' : ''}`);
  for (const r of result.ranges) console.log(`  ${r.officeName}：第 ${r.from}–${r.to} 号变更中的 ${r.count} 条`);
  console.log('写入后已读回校验。数据包已加密，含身份证号等个人信息，请妥善保管U盘。');
}

export interface PackageImportOptions extends CommonOptions, PassphraseOptions {
  file?: string;
  dryRun?: boolean;
}

/** The API accepts plain file names only; a name it would refuse is shown with those characters replaced. */
const apiFileName = (name: string): string => name.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').trim().slice(0, 200) || 'package.ledgerpkg';

export async function packageImport(options: PackageImportOptions): Promise<void> {
  if (!options.file) throw new CliError('缺少要导入的数据包：ledger package import 文件.ledgerpkg --db FILE', 2);
  const passphrase = readPassphrase(options);
  const path = resolve(options.file);
  if (!existsSync(path)) throw new CliError(`找不到数据包：${path}`);
  if (statSync(path).isDirectory()) throw new CliError(`${path} 是文件夹，请指定其中的 ${PACKAGE_EXTENSION} 文件`);
  // A `.part` is what an export interrupted mid-write leaves behind: never a package, whatever it holds.
  if (path.toLowerCase().endsWith('.part')) throw new CliError(`${basename(path)} 是导出时未写完的临时文件，不是数据包。请重新导出。数据库未作任何改动。`);
  const bytes = readFileSync(path);
  if (bytes.length === 0) throw new CliError('数据包是空文件（可能未拷贝完）。数据库未作任何改动。');
  const dryRun = options.dryRun === true;
  const summary = await withExistingDb(options, async (_db, api) => {
    const input = { dataBase64: bytes.toString('base64'), fileName: apiFileName(basename(path)), passphrase };
    const result = await dispatch(api, dryRun ? 'previewPackage' : 'importPackage', input);
    if (result.ok) return result.data as PackageSummary;
    const error = fromLedgerError(result.error);
    if (result.error.code === 'FORBIDDEN' && passphrase === null) error.message += '（命令行用 --passphrase-env 变量名 传入密码）';
    throw error;
  });
  if (options.json) {
    const { created, updated, unchanged, held, conflicts, duplicates, ...rest } = summary;
    printJson({ created, updated, unchanged, held, conflicts, duplicates, message: rest.message, alreadyImported: rest.alreadyImported, dryRun, importId: rest.importId, packageId: rest.packageId, sender: rest.sender, byTable: rest.byTable, heldReasons: rest.heldReasons });
    return;
  }
  console.log(summary.message);
  for (const c of summary.conflicts) console.log(`  冲突：${c.tableLabel}「${c.recordLabel}」${c.fieldLabel}：${c.values.map((v) => `${v.officeName} ${v.display}`).join(' / ')}`);
  for (const d of summary.duplicates) console.log(`  疑似重复：${d.people.map((p) => `${p.name}（${p.originOfficeName}）`).join('、')}`);
  if (dryRun) console.log('（试运行：没有写入任何数据）');
  else if (summary.conflicts.length > 0) console.log('冲突可在程序的“数据交换”中处理，或用 ledger conflicts list 查看');
}
