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
import { roundHours } from '../fieldChecks';
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

interface SessionRow {
  id: string;
  course_id: string;
  date: string;
  hours: number;
}

/**
 * 学时 earned in the year by everyone with any, after the daily cap and overrides. Driven by the year's
 * sessions in clock order, so each person's sessions of a day arrive in order without sorting the
 * attendance rows (400,000 of them in a county file); each session's attendees come from a covering index.
 */
export function earnedHours(db: Database, year: number, rules: TrainingRules): Map<string, Earned> {
  const range = { start: `${year}-01-01`, end: `${year}-12-31` };
  const courses = new Map(
    (db.prepare('SELECT id, ledgers, kind FROM courses WHERE deleted_at IS NULL').all() as { id: string; ledgers: string; kind: string }[]).map((c) => [
      c.id,
      { ledgers: JSON.parse(c.ledgers) as TrainingLedger[], kind: c.kind as CourseKind },
    ]),
  );
  const sessions = db
    .prepare(
      `SELECT id, course_id, date, hours FROM course_sessions INDEXED BY course_sessions_date
       WHERE date BETWEEN @start AND @end AND deleted_at IS NULL ORDER BY date, start_time, id`,
    )
    .all(range) as SessionRow[];
  const attendees = db.prepare(
    "SELECT person_id FROM attendance INDEXED BY attendance_credit WHERE session_id = ? AND status IN ('出席', '迟到', '早退') AND deleted_at IS NULL",
  ).pluck();
  const enrolledIn = db.prepare('SELECT person_id, hours_override IS NOT NULL FROM enrolments WHERE course_id = ? AND deleted_at IS NULL').raw();
  /** Per course: who is enrolled, and whether their hours were overridden (then sessions do not count). */
  const rosters = new Map<string, Map<string, boolean>>();
  const earned = new Map<string, Earned & { day: string; used: number }>();
  for (const s of sessions) {
    const course = courses.get(s.course_id);
    if (!course) continue;
    let roster = rosters.get(s.course_id);
    if (!roster) rosters.set(s.course_id, (roster = new Map((enrolledIn.all(s.course_id) as [string, number][]).map(([p, o]) => [p, o === 1]))));
    for (const personId of attendees.all(s.id) as string[]) {
      const overridden = roster.get(personId);
      if (overridden !== false) continue; // not enrolled (undefined) or hours overridden (true)
      let e = earned.get(personId);
      if (!e) earned.set(personId, (e = { ...emptyEarned(), day: '', used: 0 }));
      if (e.day !== s.date) [e.day, e.used] = [s.date, 0];
      const hours = Math.max(0, Math.min(s.hours, rules.dailyCap - e.used));
      e.used += hours;
      if (hours > 0) addCredit(e, hours, course.ledgers, course.kind, s.course_id);
    }
  }
  const overrides = db
    .prepare(
      `SELECT e.person_id, e.hours_override AS hours, e.course_id
       FROM enrolments e JOIN courses c ON c.id = e.course_id AND c.deleted_at IS NULL
       WHERE e.deleted_at IS NULL AND e.hours_override IS NOT NULL AND c.start_date BETWEEN @start AND @end`,
    )
    .all(range) as { person_id: string; hours: number; course_id: string }[];
  for (const o of overrides) {
    const course = courses.get(o.course_id)!;
    let e = earned.get(o.person_id);
    if (!e) earned.set(o.person_id, (e = { ...emptyEarned(), day: '', used: 0 }));
    addCredit(e, o.hours, course.ledgers, course.kind, o.course_id);
  }
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

interface LedgerEntry {
  row: LedgerRow;
  pinyin: string;
  search: string;
  initials: string;
  unitRank: number;
}

/**
 * Every person with a requirement or hours in the year, unsorted. Paging, filters and the chart ask for it
 * again and again while nothing changes, so the last answer is kept until the file changes: SQLite's
 * data_version moves when another connection commits, total_changes() when this one writes.
 */
const cache = new WeakMap<Database, { key: string; entries: LedgerEntry[] }>();

function dataVersion(db: Database): string {
  return `${String(db.pragma('data_version', { simple: true }))}:${String(db.prepare('SELECT total_changes()').pluck().get())}`;
}

/** `originOffice` keeps the people that office recorded; absent, everyone in the file (the county roll-up). */
function ledgerEntries(db: Database, year: number, only: TrainingLedger | undefined, originOffice: string | undefined): LedgerEntry[] {
  const key = `${year}|${only ?? ''}|${originOffice ?? ''}|${dataVersion(db)}`;
  const cached = cache.get(db);
  if (cached?.key === key) return cached.entries;
  const rules = getTrainingRules(db);
  const earned = earnedHours(db, year, rules);
  const categories = new Map<string, string[]>();
  for (const [personId, category] of db
    .prepare('SELECT pc.person_id, pc.category FROM person_categories pc JOIN people p ON p.id = pc.person_id WHERE p.deleted_at IS NULL ORDER BY pc.category')
    .raw()
    .all() as [string, string][]) {
    const list = categories.get(personId);
    if (list) list.push(category);
    else categories.set(personId, [category]);
  }
  const people = db
    .prepare(
      `SELECT p.id, p.name, p.name_pinyin, p.name_initials, p.id_number, p.unit_id, coalesce(u.name, p.unit) AS unit, p.post,
         p.political_status_code, p.status
       FROM people p LEFT JOIN units u ON u.id = p.unit_id WHERE p.deleted_at IS NULL ${originOffice ? 'AND p.origin_office = @office' : ''}`,
    )
    .all(originOffice ? { office: originOffice } : {}) as PersonRow[];
  // Units in Chinese collation once, then compared as numbers (Intl per comparison is far too slow for 100,000).
  const unitNames = [...new Set(people.map((p) => p.unit ?? ''))].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'zh-Hans-CN')));
  const unitRank = new Map(unitNames.map((u, i) => [u, i]));
  const entries: LedgerEntry[] = [];
  for (const p of people) {
    const cats = categories.get(p.id) ?? [];
    const e = earned.get(p.id);
    const standings = standingsFor({ status: p.status, politicalStatusCode: p.political_status_code, categories: cats }, rules, e, only);
    if (standings.length === 0 && !e) continue;
    // The standing that matters most: the largest shortfall, then the largest requirement.
    const main = standings.length > 1 ? [...standings].sort((a, b) => b.shortfall - a.shortfall || b.required - a.required)[0] : standings[0];
    const byLedger = e?.byLedger ?? emptyEarned().byLedger;
    const total = e ? roundHours(only ? byLedger[only] : Math.max(...TRAINING_LEDGERS.map((l) => byLedger[l]))) : 0;
    entries.push({
      pinyin: p.name_pinyin,
      search: p.name_pinyin.replace(/ /g, ''),
      initials: p.name_initials,
      unitRank: unitRank.get(p.unit ?? '')!,
      row: {
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
      },
    });
  }
  // Inside a transaction the answer may hold writes a rollback takes back, and total_changes() does not move
  // back with them: such an answer is never kept.
  if (!db.inTransaction) cache.set(db, { key, entries });
  return entries;
}

function matchesQuery(e: LedgerEntry, query: string | undefined): boolean {
  const q = query?.replace(/[\s\u3000]+/g, '');
  if (!q) return true;
  const lower = asciiLower(q);
  return e.row.name.includes(q) || (e.row.idNumber?.includes(q.toUpperCase()) ?? false) || e.initials.startsWith(lower) || e.search.startsWith(lower);
}

/** The people a query's unit and text select (the scope the summary counts), unsorted. */
function scopeEntries(db: Database, input: Pick<ParsedInput<'trainingLedger'>, 'year' | 'ledger' | 'unitId' | 'query' | 'originOffice'>): LedgerEntry[] {
  const units = input.unitId ? unitSubtree(db, input.unitId) : null;
  return ledgerEntries(db, input.year, input.ledger, input.originOffice).filter((e) => (!units || (e.row.unitId !== null && units.has(e.row.unitId))) && matchesQuery(e, input.query));
}

function sortedRows(entries: LedgerEntry[], input: Pick<ParsedInput<'trainingLedger'>, 'shortfallOnly' | 'sort'>): LedgerRow[] {
  const selected = input.shortfallOnly ? entries.filter((e) => e.row.shortfall > 0) : [...entries];
  const byName = (a: LedgerEntry, b: LedgerEntry) => (a.pinyin < b.pinyin ? -1 : a.pinyin > b.pinyin ? 1 : a.row.personId < b.row.personId ? -1 : 1);
  const byUnit = (a: LedgerEntry, b: LedgerEntry) => a.unitRank - b.unitRank || byName(a, b);
  selected.sort(input.sort === 'name' ? byName : input.sort === 'shortfall' ? (a, b) => b.row.shortfall - a.row.shortfall || byUnit(a, b) : byUnit);
  return selected.map((e) => e.row);
}

/** Every ledger row the query selects, in the asked order (before paging). */
export function ledgerRows(db: Database, input: Omit<ParsedInput<'trainingLedger'>, 'offset' | 'limit'>): LedgerRow[] {
  return sortedRows(scopeEntries(db, input), input);
}

/** A page of the ledger; the summary counts everyone in the unit and text scope, whether or not only shortfalls are listed. */
export function trainingLedger(db: Database, input: ParsedInput<'trainingLedger'>): LedgerPage {
  const scope = scopeEntries(db, input);
  const rows = sortedRows(scope, input);
  const withRequirement = scope.filter((e) => e.row.standings.length > 0);
  const behind = withRequirement.filter((e) => e.row.shortfall > 0);
  return {
    year: input.year,
    items: rows.slice(input.offset, input.offset + input.limit),
    total: rows.length,
    summary: {
      people: scope.length,
      required: withRequirement.length,
      met: withRequirement.length - behind.length,
      behind: behind.length,
      shortfallHours: roundHours(behind.reduce((sum, e) => sum + e.row.shortfall, 0)),
    },
  };
}

/** Share of people with a requirement who meet it, per unit (for the chart); units in roster order. */
export function trainingCoverage(db: Database, input: ParsedInput<'trainingCoverage'>): UnitCoverage[] {
  const rows = ledgerRows(db, { year: input.year, ledger: input.ledger, originOffice: input.originOffice, sort: 'unit' });
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
