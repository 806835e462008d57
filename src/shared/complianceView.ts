import type { ActivityType, ComplianceCell, CompliancePeriod, ComplianceReport, ComplianceRule, ComplianceStatus } from './activities';

/**
 * The compliance calendar as rows (REFERENCE §2.1, §5.7 "Compliance dashboard"): one row per branch × required
 * type, its periods laid over the 12 months (a quarter spans 3, the year 12), with the year's counts. Shared by
 * the calendar page, its printout, the xlsx export and the CLI, so all four say the same thing.
 */

/** The symbol printed in a cell: on paper the colour is gone, the symbol stays. */
export const STATUS_SYMBOL: Record<ComplianceStatus, string> = {
  done: '✓',
  overdue: '✗',
  'due-soon': '!',
  open: '○',
  future: '',
  'not-required': '—',
};

/** Chinese names of the statuses (the xlsx legend and the CLI; the screens use vue-i18n). */
export const STATUS_NAME: Record<ComplianceStatus, string> = {
  done: '已完成',
  overdue: '逾期',
  'due-soon': '即将到期',
  open: '待召开',
  future: '未到期',
  'not-required': '无需召开',
};

export const PERIOD_NAME: Record<CompliancePeriod, string> = { month: '每月', quarter: '每季度', year: '每年' };

/** 每月1次, 每季度1次 … */
export function ruleText(rule: Pick<ComplianceRule, 'period' | 'times'>): string {
  return `${PERIOD_NAME[rule.period]}${rule.times}次`;
}

/** The first month (1–12) a period covers and how many months it spans. */
export function monthSpan(period: CompliancePeriod, index: number): { month: number; span: number } {
  if (period === 'year') return { month: 1, span: 12 };
  if (period === 'quarter') return { month: index * 3 - 2, span: 3 };
  return { month: index, span: 1 };
}

/** A cell's text: the symbol, and held/required where more than one is needed or some but not enough were held (not for periods yet to come). */
export function cellText(cell: Pick<ComplianceCell, 'status' | 'held' | 'required'>): string {
  const symbol = STATUS_SYMBOL[cell.status];
  if (cell.status === 'not-required' || cell.status === 'future') return symbol;
  if (cell.required > 1 || (cell.held > 0 && cell.held < cell.required)) return `${symbol}${symbol ? ' ' : ''}${cell.held}/${cell.required}`;
  return symbol;
}

export interface GridCell {
  cell: ComplianceCell;
  /** First month covered, 1–12. */
  month: number;
  span: number;
  text: string;
}

export interface ComplianceRow {
  partyOrgId: string;
  branch: string;
  type: ActivityType;
  period: CompliancePeriod;
  /** 每月1次 */
  rule: string;
  cells: GridCell[];
  /** Periods that needed an activity. */
  required: number;
  /** Activities required over those periods (a 党小组会 month needs one per 党小组). */
  requiredTimes: number;
  /** Distinct activities of this type held over the year. */
  held: number;
  /** Periods done and overdue. */
  done: number;
  overdue: number;
  overduePeriods: string[];
  /** Why nothing is required at all (未设支委会, 未设党小组), when no period needed anything. */
  reason: string | null;
}

export function complianceRows(report: ComplianceReport): ComplianceRow[] {
  const rules = report.rules.rules.filter((r) => r.enabled);
  return report.branches.flatMap((branch) =>
    rules.map((rule): ComplianceRow => {
      const cells = branch.cells.filter((c) => c.type === rule.type);
      const byType = branch.byType.find((b) => b.type === rule.type);
      const needed = cells.filter((c) => c.status !== 'not-required');
      const reasons = [...new Set(cells.filter((c) => c.status === 'not-required').map((c) => c.reason ?? ''))].filter((r) => r !== '');
      return {
        partyOrgId: branch.partyOrgId,
        branch: branch.name,
        type: rule.type,
        period: rule.period,
        rule: ruleText(rule),
        cells: cells.map((cell) => ({ cell, ...monthSpan(cell.period, cell.index), text: cellText(cell) })),
        required: byType?.required ?? needed.length,
        requiredTimes: needed.reduce((n, c) => n + c.required, 0),
        held: new Set(cells.flatMap((c) => c.activityIds)).size,
        done: byType?.done ?? 0,
        overdue: byType?.overdue ?? 0,
        overduePeriods: byType?.overduePeriods ?? [],
        reason: needed.length === 0 ? reasons.join('、') || null : null,
      };
    }),
  );
}

export interface TypeSummary {
  type: ActivityType;
  rule: string;
  /** Branch × period pairs that needed an activity, were done, are overdue. */
  required: number;
  done: number;
  overdue: number;
  /** Periods not yet ended and not yet done (open, due soon, future). */
  pending: number;
  held: number;
  /** 东村党支部 2026年3月 … */
  overduePeriods: { branch: string; period: string }[];
}

/** Per required type over the branches in the report. */
export function typeSummaries(rows: readonly ComplianceRow[]): TypeSummary[] {
  const out = new Map<ActivityType, TypeSummary>();
  for (const row of rows) {
    const s = out.get(row.type) ?? { type: row.type, rule: row.rule, required: 0, done: 0, overdue: 0, pending: 0, held: 0, overduePeriods: [] };
    s.required += row.required;
    s.done += row.done;
    s.overdue += row.overdue;
    s.pending += row.required - row.done - row.overdue;
    s.held += row.held;
    s.overduePeriods.push(...row.overduePeriods.map((period) => ({ branch: row.branch, period })));
    out.set(row.type, s);
  }
  return [...out.values()];
}

/** Done periods as a percentage of required, one decimal; null when nothing was required. */
export function completionRate(s: Pick<TypeSummary, 'required' | 'done'>): number | null {
  return s.required > 0 ? Math.round((s.done / s.required) * 1000) / 10 : null;
}
