import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BackupError, writeVerifiedCopy } from '../core/backup/backup';
import { backupConfig } from '../core/backup/config';
import { restoreFromFile } from '../core/backup/restore';
import { withExistingDb, type CommonOptions } from './commands';
import { CliError, printJson } from './output';

/** `ledger backup OUT` and `ledger restore IN`: the same verified backup and guarded restore as the app. */

function asCli(error: unknown): never {
  if (error instanceof BackupError) throw new CliError(error.message);
  throw error;
}

export async function backup(options: CommonOptions & { file?: string; force?: boolean }): Promise<void> {
  if (!options.file) throw new CliError('缺少备份文件路径：ledger backup OUT.sqlite --db FILE', 2);
  const target = resolve(options.file);
  if (existsSync(target) && !options.force) throw new CliError(`文件已存在：${target}。如要覆盖请加 --force`);
  await withExistingDb(options, async (db) => {
    let facts;
    try {
      // Temp name beside the target, verified, then renamed over it: an old file is replaced whole or not at all.
      facts = writeVerifiedCopy(db, target, backupConfig(db), options.force);
    } catch (error) {
      asCli(error);
    }
    if (options.json) printJson({ path: target, schemaVersion: facts.schemaVersion, counts: facts.counts });
    else console.log(`已备份到：${target}（人员 ${facts.counts?.people ?? 0}，培训班 ${facts.counts?.courses ?? 0}，组织生活 ${facts.counts?.activities ?? 0}；已通过完整性检查）`);
  });
}

export async function restore(options: CommonOptions & { file?: string }): Promise<void> {
  if (!options.file) throw new CliError('缺少要恢复的备份文件：ledger restore IN.sqlite --db FILE', 2);
  const source = resolve(options.file);
  if (!existsSync(source)) throw new CliError(`找不到备份文件：${source}`);
  await withExistingDb(options, async (db) => {
    let report;
    try {
      report = await restoreFromFile(db, source);
    } catch (error) {
      asCli(error);
    }
    const safety = join(backupConfig(db).dir, report.safetyBackup.id);
    if (options.json) printJson({ restored: source, db: resolve(db.name), safetyBackup: safety, fromVersion: report.fromVersion, toVersion: report.toVersion, counts: report.restored.counts });
    else {
      console.log(`已从备份恢复：${source} → ${resolve(db.name)}`);
      console.log(`恢复前的数据已备份到：${safety}`);
      if (report.fromVersion !== report.toVersion) console.log(`备份的数据结构已从版本 ${report.fromVersion} 升级到 ${report.toVersion}`);
    }
  });
}
