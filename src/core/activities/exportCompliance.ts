import type { Database } from 'better-sqlite3';
import type ExcelJS from 'exceljs';
import type { ComplianceStatus } from '../../shared/activities';
import { complianceRows, STATUS_NAME, STATUS_SYMBOL } from '../../shared/complianceView';
import type { ParsedInput } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import type { ExportedWorkbook } from '../../shared/trainingExcel';
import { ensureSelfOffice } from '../office/officeRepo';
import { exportFileName, HEADER_ROW, newWorkbook, officialSheet, SIGNATURE_LINE, workbookBytes } from '../training/excel/officialSheet';
import { complianceReport } from './compliance';
import { localToday } from './today';

/**
 * The year's “三会一课” compliance in the official layout (REFERENCE §2.1, §6), from the same report as the
 * calendar page: sheet 1 one row per branch × required type with 应开/已开/完成/逾期 and the overdue periods;
 * sheet 2 the month grid with the calendar's symbols (a quarter's cell merged over its 3 months, the year's
 * over 12), shaded as on screen.
 */

export function complianceTitle(prefix: string, year: number): string {
  return `${prefix}${year}年度“三会一课”等组织生活落实情况`;
}

export const LEGEND = `图例：${(['done', 'overdue', 'due-soon', 'open', 'future', 'not-required'] as const)
  .map((s) => `${STATUS_SYMBOL[s] || '空白'} ${STATUS_NAME[s]}`)
  .join('　')}`;

const FILL: Partial<Record<ComplianceStatus, string>> = { done: 'FFE1F3D8', overdue: 'FFFDE2E2', 'due-soon': 'FFFAECD8', 'not-required': 'FFEDEDED' };

export async function exportCompliance(db: Database, input: ParsedInput<'exportCompliance'>, now: Date = new Date()): Promise<Result<ExportedWorkbook>> {
  const office = ensureSelfOffice(db);
  let prefix = office.name;
  if (input.partyOrgId) {
    const org = db.prepare('SELECT name FROM party_orgs WHERE id = ? AND deleted_at IS NULL').get(input.partyOrgId) as { name: string } | undefined;
    if (!org) return fail('NOT_FOUND', '找不到该党组织，请刷新后重试');
    prefix = org.name;
  } else if (input.originOffice) {
    // A county file's report of one township is titled with that township.
    prefix = (db.prepare('SELECT name FROM office WHERE id = ?').pluck().get(input.originOffice) as string | undefined) ?? prefix;
  }
  const report = complianceReport(db, { year: input.year, partyOrgId: input.partyOrgId, originOffice: input.originOffice, today: localToday(now) });
  const rows = complianceRows(report);
  const title = complianceTitle(prefix, input.year);
  const workbook = newWorkbook(now);

  const summary = officialSheet(
    workbook,
    '落实情况',
    title,
    [
      { label: '序号', width: 6 },
      { label: '党组织', width: 22 },
      { label: '活动类型', width: 14 },
      { label: '频次要求', width: 11 },
      { label: '应开次数', width: 9, numeric: true },
      { label: '已开次数', width: 9, numeric: true },
      { label: '完成期数', width: 9, numeric: true },
      { label: '逾期期数', width: 9, numeric: true },
      { label: '逾期期次', width: 42 },
      { label: '备注', width: 14 },
    ],
    { office, today: now },
  );
  rows.forEach((r, i) => {
    summary.addRow([String(i + 1), r.branch, r.type, r.rule, r.requiredTimes, r.held, r.done, r.overdue, r.overduePeriods.join('、'), r.reason ?? '']);
  });
  const overdue = rows.reduce((n, r) => n + r.overdue, 0);
  const behind = new Set(rows.filter((r) => r.overdue > 0).map((r) => r.partyOrgId)).size;
  summary.addLine(`合计：${report.branches.length} 个党支部，逾期 ${overdue} 期，涉及 ${behind} 个党支部（统计截至 ${report.today}）`, 1);
  summary.addLine(SIGNATURE_LINE);

  const grid = officialSheet(
    workbook,
    '月度明细',
    `${title}（月度明细）`,
    [
      { label: '序号', width: 5 },
      { label: '党组织', width: 18 },
      { label: '活动类型', width: 12 },
      ...Array.from({ length: 12 }, (_, m) => ({ label: `${m + 1}月`, width: 6 })),
      { label: '已开/应开', width: 10 },
      { label: '备注', width: 12 },
    ],
    { office, today: now },
  );
  const FIRST_MONTH_COL = 4;
  const styles = new Map<ComplianceStatus, Partial<ExcelJS.Style>>();
  rows.forEach((r, i) => {
    const months: (string | null)[] = Array.from({ length: 12 }, () => null);
    for (const c of r.cells) months[c.month - 1] = c.text;
    grid.addRow([String(i + 1), r.branch, r.type, ...months, `${r.held}/${r.requiredTimes}`, r.reason ?? '']);
    const rowNumber = HEADER_ROW + 1 + i;
    for (const c of r.cells) {
      const col = FIRST_MONTH_COL + c.month - 1;
      const cell = grid.ws.getRow(rowNumber).getCell(col);
      const fill = FILL[c.cell.status];
      if (fill) {
        // A style object per status, shared by its cells (ExcelJS caches styles by object identity).
        if (!styles.has(c.cell.status)) styles.set(c.cell.status, { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } } });
        cell.style = styles.get(c.cell.status)!;
      }
      if (c.span > 1) grid.ws.mergeCells(rowNumber, col, rowNumber, col + c.span - 1);
    }
  });
  grid.addLine(LEGEND, 1);
  grid.addLine(`统计截至 ${report.today}；季度、年度要求的格子跨其所含月份。`);

  const bytes = await workbookBytes(workbook);
  return ok({ fileName: exportFileName(title, now), dataBase64: bytes.toString('base64'), rows: rows.length });
}
