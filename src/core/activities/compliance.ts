import type { Database } from 'better-sqlite3';
import {
  DEFAULT_COMPLIANCE_RULES,
  type ActivityType,
  type BranchCompliance,
  type ComplianceCell,
  type CompliancePeriod,
  type ComplianceReport,
  type ComplianceRule,
  type ComplianceRules,
} from '../../shared/activities';
import type { ParsedInput } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import { readSetting, writeSetting } from '../settings/settingsRepo';
import { orgSubtree } from './members';
import { localToday } from './today';

/**
 * The compliance calendar (REFERENCE §2.1). For every 党支部 and every enabled rule, the year is cut into the
 * rule's periods (months, quarters or the year); each period needs `times` activities of that type held by the
 * branch or a 党小组 under it. 党小组会 are needed from each 党小组 (a branch without one needs none); a 支委会
 * only while the branch has 支委 seated. A period is done when enough were held, overdue once it has ended
 * without, due soon in its last `dueSoonDays` days, open before that, future when it has not begun.
 */

const KEY = 'activities.compliance';

export function getComplianceRules(db: Database): ComplianceRules {
  return readSetting<ComplianceRules>(db, KEY) ?? structuredClone(DEFAULT_COMPLIANCE_RULES);
}

export function saveComplianceRules(db: Database, rules: ComplianceRules): Result<ComplianceRules> {
  const types = rules.rules.map((r) => r.type);
  if (new Set(types).size !== types.length) return fail('VALIDATION', '同一活动类型只能有一条频次规则');
  writeSetting(db, KEY, rules);
  return ok(rules);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The periods of a year for a rule: [index, first day, last day, label]. */
export function periodsOf(year: number, period: CompliancePeriod): { index: number; start: string; end: string; label: string }[] {
  const lastDay = (m: number) => new Date(Date.UTC(year, m, 0)).getUTCDate();
  if (period === 'year') return [{ index: 1, start: `${year}-01-01`, end: `${year}-12-31`, label: `${year}年` }];
  if (period === 'quarter') {
    return [1, 2, 3, 4].map((q) => ({ index: q, start: `${year}-${pad(q * 3 - 2)}-01`, end: `${year}-${pad(q * 3)}-${pad(lastDay(q * 3))}`, label: `${year}年第${q}季度` }));
  }
  return Array.from({ length: 12 }, (_, i) => ({ index: i + 1, start: `${year}-${pad(i + 1)}-01`, end: `${year}-${pad(i + 1)}-${pad(lastDay(i + 1))}`, label: `${year}年${i + 1}月` }));
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

interface Held {
  id: string;
  org: string;
  date: string;
  type: string;
}

interface Branch {
  id: string;
  name: string;
  groups: string[];
  seats: { start: string | null; end: string | null }[];
}

/** The branches in scope; with `originOffice`, only those that office recorded (a county file holds many townships'). */
function branchesIn(db: Database, partyOrgId: string | undefined, originOffice: string | undefined): Branch[] {
  const scope = partyOrgId ? new Set(orgSubtree(db, partyOrgId)) : null;
  const rows = db
    .prepare(
      `SELECT id, name FROM party_orgs WHERE kind = '党支部' AND deleted_at IS NULL ${originOffice ? 'AND origin_office = @office' : ''} ORDER BY sort_order, name`,
    )
    .all(originOffice ? { office: originOffice } : {}) as { id: string; name: string }[];
  const groups = db.prepare("SELECT id FROM party_orgs WHERE parent_id = ? AND kind = '党小组' AND deleted_at IS NULL").pluck();
  const seats = db.prepare('SELECT start_date AS start, end_date AS end FROM committee_seats WHERE party_org_id = ? AND deleted_at IS NULL');
  return rows
    .filter((b) => !scope || scope.has(b.id))
    .map((b) => ({ ...b, groups: groups.all(b.id) as string[], seats: seats.all(b.id) as { start: string | null; end: string | null }[] }));
}

function cellFor(rule: ComplianceRule, p: { index: number; start: string; end: string }, branch: Branch, held: Held[], today: string, dueSoonDays: number): ComplianceCell {
  const base = { type: rule.type, period: rule.period, index: p.index, start: p.start, end: p.end };
  let required = rule.times;
  let reason: string | null = null;
  let counted = held;
  if (rule.type === '党小组会') {
    if (branch.groups.length === 0) reason = '未设党小组';
    required = rule.times * branch.groups.length;
    // Each 党小组 needs its own; a group's meetings beyond `times` do not make up for another group's.
    const perGroup = new Map<string, Held[]>();
    for (const h of held) if (h.org !== branch.id) perGroup.set(h.org, [...(perGroup.get(h.org) ?? []), h]);
    counted = [...perGroup.values()].flatMap((list) => list.slice(0, rule.times));
  } else if (rule.type === '支部委员会') {
    const seated = branch.seats.some((s) => (s.start === null || s.start <= p.end) && (s.end === null || s.end >= p.start));
    if (!seated) {
      reason = '未设支委会';
      required = 0;
    }
  }
  const activityIds = [...new Set(held.map((h) => h.id))];
  if (required === 0) return { ...base, required: 0, held: activityIds.length, status: 'not-required', reason: reason ?? '无要求', activityIds };
  const count = rule.type === '党小组会' ? counted.length : activityIds.length;
  const status = count >= required ? 'done' : p.end < today ? 'overdue' : p.start > today ? 'future' : daysBetween(today, p.end) < dueSoonDays ? 'due-soon' : 'open';
  return { ...base, required, held: count, status, reason: null, activityIds };
}

export function complianceReport(db: Database, input: ParsedInput<'complianceReport'>): ComplianceReport {
  const today = input.today ?? localToday();
  const rules = getComplianceRules(db);
  const enabled = rules.rules.filter((r) => r.enabled);
  const held = db
    .prepare(
      `SELECT a.id, a.party_org_id AS org, a.date, t.type FROM activities a JOIN activity_types t ON t.activity_id = a.id
       WHERE a.deleted_at IS NULL AND a.date BETWEEN ? AND ? ORDER BY a.date, a.id`,
    )
    .all(`${input.year}-01-01`, `${input.year}-12-31`) as Held[];
  const branches: BranchCompliance[] = branchesIn(db, input.partyOrgId, input.originOffice).map((branch) => {
    const orgs = new Set([branch.id, ...branch.groups]);
    const mine = held.filter((h) => orgs.has(h.org));
    const cells = enabled.flatMap((rule) =>
      periodsOf(input.year, rule.period).map((p) =>
        cellFor(rule, p, branch, mine.filter((h) => h.type === rule.type && h.date >= p.start && h.date <= p.end), today, rules.dueSoonDays),
      ),
    );
    const byType = enabled.map((rule) => {
      const own = cells.filter((c) => c.type === rule.type && c.status !== 'not-required');
      const labels = new Map(periodsOf(input.year, rule.period).map((p) => [p.index, p.label]));
      const overdue = own.filter((c) => c.status === 'overdue');
      return {
        type: rule.type as ActivityType,
        required: own.length,
        done: own.filter((c) => c.status === 'done').length,
        overdue: overdue.length,
        overduePeriods: overdue.map((c) => labels.get(c.index)!),
      };
    });
    return { partyOrgId: branch.id, name: branch.name, cells, byType };
  });
  return { year: input.year, today, rules, branches };
}
