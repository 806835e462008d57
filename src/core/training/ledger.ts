import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import { PARTY_MEMBER_CODES } from '../../shared/codes/political';
import {
  TRAINING_LEDGERS,
  type CourseKind,
  type LedgerPage,
  type LedgerRow,
  type LedgerStanding,
  type TrainingLedger,
  type TrainingRules,
  type UnitCoverage,
} from '../../shared/training';
import { asciiLower } from '../people/peopleQuery';
import { roundHours } from './checks';
import { getTrainingRules, requiredHours } from './rules';

/**
 * The yearly 学时台账 (REFERENCE §2.2, §5.6). For each person and year:
 * - every session they attended (出席/迟到/早退) in a live course, while enrolled, earns its 学时 toward each
 *   ledger the course counts for; a day's sessions are credited in clock order up to the daily cap, the rest
 *   not at all (nobody earns 12 学时 in one day);
 * - a course whose hours were overridden (with a reason) earns the override instead, in the year it starts,
 *   outside the daily cap — the clerk decided it;
 * - every rule that describes the person (在岗, party member if the rule says so, holding one of its categories)
 *   sets a requirement on its ledger; on each ledger the strictest one counts. Shortfall = required − earned.
 */

interface Credit {
  person_id: string;
  date: string;
  hours: number;
  ledgers: string;
  kind: string;
  course_id: string;
}

interface PersonRow {
  id: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  id_number: string | null;
  unit_id: string | null;
  unit: string | null;
  post: string | null;
  political_status_code: string | null;
  status: string;
}

interface Earned {
  byLedger: Record<TrainingLedger, number>;
  byKind: Partial<Record<CourseKind, number>>;
  courses: Set<string>;
}

function emptyEarned(): Earned {
  return { byLedger: { 党员教育培训: 0, 干部教育培训: 0 }, byKind: {}, courses: new Set() };
}

function addCredit(e: Earned, hours: number, ledgers: TrainingLedger[], kind: CourseKind, courseId: string): void {
  for (const l of ledgers) e.byLedger[l] += hours;
  e.byKind[kind] = (e.byKind[kind] ?? 0) + hours;
  e.courses.add(courseId);
}

/** 学时 earned in the year by everyone with any, after the daily cap and overrides. */
export function earnedHours(db: Database, year: number, rules: TrainingRules): Map<string, Earned> {
  const range = { start: `${year}-01-01`, end: `${year}-12-31` };
  const sessions = db
    .prepare(
      `SELECT a.person_id, s.date, s.hours, c.ledgers, c.kind, c.id AS course_id
       FROM attendance a
       JOIN course_sessions s ON s.id = a.session_id AND s.deleted_at IS NULL
       JOIN courses c ON c.id = s.course_id AND c.deleted_at IS NULL
       JOIN enrolments e ON e.course_id = c.id AND e.person_id = a.person_id AND e.deleted_at IS NULL
       WHERE a.deleted_at IS NULL AND a.status IN ('出席', '迟到', '早退') AND s.date BETWEEN @start AND @end AND e.hours_override IS NULL
       ORDER BY a.person_id, s.date, s.start_time, s.id`,
    )
    .all(range) as Credit[];
  const earned = new Map<string, Earned>();
  const get = (id: string) => earned.get(id) ?? earned.set(id, emptyEarned()).get(id)!;
  let dayKey = '';
  let dayTotal = 0;
  for (const c of sessions) {
    const key = `${c.person_id} ${c.date}`;
    if (key !== dayKey) [dayKey, dayTotal] = [key, 0];
    const hours = Math.max(0, Math.min(c.hours, rules.dailyCap - dayTotal));
    dayTotal += hours;
    if (hours > 0) addCredit(get(c.person_id), hours, JSON.parse(c.ledgers) as TrainingLedger[], c.kind as CourseKind, c.course_id);
  }
  const overrides = db
    .prepare(
      `SELECT e.person_id, e.hours_override AS hours, c.ledgers, c.kind, c.id AS course_id, c.start_date AS date
       FROM enrolments e JOIN courses c ON c.id = e.course_id AND c.deleted_at IS NULL
       WHERE e.deleted_at IS NULL AND e.hours_override IS NOT NULL AND c.start_date BETWEEN @start AND @end`,
    )
    .all(range) as Credit[];
  for (const o of overrides) addCredit(get(o.person_id), o.hours, JSON.parse(o.ledgers) as TrainingLedger[], o.kind as CourseKind, o.course_id);
  return earned;
}

/** Requirements that apply to a person, strictest per ledger. */
export function standingsFor(person: { status: string; politicalStatusCode: string | null; categories: string[] }, rules: TrainingRules, earned: Earned | undefined, only?: TrainingLedger): LedgerStanding[] {
  if (person.status !== '在岗') return [];
  const member = person.politicalStatusCode !== null && PARTY_MEMBER_CODES.includes(person.politicalStatusCode);
  const best = new Map<TrainingLedger, LedgerStanding>();
  for (const rule of rules.rules) {
    if (only && rule.ledger !== only) continue;
    if (rule.partyMembersOnly && !member) continue;
    if (rule.categories.length > 0 && !rule.categories.some((c) => person.categories.includes(c))) continue;
    const required = requiredHours(rule, rules.dayFactor);
    const current = best.get(rule.ledger);
    if (current && current.required >= required) continue;
    const hours = roundHours(earned?.byLedger[rule.ledger] ?? 0);
    best.set(rule.ledger, { ledger: rule.ledger, ruleId: rule.id, ruleName: rule.name, hours, required, shortfall: roundHours(Math.max(0, required - hours)) });
  }
  return TRAINING_LEDGERS.flatMap((l) => (best.has(l) ? [best.get(l)!] : []));
}

function unitSubtree(db: Database, unitId: string): Set<string> {
  const rows = db
    .prepare('WITH RECURSIVE below(id) AS (SELECT ? UNION ALL SELECT u.id FROM units u JOIN below b ON u.parent_id = b.id WHERE u.deleted_at IS NULL) SELECT id FROM below')
    .all(unitId) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

function matchesQuery(p: PersonRow, query: string | undefined): boolean {
  const q = query?.replace(/[\s\u3000]+/g, '');
  if (!q) return true;
  const lower = asciiLower(q);
  return p.name.includes(q) || (p.id_number?.includes(q.toUpperCase()) ?? false) || p.name_initials.startsWith(lower) || p.name_pinyin.replace(/ /g, '').startsWith(lower);
}

/** Every ledger row the query selects, in the asked order (before paging). */
export function ledgerRows(db: Database, input: Omit<ParsedInput<'trainingLedger'>, 'offset' | 'limit'>): LedgerRow[] {
  const rules = getTrainingRules(db);
  const earned = earnedHours(db, input.year, rules);
  const categories = new Map<string, string[]>();
  for (const r of db.prepare('SELECT pc.person_id, pc.category FROM person_categories pc JOIN people p ON p.id = pc.person_id WHERE p.deleted_at IS NULL ORDER BY pc.category').all() as {
    person_id: string;
    category: string;
  }[]) {
    const list = categories.get(r.person_id) ?? categories.set(r.person_id, []).get(r.person_id)!;
    list.push(r.category);
  }
  const units = input.unitId ? unitSubtree(db, input.unitId) : null;
  const people = db
    .prepare(
      `SELECT p.id, p.name, p.name_pinyin, p.name_initials, p.id_number, p.unit_id, coalesce(u.name, p.unit) AS unit, p.post,
         p.political_status_code, p.status
       FROM people p LEFT JOIN units u ON u.id = p.unit_id WHERE p.deleted_at IS NULL`,
    )
    .all() as PersonRow[];
  const rows: LedgerRow[] = [];
  for (const p of people) {
    if (units && (!p.unit_id || !units.has(p.unit_id))) continue;
    if (!matchesQuery(p, input.query)) continue;
    const cats = categories.get(p.id) ?? [];
    const e = earned.get(p.id);
    const standings = standingsFor({ status: p.status, politicalStatusCode: p.political_status_code, categories: cats }, rules, e, input.ledger);
    if (standings.length === 0 && !e) continue;
    // The standing that matters most: the largest shortfall, then the largest requirement.
    const main = [...standings].sort((a, b) => b.shortfall - a.shortfall || b.required - a.required)[0];
    const byLedger = e?.byLedger ?? emptyEarned().byLedger;
    const total = e ? roundHours(input.ledger ? byLedger[input.ledger] : Math.max(...TRAINING_LEDGERS.map((l) => byLedger[l]))) : 0;
    if (input.shortfallOnly && !(main && main.shortfall > 0)) continue;
    rows.push({
      personId: p.id,
      name: p.name,
      idNumber: p.id_number,
      unitId: p.unit_id,
      unit: p.unit,
      post: p.post,
      categories: cats,
      hoursByLedger: { 党员教育培训: roundHours(byLedger.党员教育培训), 干部教育培训: roundHours(byLedger.干部教育培训) },
      hoursByKind: Object.fromEntries(Object.entries(e?.byKind ?? {}).map(([k, v]) => [k, roundHours(v)])),
      courses: e?.courses.size ?? 0,
      standings,
      hours: main ? main.hours : total,
      required: main ? main.required : 0,
      shortfall: main ? main.shortfall : 0,
    });
  }
  const pinyin = new Map(people.map((p) => [p.id, p.name_pinyin]));
  const byName = (a: LedgerRow, b: LedgerRow) => (pinyin.get(a.personId)! < pinyin.get(b.personId)! ? -1 : pinyin.get(a.personId)! > pinyin.get(b.personId)! ? 1 : a.personId < b.personId ? -1 : 1);
  const byUnit = (a: LedgerRow, b: LedgerRow) => (a.unit ?? '\uffff').localeCompare(b.unit ?? '\uffff', 'zh-Hans-CN') || byName(a, b);
  rows.sort(input.sort === 'name' ? byName : input.sort === 'shortfall' ? (a, b) => b.shortfall - a.shortfall || byUnit(a, b) : byUnit);
  return rows;
}

export function trainingLedger(db: Database, input: ParsedInput<'trainingLedger'>): LedgerPage {
  const rows = ledgerRows(db, input);
  const withRequirement = rows.filter((r) => r.standings.length > 0);
  const behind = withRequirement.filter((r) => r.shortfall > 0);
  return {
    year: input.year,
    items: rows.slice(input.offset, input.offset + input.limit),
    total: rows.length,
    summary: {
      people: rows.length,
      required: withRequirement.length,
      met: withRequirement.length - behind.length,
      behind: behind.length,
      shortfallHours: roundHours(behind.reduce((sum, r) => sum + r.shortfall, 0)),
    },
  };
}

/** Share of people with a requirement who meet it, per unit (for the chart); units in roster order. */
export function trainingCoverage(db: Database, input: ParsedInput<'trainingCoverage'>): UnitCoverage[] {
  const rows = ledgerRows(db, { year: input.year, ledger: input.ledger, sort: 'unit' });
  const byUnit = new Map<string, UnitCoverage>();
  for (const r of rows) {
    if (r.standings.length === 0) continue;
    const key = r.unitId ?? `name:${r.unit ?? ''}`;
    const entry = byUnit.get(key) ?? byUnit.set(key, { unitId: r.unitId, unit: r.unit ?? '未填写单位', required: 0, met: 0, rate: 0 }).get(key)!;
    entry.required++;
    if (r.shortfall === 0) entry.met++;
  }
  return [...byUnit.values()].map((u) => ({ ...u, rate: u.required === 0 ? 0 : u.met / u.required }));
}
