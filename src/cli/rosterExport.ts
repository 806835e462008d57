import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { LedgerHandlers } from '../shared/contract';
import type { RosterView } from '../shared/rosterColumns';
import { exportRosterCsv } from '../core/spreadsheet/exportCsv';
import { exportOffice, viewPeople } from '../core/spreadsheet/exportPeople';
import { exportRosterViews, type RosterSheet } from '../core/spreadsheet/exportRoster';
import { rosterTitle } from '../core/spreadsheet/exportCells';
import { call, withExistingDb, type CommonOptions } from './commands';
import { officeIdOf } from './officeOption';
import { CliError, printJson } from './output';

/** `ledger roster export FILE.xlsx --db FILE [--category NAME | --view ID[,ID…]] [--office OFFICE_ID] [--mask-ids] [--csv] [--force]` */

export interface RosterExportOptions extends CommonOptions {
  file?: string;
  category?: string;
  view?: string;
  /** Only people this office recorded, titled with its name (a county file holds several townships'). */
  office?: string;
  maskIds?: boolean;
  csv?: boolean;
  force?: boolean;
}

export async function rosterExport(options: RosterExportOptions): Promise<void> {
  if (!options.file) throw new CliError('缺少导出文件名，例如：ledger roster export 花名册.xlsx --db ledger.sqlite', 2);
  const target = resolve(options.file);
  const extension = extname(target).toLowerCase();
  const csv = options.csv === true || extension === '.csv';
  if (csv && extension !== '.csv') throw new CliError('导出 CSV 时文件名应以 .csv 结尾', 2);
  if (!csv && extension !== '.xlsx') throw new CliError('导出文件名应以 .xlsx 结尾（导出 CSV 请用 .csv 文件名）', 2);
  if (options.category && options.view) throw new CliError('--category 和 --view 只能选一个', 2);
  if (!existsSync(dirname(target)) || !statSync(dirname(target)).isDirectory()) throw new CliError(`导出目录不存在：${dirname(target)}`);
  // The target may be the very workbook a village sent in: never replace a file unless told to.
  if (existsSync(target) && !options.force) throw new CliError(`文件已存在：${target}。如需覆盖请加 --force`);

  const result = await withExistingDb(options, (_db, api) => writeExport(api, target, csv, options)).catch((error: unknown) => {
    if (error instanceof CliError) throw error;
    // Disk full, stick pulled, permission denied: the temp file is already gone and the target untouched.
    throw new CliError(`导出失败，没有生成文件：${error instanceof Error ? error.message : String(error)}`);
  });

  if (options.json) {
    printJson({ file: result.file, format: result.format, rows: result.rows, sheets: result.sheets, maskIdNumbers: options.maskIds === true });
    return;
  }
  const ids = options.maskIds ? '身份证号已部分隐藏' : '身份证号完整';
  const what = result.sheets.length === 1 ? `“${result.sheets[0]!.title}”` : `${result.sheets.length} 张花名册（${result.sheets.map((s) => `${s.name} ${s.rows} 人`).join('、')}）`;
  console.log(`已导出${what}共 ${result.rows} 人，${ids}，用时 ${(result.ms / 1000).toFixed(1)} 秒：${result.file}`);
}

interface ExportResult {
  file: string;
  format: 'xlsx' | 'csv';
  sheets: { name: string; title: string; rows: number }[];
  rows: number;
  ms: number;
}

async function writeExport(api: LedgerHandlers, target: string, csv: boolean, options: RosterExportOptions): Promise<ExportResult> {
  const originOffice = await officeIdOf(api, options.office);
  const office = await exportOffice(api, originOffice);
  if (!office.configured) process.stderr.write('提示：尚未填写本单位名称，标题和“填报单位”将显示为“本单位”\n');
  const views = chooseViews(await call(api, 'getRosterViews', {}), options);
  const sheets: RosterSheet[] = views.map((view) => ({ view, people: viewPeople(api, view, originOffice) }));
  const started = performance.now();
  if (csv) {
    if (sheets.length !== 1) throw new CliError('CSV 只能导出一张花名册，请用 --view 指定一个', 2);
    const sheet = sheets[0]!;
    const { rows } = await exportRosterCsv(target, sheet.view, sheet.people, { maskIdNumbers: options.maskIds });
    return { file: target, format: 'csv', sheets: [{ name: sheet.view.name, title: rosterTitle(office, sheet.view), rows }], rows, ms: performance.now() - started };
  }
  const summary = await exportRosterViews(target, sheets, { office, maskIdNumbers: options.maskIds, appVersion: appVersion() });
  return { ...summary, format: 'xlsx', ms: performance.now() - started };
}

/** --view picks saved views by id; --category makes a one-category roster; neither means everyone. */
export function chooseViews(views: RosterView[], options: Pick<RosterExportOptions, 'category' | 'view'>): RosterView[] {
  const everyone = views.find((v) => v.id === 'all') ?? views[0];
  if (!everyone) throw new CliError('本台账没有花名册视图');
  if (options.view) {
    return options.view.split(',').map((id) => {
      const view = views.find((v) => v.id === id.trim());
      if (!view) throw new CliError(`找不到花名册“${id.trim()}”。可用：${views.map((v) => `${v.id}（${v.name}）`).join('、')}`, 2);
      return view;
    });
  }
  if (options.category) {
    const category = options.category.trim();
    const matching = views.find((v) => v.categories.length === 1 && v.categories[0] === category);
    return [matching ?? { ...everyone, id: 'category', name: category, title: `${category}花名册`, categories: [category], builtin: false }];
  }
  return [everyone];
}

function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '';
  } catch {
    return '';
  }
}
