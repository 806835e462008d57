import type { ParsedInput } from '../../shared/contract';
import { normaliseQuery } from '../../shared/searchQuery';

/**
 * How listPeople finds and counts people fast at 100,000 rows (issue 3: ≤ 20 ms p95).
 *
 * What a text query matches: name, unit or post containing it (ASCII case ignored), whatever its length;
 * for 3 or more digits (an ID or phone fragment, optionally ending in X; MIN_ID_FRAGMENT in
 * src/shared/searchQuery.ts) also ID number or phone containing it; for Latin letters also pinyin
 * initials or full pinyin starting with it (`zs`, `zhang`). One or two digits do not search ID numbers and
 * phones: "1" or "41" is inside ~96% of ID numbers, so it would list nearly everyone and no index makes
 * that fast; clerks treat an ID fragment as meaningful from 3 digits (trigram semantics), and the search
 * box says so when the query is 1–2 digits. They still find names, units and posts holding them (3组).
 * Which index answers depends on the length, because a trigram index silently finds nothing for 1–2
 * characters: the FTS5 trigram index for 3+, people_grams (every 1–2 character substring) below that.
 *
 * Each condition comes in two forms that must mean the same: `driver`, the live people who pass (rowid and
 * pinyin sort key), read from an index; and `row`, the test on one row. Counting reads the drivers, so it
 * never reads the people table; a category, whose driver costs an index seek per holder (person_categories
 * is keyed by person id), is counted from the category index less the holders in the recycle bin, and
 * everyone live as the whole table (SQLite counts its pages, not its rows) less the recycle bin. Two
 * drivers meet as a semi-join: the more selective, or the category, is read into a set of rowids, and the
 * other probes it as it is read with its keys; the remaining conditions are tested on the rows that pass.
 * When the more selective driver holds only a few people (a village, a full name), listPeople plans again
 * with that driver alone and row tests for the rest (`narrowest`).
 *
 * The page (sorted by name) is found one of four ways, all giving the same answer (tests force each):
 * `walk` the pinyin index testing each row, good when matches are dense and spread evenly (a filter);
 * `keyed`, sort the drivers' keys, good for searches, whose matches cluster in pinyin order (王 are all
 * "wang"); `drive`, look up each match and sort, good when there are few; `collect`, one pass over the
 * drivers' matches, counted and sorted in JavaScript. Sorted by birth date, `walk` reads the live
 * birth-date index (birth_date, name_pinyin, rowid): the dated people in order, then the undated (NULLS
 * LAST), with no sort of 100,000 rows; it is chosen when no text query narrows the set (an ID fragment is a
 * birth date, so those matches cluster in that order too) and the matches are dense; otherwise the
 * matches are sorted. The recycle bin and "all" use row tests alone: the indexes hold live people only
 * (migration 3).
 */

type Params = Record<string, unknown>;

interface Condition {
  /**
   * SELECT of `rid, key`: the rowids of the live people who pass, with their pinyin sort key. Only indexes
   * are read unless `lookup` says the key costs a row lookup (the FTS index does not hold it).
   */
  driver?: string;
  /** The driver's rowids alone, when leaving out the key saves reading rows (for counting). */
  rids?: string;
  /** The key comes from the people table: fine for a few rows, slow for thousands. */
  lookup?: boolean;
  /** The same test on the row `p`. */
  row: string;
  /** A text search: its matches cluster in pinyin order (王 is all "wang"), so walking that order is no good. */
  text?: boolean;
  /** How selective the driver usually is, most first: text, unit or branch, category, political status, age, office. */
  rank?: number;
  /**
   * Each match's rowid costs an index seek (categories are kept by person id): such a driver is read once,
   * into the set the other driver probes, and is never the one walked for keys.
   */
  seek?: boolean;
  /** `SELECT … AS n`: the live people who pass, counted from indexes more cheaply than through the driver. */
  count?: string;
  /** A SELECT of one row per match, or per match and a few more, cheaper than `rids` for telling a driver is narrow. */
  few?: string;
}

/** SQLite's lower() folds ASCII only; queries are folded the same way so both sides agree. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** An FTS5 string literal: the whole query as one phrase, so operators in it mean nothing. */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The smallest string greater than every string starting with `prefix`: index range instead of LIKE. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

// The search box's rules live in src/shared, so the renderer can hint at them (too short for an ID number).
export { normaliseQuery };

/** A driver over one of migration 3's partial indexes of live people, each ending in name_pinyin. */
const live = (index: string, test: string) => `SELECT rowid AS rid, name_pinyin AS key FROM people INDEXED BY ${index} WHERE deleted_at IS NULL AND ${test}`;

function textCondition(query: string, params: Params): Condition | null {
  const q = normaliseQuery(query);
  if (!q) return null;
  params.text = asciiLower(q.text);
  const rows = ['instr(lower(p.name), @text) > 0', 'instr(lower(p.unit), @text) > 0', 'instr(lower(p.post), @text) > 0'];
  const drivers: string[] = [];
  const rids: string[] = [];
  if ([...q.text].length >= 3) {
    // The column filter keeps pinyin out: it matches by prefix below, not anywhere inside (zhang ⊅ ang).
    params.fts = `{name unit post${q.idFragment ? ' id_number phone' : ''}} : ${ftsPhrase(q.text)}`;
    drivers.push('SELECT f.rowid AS rid, l.name_pinyin AS key FROM people_fts f CROSS JOIN people l ON l.rowid = f.rowid WHERE people_fts MATCH @fts');
    rids.push('SELECT rowid AS rid FROM people_fts WHERE people_fts MATCH @fts');
  } else {
    // One or two digits (q.idFragment false) are searched in names, units and posts only: see the header.
    drivers.push('SELECT person AS rid, name_pinyin AS key FROM people_grams WHERE gram = @text');
    rids.push('SELECT person AS rid FROM people_grams WHERE gram = @text');
  }
  if (q.idFragment) {
    params.digits = q.text.toUpperCase();
    rows.push('instr(p.id_number, @digits) > 0', 'instr(p.phone, @digits) > 0');
  }
  if (q.letters) {
    params.prefix = params.text;
    params.prefixEnd = prefixEnd(params.text as string);
    rows.push('(p.name_initials >= @prefix AND p.name_initials < @prefixEnd)', '(p.search_pinyin >= @prefix AND p.search_pinyin < @prefixEnd)');
    const ranges = [
      live('people_live_initials', 'name_initials >= @prefix AND name_initials < @prefixEnd'),
      live('people_live_search_pinyin', 'search_pinyin >= @prefix AND search_pinyin < @prefixEnd'),
    ];
    drivers.push(...ranges);
    rids.push(...ranges.map((r) => `SELECT rid FROM (${r})`));
  }
  // Latin letters are rare in names, units and posts, so the trigram part of a pinyin search finds few rows
  // and its keys are cheap; other trigram searches may find tens of thousands (an ID prefix) whose matches
  // are spread evenly, so the page walks the pinyin index. people_grams holds its keys.
  const lookup = [...q.text].length >= 3 && !q.letters;
  return { row: `(${rows.join(' OR ')})`, driver: drivers.join(' UNION '), rids: rids.join(' UNION '), lookup, text: true, rank: 0 };
}

/** ISO date `years` before `today`, for age bands: born on or before it means at least that old. */
function yearsBefore(today: Date, years: number): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${today.getFullYear() - years}-${p(today.getMonth() + 1)}-${p(today.getDate())}`;
}

const subtree = (table: string, param: string) => `(WITH RECURSIVE sub(id) AS (SELECT @${param} UNION SELECT t.id FROM ${table} t JOIN sub ON t.parent_id = sub.id) SELECT id FROM sub)`;

/** Past this many people in the recycle bin, counting its category holders costs more than it saves. */
const FEW_DELETED = 5000;

/**
 * Categories live in person_categories, keyed by person id: finding each holder's rowid and sort key costs
 * an index seek into people_live_id, so the driver is `seek`. Its count needs no seek: every holder in the
 * category index, less the holders in the recycle bin (few; read through people_pinyin's deleted_at range).
 */
function categoryCondition(test: string, distinct: boolean): Condition {
  const holders = `FROM person_categories c CROSS JOIN people l INDEXED BY people_live_id ON l.id = c.person_id AND l.deleted_at IS NULL WHERE ${test}`;
  const all = `SELECT COUNT(${distinct ? 'DISTINCT c.person_id' : '*'}) FROM person_categories c WHERE ${test}`;
  const deleted = `SELECT COUNT(*) FROM people d INDEXED BY people_pinyin WHERE d.deleted_at IS NOT NULL AND EXISTS (SELECT 1 FROM person_categories c WHERE c.person_id = d.id AND ${test})`;
  const binIsSmall = `(SELECT COUNT(*) FROM (SELECT 1 FROM people INDEXED BY people_pinyin WHERE deleted_at IS NOT NULL LIMIT ${FEW_DELETED})) < ${FEW_DELETED}`;
  return {
    row: `EXISTS (SELECT 1 FROM person_categories c WHERE c.person_id = p.id AND ${test})`,
    driver: `SELECT ${distinct ? 'DISTINCT ' : ''}l.rowid AS rid, l.name_pinyin AS key ${holders}`,
    rids: `SELECT ${distinct ? 'DISTINCT ' : ''}l.rowid AS rid ${holders}`,
    count: `SELECT CASE WHEN ${binIsSmall} THEN (${all}) - (${deleted}) ELSE (SELECT COUNT(${distinct ? 'DISTINCT ' : ''}l.rowid) ${holders}) END AS n`,
    // Holders in the recycle bin and of several of the categories count too: enough to tell a few.
    few: `SELECT 1 FROM person_categories c WHERE ${test}`,
    seek: true,
    rank: 2,
  };
}

function conditions(input: ParsedInput<'listPeople'>, today: Date, params: Params): Condition[] {
  const all: Condition[] = [];
  if (input.query) {
    const text = textCondition(input.query, params);
    if (text) all.push(text);
  }
  if (input.gender) {
    all.push({ row: 'p.gender_code = @gender' });
    params.gender = input.gender === '男' ? '1' : '2';
  }
  if (input.politicalStatusCode) {
    params.politicalStatusCode = input.politicalStatusCode;
    all.push({
      row: 'p.political_status_code = @politicalStatusCode',
      driver: live('people_live_political', 'political_status_code = @politicalStatusCode'),
      rank: 3,
    });
  }
  for (const [key, column] of [
    ['educationCode', 'p.education_code'],
    ['unit', 'p.unit'],
    ['status', 'p.status'],
  ] as const) {
    const value = input[key];
    if (value) {
      all.push({ row: `${column} = @${key}` });
      params[key] = value;
    }
  }
  if (input.category) {
    params.category = input.category;
    all.push(categoryCondition('c.category = @category', false));
  }
  if (input.categories) {
    params.categories = JSON.stringify(input.categories);
    // DISTINCT: a person holding two of the categories is still one row.
    all.push(categoryCondition('c.category IN (SELECT value FROM json_each(@categories))', true));
  }
  if (input.unitId) {
    params.unitId = input.unitId;
    all.push({ row: `p.unit_id IN ${subtree('units', 'unitId')}`, driver: live('people_live_unit', `unit_id IN ${subtree('units', 'unitId')}`), rank: 1 });
  }
  if (input.partyOrgId) {
    params.partyOrgId = input.partyOrgId;
    all.push({
      row: `p.party_org_id IN ${subtree('party_orgs', 'partyOrgId')}`,
      driver: live('people_live_party_org', `party_org_id IN ${subtree('party_orgs', 'partyOrgId')}`),
      rank: 1,
    });
  }
  // County files hold several townships' people: each township is a large share of the file, so this driver
  // ranks last (it counts from its index; with sharper filters it is a row test). Nothing changes unless set.
  if (input.originOffice) {
    params.originOffice = input.originOffice;
    all.push({ row: 'p.origin_office = @originOffice', driver: live('people_live_origin', 'origin_office = @originOffice'), rank: 5 });
  }
  // Month-only birth dates (YYYY-MM) compare correctly against YYYY-MM-DD bounds at month precision.
  if (input.ageMin !== undefined || input.ageMax !== undefined) {
    const bounds: string[] = [];
    if (input.ageMin !== undefined) {
      bounds.push('birth_date <= @bornBy');
      params.bornBy = yearsBefore(today, input.ageMin);
    }
    if (input.ageMax !== undefined) {
      bounds.push('birth_date > @bornAfter');
      params.bornAfter = yearsBefore(today, input.ageMax + 1);
    }
    all.push({ row: bounds.map((b) => `p.${b}`).join(' AND '), driver: live('people_live_birth', bounds.join(' AND ')), rank: 4 });
  }
  return all;
}

const SORT_COLUMNS: Record<ParsedInput<'listPeople'>['sort'], string> = {
  name: 'p.name_pinyin',
  birthDate: 'p.birth_date',
  unit: 'p.unit',
  createdAt: 'p.created_at',
  updatedAt: 'p.updated_at',
};

const MAX_DRIVERS = 2;

/** The ways of finding a page; tests force each in turn and expect the same answer. */
export type PageStrategy = 'walk' | 'drive' | 'keyed' | 'collect';

/** How to read one page of rowids. */
export type PagePlan =
  | { sql: string }
  /**
   * Birth-date order read from the live birth-date index: the dated people in order (`LIMIT @limit OFFSET
   * @offset`), then, NULLS LAST, the undated in name order (`LIMIT @undatedLimit OFFSET @undatedOffset`);
   * `undatedCount` tells where the undated part starts when the page begins past the dated ones.
   */
  | { dated: string; undated: string; undatedCount: string };

export interface PeopleQuery {
  params: Params;
  /** `SELECT COUNT(*) AS n …` */
  countSql: string;
  /** How to read the page's rowids, given the total and the largest rowid (≈ the table's size). */
  page(total: number, maxRowid: number): PagePlan;
  /**
   * When several filters intersect, `SELECT rid, key` of every match: one pass instead of intersecting
   * once to count and again to page. The caller counts, sorts by key then rid, and slices.
   */
  collectSql?: string;
  /**
   * With two drivers, the rowids of the more selective one. When it holds only a few people (a village,
   * a full name), testing the other conditions on their rows beats reading the other driver in full
   * (a category costs a seek per holder): plan again with `maxDrivers` 1 and the `collect` strategy.
   */
  narrowest?: string;
}

/**
 * Plans listPeople. Drivers exist only for live people (their indexes hold nothing else); the recycle bin
 * and "all" are small or rare and use row tests alone. `strategy` lets tests force each way of finding the
 * page: all must give the same answer.
 */
export function peopleQuery(input: ParsedInput<'listPeople'>, today: Date, strategy?: PageStrategy, maxDrivers = MAX_DRIVERS): PeopleQuery {
  const params: Params = { limit: input.limit, offset: input.offset };
  const isLive = input.deleted === 'live';
  const found = conditions(input, today, params);
  const deleted = isLive ? 'p.deleted_at IS NULL' : input.deleted === 'deleted' ? 'p.deleted_at IS NOT NULL' : '';
  const allRows = [deleted, ...found.map((c) => c.row)].filter(Boolean);
  const where = (tests: string[]) => (tests.length > 0 ? `WHERE ${tests.join(' AND ')}` : '');

  // Intersecting costs the sum of the drivers' sizes; past two, the rest are cheaper tested on what is left.
  const driven = isLive ? found.filter((c) => c.driver).sort((a, b) => (a.rank ?? 9) - (b.rank ?? 9)).slice(0, maxDrivers) : [];
  const rowOnly = isLive ? found.filter((c) => !driven.includes(c)).map((c) => c.row) : allRows;
  // Two drivers meet as a semi-join: one is read into a set of rowids (SQLite builds it once, with a Bloom
  // filter), the other is read with its keys and probes it. Building the set costs more per row than
  // probing, so the set is the more selective driver, or the one whose rows each cost a seek anyway. The
  // unary + keeps the probe from becoming the outer driver's index (FTS5 would run MATCH once per rowid).
  const [outer, inner] = driven.length === 2 && driven[1]!.seek && !driven[0]!.seek ? [driven[0]!, driven[1]!] : [driven[1], driven[0]];
  const ridsOf = (c: Condition) => `SELECT rid FROM (${c.rids ?? c.driver})`;
  const rids = !outer ? (inner ? ridsOf(inner) : '') : `SELECT a.rid FROM (${outer.rids ?? outer.driver}) a WHERE +a.rid IN (${ridsOf(inner!)})`;
  /** `SELECT rid, key` of the matches; with `rowOnly`, the other conditions tested on each row too. */
  const keyed = (tests: string[]): string => {
    const probe = outer ? [`+a.rid IN (${ridsOf(inner!)})`] : [];
    const first = outer ?? inner!;
    // A driver whose key costs a row lookup gives its rowids alone; the key is read once the probe passed.
    if (first.lookup && outer) {
      return `SELECT a.rid, p.name_pinyin AS key FROM (${first.rids ?? first.driver}) a CROSS JOIN people p ON p.rowid = a.rid ${where([...probe, ...tests])}`;
    }
    if (tests.length === 0) return `SELECT a.rid, a.key FROM (${first.driver}) a ${where(probe)}`;
    return `SELECT a.rid, a.key FROM (${first.driver}) a CROSS JOIN people p ON p.rowid = a.rid ${where([...probe, ...tests])}`;
  };

  let countSql: string;
  // Everyone live: SQLite counts a whole table from its b-tree pages without reading a row (the count
  // optimisation), and the recycle bin is a short range of people_pinyin.
  if (isLive && found.length === 0) countSql = 'SELECT (SELECT COUNT(*) FROM people) - (SELECT COUNT(*) FROM people INDEXED BY people_pinyin WHERE deleted_at IS NOT NULL) AS n';
  else if (driven.length === 0) countSql = `SELECT COUNT(*) AS n FROM people p ${where(allRows)}`;
  else if (rowOnly.length === 0) countSql = driven.length === 1 && driven[0]!.count ? driven[0]!.count : `SELECT COUNT(*) AS n FROM (${rids})`;
  else countSql = `SELECT COUNT(*) AS n FROM people p NOT INDEXED ${where([`p.rowid IN (${rids})`, ...rowOnly])}`;

  const direction = input.direction === 'desc' ? 'DESC' : 'ASC';
  // rowid breaks ties: the pinyin index ends with it, so the name order needs no sort at all.
  const orderBy =
    input.sort === 'name'
      ? `ORDER BY p.name_pinyin ${direction}, p.rowid ${direction}`
      : `ORDER BY ${SORT_COLUMNS[input.sort]} ${direction} NULLS LAST, p.name_pinyin, p.rowid`;
  const limit = 'LIMIT @limit OFFSET @offset';
  const byName = isLive && input.sort === 'name';
  const byBirth = isLive && input.sort === 'birthDate';

  const page = (total: number, maxRowid: number): PagePlan => {
    const walk = () => ({ sql: `SELECT p.rowid AS rid FROM people p INDEXED BY people_pinyin ${where(allRows)} ${orderBy} ${limit}` });
    // people_live_birth is (birth_date, name_pinyin) and ends in rowid: ascending, the dated part needs no
    // sort; descending, only people born the same day are sorted (SQLite sorts that last part in blocks).
    const walkBirth = (): PagePlan => {
      const from = 'SELECT p.rowid AS rid FROM people p INDEXED BY people_live_birth';
      return {
        dated: `${from} ${where(['p.birth_date IS NOT NULL', ...allRows])} ORDER BY p.birth_date ${direction}, p.name_pinyin, p.rowid ${limit}`,
        undated: `${from} ${where(['p.birth_date IS NULL', ...allRows])} ORDER BY p.name_pinyin, p.rowid LIMIT @undatedLimit OFFSET @undatedOffset`,
        undatedCount: `SELECT COUNT(*) AS n FROM people p INDEXED BY people_live_birth ${where(['p.birth_date IS NULL', ...allRows])}`,
      };
    };
    const sort = () => ({ sql: `SELECT p.rowid AS rid FROM people p ${where(allRows)} ${orderBy} ${limit}` });
    const lookup = () => ({ sql: `SELECT p.rowid AS rid FROM people p NOT INDEXED ${where([`p.rowid IN (${rids})`, ...rowOnly])} ${orderBy} ${limit}` });
    const byKey = () => ({ sql: `SELECT c.rid FROM (${keyed(rowOnly)}) c ORDER BY c.key ${direction}, c.rid ${direction} ${limit}` });
    // Walking an index visits about (offset + limit) × size / total rows when matches are spread evenly.
    const dense = total * total > (input.offset + input.limit) * Math.max(maxRowid, 1);
    const search = driven.some((c) => c.text);
    if (byBirth) {
      // An ID fragment such as 19800101 is a birth date: a search's matches cluster in that order too.
      if (strategy === 'walk' || (!strategy && (driven.length === 0 || (dense && !search)))) return walkBirth();
      return driven.length === 0 ? sort() : lookup();
    }
    if (driven.length === 0) return byName ? walk() : sort();
    if (!byName) return lookup();
    if (strategy && strategy !== 'collect') return strategy === 'walk' ? walk() : strategy === 'keyed' ? byKey() : lookup();
    // A search's matches cluster in pinyin order (王 are all "wang"), so a search reads its keys from its
    // indexes rather than walking.
    const costlyKeys = driven.some((c) => c.lookup);
    if (search && !(costlyKeys && dense)) return costlyKeys ? lookup() : byKey();
    return dense ? walk() : lookup();
  };
  const collect = byName && driven.length > 0 && (strategy === 'collect' || (!strategy && driven.length > 1));
  return {
    params,
    countSql,
    page,
    ...(collect ? { collectSql: keyed(rowOnly) } : {}),
    ...(!strategy && driven.length > 1 ? { narrowest: driven[0]!.few ?? ridsOf(driven[0]!) } : {}),
  };
}
