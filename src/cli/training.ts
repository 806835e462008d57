import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { LedgerHandlers } from '../shared/contract';
import { TRAINING_LEDGERS, type LedgerRow, type TrainingLedger } from '../shared/training';
import { maskIdNumber } from '../shared/validate/idNumber';
import { call, withExistingDb, type CommonOptions } from './commands';
import { officeIdOf } from './officeOption';
import { CliError, printJson } from './output';

/**
 * `ledger training report --db FILE --year YYYY [--json] [--shortfall-only] [--unit NAME] [--ledger NAME] [--mask-ids] [--office OFFICE_ID]`
 * `ledger training export-course COURSE_ID FILE.xlsx --db FILE [--full-ids] [--force]`
 * `ledger training export-ledger FILE.xlsx --db FILE --year YYYY [--shortfall-only] [--unit NAME] [--ledger NAME] [--office OFFICE_ID] [--full-ids] [--force]`
 */

export interface TrainingReportOptions extends CommonOptions {
  year?: string;
  shortfallOnly?: boolean;
  unit?: string;
  ledger?: string;
  maskIds?: boolean;
  /** Only people this office recorded (a county file holds several townships'). */
  office?: string;
}

export interface ReportEntry {
  id: string;
  name: string;
  idNumber: string | null;
  unit: string | null;
  hours: number;
  required: number;
  shortfall: number;
  standings: LedgerRow['standings'];
}

function parseYear(text: string | undefined): number {
  if (text === undefined) throw new CliError('缺少 --year 参数：请指定年度，例如 --year 2026', 2);
  const year = Number(text);
  if (!Number.isInteger(year) || year < 1949 || year > 2200) throw new CliError(`--year 应为四位年份，如 2026；收到“${text}”`, 2);
  return year;
}

function parseLedger(text: string | undefined): TrainingLedger | undefined {
  if (text === undefined) return undefined;
  if (!(TRAINING_LEDGERS as readonly string[]).includes(text)) throw new CliError(`--ledger 只能是：${TRAINING_LEDGERS.join('、')}；收到“${text}”`, 2);
  return text as TrainingLedger;
}

/** --unit takes the name the clerk knows (东村), not an id; a name held by several units is refused. */
async function unitIdOf(api: LedgerHandlers, name: string | undefined): Promise<string | undefined> {
  if (name === undefined) return undefined;
  const wanted = name.trim();
  const units = (await call(api, 'listUnits', {})).filter((u) => u.name === wanted);
  if (units.length === 0) throw new CliError(`找不到名为“${wanted}”的单位，请检查组织机构中的单位名称`, 2);
  if (units.length > 1) throw new CliError(`有${units.length}个单位都叫“${wanted}”，无法确定是哪一个，请在组织机构中区分名称`, 2);
  return units[0]!.id;
}

const PAGE = 10_000;

export async function trainingReport(options: TrainingReportOptions): Promise<void> {
  const year = parseYear(options.year);
  const ledger = parseLedger(options.ledger);
  const rows = await withExistingDb(options, async (_db, api) => {
    const unitId = await unitIdOf(api, options.unit);
    const originOffice = await officeIdOf(api, options.office);
    const all: LedgerRow[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await call(api, 'trainingLedger', { year, unitId, originOffice, ledger, shortfallOnly: options.shortfallOnly, sort: 'unit', offset, limit: PAGE });
      all.push(...page.items);
      if (all.length >= page.total || page.items.length === 0) return all;
    }
  });
  const shownId = (id: string | null) => (id && options.maskIds ? maskIdNumber(id) : id);
  if (options.json) {
    printJson(
      rows.map((r): ReportEntry => ({
        id: r.personId,
        name: r.name,
        idNumber: shownId(r.idNumber),
        unit: r.unit,
        hours: r.hours,
        required: r.required,
        shortfall: r.shortfall,
        standings: r.standings,
      })),
    );
    return;
  }
  if (rows.length === 0) {
    console.log(options.shortfallOnly ? `${year}年度没有学时未达标的人员` : `${year}年度台账中没有人员`);
    return;
  }
  console.log(['序号', '姓名', '身份证号', '单位', '已完成学时', '应完成学时', '差额', '适用规则'].join('\t'));
  rows.forEach((r, i) => {
    const id = r.idNumber ? maskIdNumber(r.idNumber) : '';
    const rules = r.standings.map((s) => `${s.ruleName}${s.hours}/${s.required}`).join('；') || '无学时要求';
    console.log([i + 1, r.name, id, r.unit ?? '', r.hours, r.required, r.shortfall, rules].join('\t'));
  });
  const behind = rows.filter((r) => r.shortfall > 0);
  const gap = Math.round(behind.reduce((n, r) => n + r.shortfall, 0) * 100) / 100;
  console.log(`共 ${rows.length} 人，未达标 ${behind.length} 人，差额合计 ${gap} 学时`);
}

export interface TrainingExportOptions extends TrainingReportOptions {
  file?: string;
  courseId?: string;
  fullIds?: boolean;
  force?: boolean;
}

function checkTarget(file: string | undefined, example: string, force: boolean | undefined): string {
  if (!file) throw new CliError(`缺少导出文件名，例如：${example}`, 2);
  const target = resolve(file);
  if (extname(target).toLowerCase() !== '.xlsx') throw new CliError('导出文件名应以 .xlsx 结尾', 2);
  if (!existsSync(dirname(target)) || !statSync(dirname(target)).isDirectory()) throw new CliError(`导出目录不存在：${dirname(target)}`);
  if (existsSync(target) && !force) throw new CliError(`文件已存在：${target}。如需覆盖请加 --force`);
  return target;
}

/** Temp file beside the target, fsynced, renamed: a pulled USB stick never leaves half a workbook under the name. */
function writeAtomically(target: string, dataBase64: string): void {
  const temp = resolve(dirname(target), `.${randomUUID().slice(0, 8)}.tmp`);
  try {
    writeFileSync(temp, Buffer.from(dataBase64, 'base64'), { flag: 'wx' });
    const fd = openSync(temp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new CliError(`导出失败，没有生成文件：${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function trainingExportCourse(options: TrainingExportOptions): Promise<void> {
  if (!options.courseId) throw new CliError('缺少培训班编号，例如：ledger training export-course <培训班编号> 名单.xlsx --db ledger.sqlite', 2);
  const target = checkTarget(options.file, 'ledger training export-course <培训班编号> 名单.xlsx --db ledger.sqlite', options.force);
  const out = await withExistingDb(options, (_db, api) => call(api, 'exportCourse', { courseId: options.courseId!, maskIdNumbers: !options.fullIds }));
  writeAtomically(target, out.dataBase64);
  if (options.json) printJson({ file: target, rows: out.rows, maskIdNumbers: !options.fullIds });
  else console.log(`已导出参训人员名单共 ${out.rows} 人，${options.fullIds ? '身份证号完整' : '身份证号已部分隐藏'}：${target}`);
}

export async function trainingExportLedger(options: TrainingExportOptions): Promise<void> {
  const year = parseYear(options.year);
  const ledger = parseLedger(options.ledger);
  const target = checkTarget(options.file, 'ledger training export-ledger 学时台账.xlsx --db ledger.sqlite --year 2026', options.force);
  const out = await withExistingDb(options, async (_db, api) => {
    const unitId = await unitIdOf(api, options.unit);
    const originOffice = await officeIdOf(api, options.office);
    return call(api, 'exportTrainingLedger', { year, unitId, originOffice, ledger, shortfallOnly: options.shortfallOnly, maskIdNumbers: !options.fullIds });
  });
  writeAtomically(target, out.dataBase64);
  if (options.json) printJson({ file: target, rows: out.rows, maskIdNumbers: !options.fullIds });
  else console.log(`已导出${options.shortfallOnly ? '学时未达标人员名单' : '学时台账'}共 ${out.rows} 人，${options.fullIds ? '身份证号完整' : '身份证号已部分隐藏'}：${target}`);
}

export interface TrainingImportOptions extends CommonOptions {
  file?: string;
  courseId?: string;
  session?: string;
  sheet?: string;
  headerRow?: string;
  dryRun?: boolean;
}

/**
 * `ledger training import FILE.xlsx --course COURSE_ID --db FILE [--session SESSION_ID] [--sheet NAME] [--header-row N]
 * [--dry-run] [--json]`: the same preview and one-transaction commit as the course page. Exit 0 when the file was
 * read, even with rejected rows (they are the report); a refused commit (nothing to import, session not chosen)
 * exits 1 and changes nothing.
 */
export async function trainingImport(options: TrainingImportOptions): Promise<void> {
  if (!options.file) throw new CliError('缺少要导入的文件，例如：ledger training import 签到表.xlsx --course <培训班编号> --db ledger.sqlite', 2);
  if (!options.courseId) throw new CliError('缺少 --course 参数：请指定导入到哪个培训班（培训班编号）', 2);
  const path = resolve(options.file);
  if (!existsSync(path)) throw new CliError(`找不到文件：${path}`);
  let headerRow: number | undefined;
  if (options.headerRow !== undefined) {
    headerRow = Number(options.headerRow);
    if (!Number.isInteger(headerRow) || headerRow < 1 || headerRow > 1000) throw new CliError(`--header-row 应为1到1000之间的行号，收到“${options.headerRow}”`, 2);
  }
  const result = await withExistingDb(options, async (_db, api) => {
    const { fileId } = await call(api, 'stageImportFile', { name: basename(path), dataBase64: readFileSync(path).toString('base64') });
    const input = { fileId, courseId: options.courseId!, sessionId: options.session, sheet: options.sheet, headerRow };
    return options.dryRun ? call(api, 'previewTrainingImport', input) : call(api, 'commitTrainingImport', input);
  });
  if (options.json) {
    const { entries: _entries, ...rest } = result;
    printJson(rest);
    return;
  }
  const c = result.counts;
  console.log(`文件：${result.fileName}（工作表“${result.sheet}”，表头在第${result.headerRow}行）→ 培训班《${result.courseName}》`);
  for (const col of result.columns) if (col.sessionLabel) console.log(`  ${col.letter}列“${col.header}”→ ${col.sessionLabel}`);
  console.log(
    `${options.dryRun ? '预览（未写入）：' : '已导入：'}共 ${c.rows} 行，新加入名单 ${c.enrolled} 人，已在名单 ${c.alreadyEnrolled} 人，未导入 ${c.rejected} 行；` +
      `考勤新增 ${c.attendanceCreated} 条、修改 ${c.attendanceUpdated} 条、无变化 ${c.attendanceUnchanged} 条；跳过空行和表尾 ${c.ignored} 行`,
  );
  const lines = (title: string, list: { row: number; field: string; message: string }[]) => {
    if (list.length === 0) return;
    console.log(title);
    for (const p of list) console.log(`  第${p.row}行 ${p.field || '整行'}：${p.message}`);
  };
  lines('未导入的行：', result.rejected);
  lines('提示：', result.warnings);
}
