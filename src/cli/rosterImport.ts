import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { IMPORT_FIELDS, type ImportField, type ImportPreview, type ImportProblem } from '../shared/importTypes';
import { PERSON_FIELD_LABELS } from '../shared/person';
import { backupBeforeImport } from '../core/backup/backup';
import { writeErrorReport } from '../core/import/errorReport';
import { importRosterFile } from '../core/import/importFile';
import { SpreadsheetError } from '../core/spreadsheet/spreadsheetError';
import { withExistingDb, type CommonOptions } from './commands';
import { CliError, printJson } from './output';

/**
 * `ledger roster import FILE.xlsx --db FILE [--dry-run] [--sheet NAME] [--header-row N] [--errors-xlsx OUT]`.
 * Exit 0 whenever the file was read, even with rejected rows (they are the report, not a failure); a file
 * that cannot be read exits 1 with the reason on stderr and changes nothing.
 */

export interface RosterImportOptions extends CommonOptions {
  file?: string;
  dryRun?: boolean;
  sheet?: string;
  headerRow?: string;
  errorsXlsx?: string;
  /** --map 4=idNumber,7=null: column number → field, for a layout the synonyms do not cover. */
  map?: string;
}

function parseHeaderRow(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CliError(`--header-row 应为1到1000之间的行号，收到“${text}”`, 2);
  return n;
}

function parseMap(text: string | undefined): Record<string, ImportField | null> | undefined {
  if (text === undefined) return undefined;
  const mapping: Record<string, ImportField | null> = {};
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,3})\s*=\s*(\w+)\s*$/.exec(part);
    if (!m) throw new CliError(`--map 的写法是“列号=字段”，如 4=idNumber,7=null；无法理解“${part}”`, 2);
    const field = m[2]!;
    if (field !== 'null' && !(IMPORT_FIELDS as readonly string[]).includes(field)) {
      throw new CliError(`--map 中的字段“${field}”不存在。可用：${IMPORT_FIELDS.join('、')}、null（忽略该列）`, 2);
    }
    mapping[m[1]!] = field === 'null' ? null : (field as ImportField);
  }
  return mapping;
}

const label = (field: string) => PERSON_FIELD_LABELS[field] ?? (field || '整行');

function printProblems(title: string, problems: readonly ImportProblem[]): void {
  if (problems.length === 0) return;
  console.log(title);
  for (const p of problems) console.log(p.row > 0 ? `  第${p.row}行 ${label(p.field)}：${p.message}` : `  ${p.message}`);
}

function printSummary(preview: ImportPreview, dryRun: boolean): void {
  const c = preview.counts;
  console.log(`文件：${preview.fileName}（工作表“${preview.sheet}”，表头在第${preview.headerRow}行）`);
  console.log(`新增 ${c.created} 人，更新 ${c.updated} 人，无变化 ${c.unchanged} 人，未导入 ${c.rejected} 行，跳过空行和表尾 ${c.ignored} 行`);
  if (dryRun) console.log('（试运行：没有写入任何数据）');
  printProblems('未导入的行：', preview.rejected);
  printProblems('请注意：', preview.warnings);
  if (preview.updates.length > 0) {
    console.log('更新的内容：');
    for (const u of preview.updates) {
      console.log(`  第${u.row}行 ${u.name}：${u.changes.map((ch) => `${label(ch.field)} ${ch.from ?? '（空）'} → ${ch.to ?? '（空）'}`).join('；')}`);
    }
  }
}

export async function rosterImport(options: RosterImportOptions): Promise<void> {
  if (!options.file) throw new CliError('缺少要导入的文件：ledger roster import 花名册.xlsx --db ledger.sqlite', 2);
  const path = resolve(options.file);
  if (!existsSync(path)) throw new CliError(`找不到要导入的文件：${path}`);
  const headerRow = parseHeaderRow(options.headerRow);
  const mapping = parseMap(options.map);
  const dryRun = options.dryRun === true;
  const report = await withExistingDb(options, async (db) => {
    let backupWarning: string | null = null;
    try {
      // 导入前 backup, as the app makes, right before the committing transaction; a failure only warns.
      const done = await importRosterFile(db, path, { dryRun, sheet: options.sheet, headerRow, mapping, beforeCommit: () => (backupWarning = backupBeforeImport(db, basename(path))) });
      if (backupWarning) done.preview.warnings.unshift({ row: 0, field: '', message: backupWarning });
      return done;
    } catch (error) {
      if (error instanceof SpreadsheetError) throw new CliError(error.message);
      throw error;
    }
  });
  if (options.errorsXlsx) await writeErrorReport(resolve(options.errorsXlsx), report);
  const p = report.preview;
  if (options.json) {
    printJson({
      created: p.counts.created,
      updated: p.counts.updated,
      unchanged: p.counts.unchanged,
      rejected: p.rejected,
      warnings: p.warnings,
      ignored: p.counts.ignored,
      rejectedRows: p.counts.rejected,
      updates: p.updates,
      sheet: p.sheet,
      headerRow: p.headerRow,
      dryRun,
      importId: report.importId,
    });
  } else {
    printSummary(p, dryRun);
    if (options.errorsXlsx) console.log(`未导入的行已保存到：${resolve(options.errorsXlsx)}`);
  }
}
