import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { writeFileAtomically } from '../core/spreadsheet/exportFile';
import type { ActivityType, CompliancePeriod } from '../shared/activities';
import { complianceRows } from '../shared/complianceView';
import type { LedgerHandlers } from '../shared/contract';
import { call, withExistingDb, type CommonOptions } from './commands';
import { officeIdOf } from './officeOption';
import { CliError, printJson } from './output';

/**
 * `ledger activities compliance --db FILE --year YYYY [--today YYYY-MM-DD] [--org NAME] [--office OFFICE_ID] [--json]`
 * `ledger activities export-compliance FILE.xlsx --db FILE --year YYYY [--org NAME] [--office OFFICE_ID] [--force] [--json]`
 * The compliance calendar of the activities page (REFERENCE §2.1), per branch and required type.
 */

export interface ComplianceOptions extends CommonOptions {
  year?: string;
  today?: string;
  org?: string;
  /** Only the branches this office recorded (a county file holds several townships'). */
  office?: string;
  file?: string;
  force?: boolean;
}

/** One line of `ledger activities compliance --json`: periods required, done and overdue; activities held. */
export interface ComplianceEntry {
  branch: string;
  partyOrgId: string;
  type: ActivityType;
  period: CompliancePeriod;
  /** Periods (months, quarters, the year) that needed an activity. */
  required: number;
  /** Distinct activities of the type held in the year. */
  held: number;
  done: number;
  overdue: number;
  overduePeriods: string[];
  /** Why nothing is required (未设支委会, 未设党小组), else null. */
  reason: string | null;
}

function parseYear(text: string | undefined): number {
  if (text === undefined) throw new CliError('缺少 --year 参数：请指定年度，例如 --year 2026', 2);
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < 1949 || year > 2200) throw new CliError(`--year 应为四位年份，如 2026；收到“${text}”`, 2);
  return year;
}

function parseToday(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const valid = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === text;
  if (!valid) throw new CliError(`--today 应为日期，格式 YYYY-MM-DD，如 2026-06-30；收到“${text}”`, 2);
  return text;
}

/** --org takes the name the clerk knows (东村党支部); a name held by several organisations is refused. */
async function orgIdOf(api: LedgerHandlers, name: string | undefined): Promise<string | undefined> {
  if (name === undefined) return undefined;
  const wanted = name.trim();
  const orgs = (await call(api, 'listPartyOrgs', {})).filter((o) => o.name === wanted);
  if (orgs.length === 0) throw new CliError(`找不到名为“${wanted}”的党组织，请检查组织机构中的党组织名称`, 2);
  if (orgs.length > 1) throw new CliError(`有${orgs.length}个党组织都叫“${wanted}”，无法确定是哪一个，请在组织机构中区分名称`, 2);
  return orgs[0]!.id;
}

export async function activitiesCompliance(options: ComplianceOptions): Promise<void> {
  const year = parseYear(options.year);
  const today = parseToday(options.today);
  const report = await withExistingDb(options, async (_db, api) => call(api, 'complianceReport', { year, today, partyOrgId: await orgIdOf(api, options.org), originOffice: await officeIdOf(api, options.office) }),);
  const rows = complianceRows(report);
  if (options.json) {
    printJson(
      rows.map((r): ComplianceEntry => ({
        branch: r.branch,
        partyOrgId: r.partyOrgId,
        type: r.type,
        period: r.period,
        required: r.required,
        held: r.held,
        done: r.done,
        overdue: r.overdue,
        overduePeriods: r.overduePeriods,
        reason: r.reason,
      })),
    );
    return;
  }
  if (rows.length === 0) {
    console.log(report.branches.length === 0 ? `${year}年度没有党支部，请先在组织机构中建立党支部` : `${year}年度没有启用的组织生活频次规则`);
    return;
  }
  console.log(`${year}年度“三会一课”等组织生活落实情况（统计截至 ${report.today}）`);
  console.log(['党组织', '活动类型', '频次要求', '应开期数', '已开次数', '完成期数', '逾期期数', '逾期期次'].join('\t'));
  for (const r of rows) {
    const note = r.reason ?? r.overduePeriods.join('、');
    console.log([r.branch, r.type, r.rule, r.required, r.held, r.done, r.overdue, note].join('\t'));
  }
  const overdue = rows.reduce((n, r) => n + r.overdue, 0);
  const behind = new Set(rows.filter((r) => r.overdue > 0).map((r) => r.partyOrgId)).size;
  console.log(`共 ${report.branches.length} 个党支部，逾期 ${overdue} 期，涉及 ${behind} 个党支部`);
}

export async function activitiesExportCompliance(options: ComplianceOptions): Promise<void> {
  const year = parseYear(options.year);
  const example = 'ledger activities export-compliance 组织生活落实情况.xlsx --db ledger.sqlite --year 2026';
  if (!options.file) throw new CliError(`缺少导出文件名，例如：${example}`, 2);
  const target = resolve(options.file);
  if (extname(target).toLowerCase() !== '.xlsx') throw new CliError('导出文件名应以 .xlsx 结尾', 2);
  if (!existsSync(dirname(target)) || !statSync(dirname(target)).isDirectory()) throw new CliError(`导出目录不存在：${dirname(target)}`);
  if (existsSync(target) && !options.force) throw new CliError(`文件已存在：${target}。如需覆盖请加 --force`);
  const out = await withExistingDb(options, async (_db, api) =>
    call(api, 'exportCompliance', { year, partyOrgId: await orgIdOf(api, options.org), originOffice: await officeIdOf(api, options.office) }),
  );
  try {
    await writeFileAtomically(target, (stream) => new Promise<void>((done, failed) => stream.write(Buffer.from(out.dataBase64, 'base64'), (e) => (e ? failed(e) : done()))));
  } catch (error) {
    throw new CliError(`导出失败，没有生成文件：${error instanceof Error ? error.message : String(error)}`);
  }
  if (options.json) printJson({ file: target, rows: out.rows });
  else console.log(`已导出${year}年度组织生活落实情况共 ${out.rows} 行：${target}`);
}
