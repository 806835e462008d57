import type { ParsedInput } from '../../shared/contract';

/**
 * How listPeople finds and counts people fast at 100,000 rows (issue 3: ≤ 20 ms p95).
 *
 * What a text query matches, whatever its length: name, unit or post containing it (ASCII case ignored);
 * for digits (an ID or phone fragment, optionally ending in X) also ID number or phone containing it; for
 * Latin letters also pinyin initials or full pinyin starting with it (`zs`, `zhang`). Which index answers
 * depends on the length, because a trigram index silently finds nothing for 1–2 characters: the FTS5
 * trigram index for 3+, people_grams (every 1–2 character substring) below that.
 *
 * Each condition comes in two forms that must mean the same: `driver`, the live people who pass (rowid and
 * pinyin sort key), read from an index; and `row`, the test on one row. Counting intersects the drivers, so
 * it never reads the people table. The page (sorted by name) is found one of four ways, all giving the same
 * answer (tests force each): `walk` the pinyin index testing each row, good when matches are dense and
 * spread evenly (a filter); `keyed`, sort the drivers' keys, good for searches, whose matches cluster in
 * pinyin order (王 are all "wang"); `drive`, look up each match and sort, good when there are few;
 * `collect`, one pass over an intersection of several drivers, counted and sorted in JavaScript.
 * The recycle bin and "all" use row tests alone: the indexes hold live people only (migration 3).
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
  /** How selective the driver usually is, most first: text, unit or branch, category, political status, age. */
  rank?: number;
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

/** What the search box's text looks like, after removing the spaces people type inside names (王 伟). */
export function normaliseQuery(query: string): { text: string; letters: boolean; digits: boolean } | null {
  const text = query.replace(/[\s\u3000]+/g, '');
  if (text === '') return null;
  return { text, letters: /^[a-zA-Z]+$/.test(text), digits: /^\d+[xX]?$/.test(text) };
}

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
    params.fts = `{name unit post${q.digits ? ' id_number phone' : ''}} : ${ftsPhrase(q.text)}`;
    drivers.push('SELECT f.rowid AS rid, l.name_pinyin AS key FROM people_fts f CROSS JOIN people l ON l.rowid = f.rowid WHERE people_fts MATCH @fts');
    rids.push('SELECT rowid AS rid FROM people_fts WHERE people_fts MATCH @fts');
  } else {
    drivers.push('SELECT person AS rid, name_pinyin AS key FROM people_grams WHERE gram = @text');
    rids.push('SELECT person AS rid FROM people_grams WHERE gram = @text');
    // One or two digits match nearly everyone's ID number; a scan is as good as any index here.
    if (q.digits) {
      const scan = 'FROM people NOT INDEXED WHERE +deleted_at IS NULL AND (instr(id_number, @digits) > 0 OR instr(phone, @digits) > 0)';
      drivers.push(`SELECT rowid AS rid, name_pinyin AS key ${scan}`);
      rids.push(`SELECT rowid AS rid ${scan}`);
    }
  }
  if (q.digits) {
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
  // and its keys are cheap; other trigram searches may find tens of thousands (an ID prefix), and one or
  // two digits match nearly everyone: their matches are spread evenly, so the page walks the pinyin index.
  const lookup = q.digits || ([...q.text].length >= 3 && !q.letters);
  return { row: `(${rows.join(' OR ')})`, driver: drivers.join(' UNION '), rids: rids.join(' UNION '), lookup, text: true, rank: 0 };
}

/** ISO date `years` before `today`, for age bands: born on or before it means at least that old. */
function yearsBefore(today: Date, years: number): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${today.getFullYear() - years}-${p(today.getMonth() + 1)}-${p(today.getDate())}`;
}

const subtree = (table: string, param: string) => `(WITH RECURSIVE sub(id) AS (SELECT @${param} UNION SELECT t.id FROM ${table} t JOIN sub ON t.parent_id = sub.id) SELECT id FROM sub)`;

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
    all.push({
      row: 'EXISTS (SELECT 1 FROM person_categories c WHERE c.person_id = p.id AND c.category = @category)',
      driver: `SELECT l.rowid AS rid, l.name_pinyin AS key FROM person_categories c
               CROSS JOIN people l INDEXED BY people_live_id ON l.id = c.person_id AND l.deleted_at IS NULL WHERE c.category = @category`,
      rank: 2,
    });
  }
  if (input.categories) {
    params.categories = JSON.stringify(input.categories);
    const anyOf = 'c.category IN (SELECT value FROM json_each(@categories))';
    all.push({
      row: `EXISTS (SELECT 1 FROM person_categories c WHERE c.person_id = p.id AND ${anyOf})`,
      // DISTINCT: a person holding two of the categories is still one row.
      driver: `SELECT DISTINCT l.rowid AS rid, l.name_pinyin AS key FROM person_categories c
               CROSS JOIN people l INDEXED BY people_live_id ON l.id = c.person_id AND l.deleted_at IS NULL WHERE ${anyOf}`,
      rank: 2,
    });
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

export interface PeopleQuery {
  params: Params;
  /** `SELECT COUNT(*) AS n …` */
  countSql: string;
  /** `SELECT … rid …` for the page, given the total and the largest rowid (≈ the table's size). */
  pageSql(total: number, maxRowid: number): string;
  /**
   * When several filters intersect, `SELECT rid, key` of every match: one pass instead of intersecting
   * once to count and again to page. The caller counts, sorts by key then rid, and slices.
   */
  collectSql?: string;
}

/**
 * Plans listPeople. Drivers exist only for live people (their indexes hold nothing else); the recycle bin
 * and "all" are small or rare and use row tests alone. `strategy` lets tests force each way of finding the
 * page: all must give the same answer.
 */
export function peopleQuery(input: ParsedInput<'listPeople'>, today: Date, strategy?: PageStrategy): PeopleQuery {
  const params: Params = { limit: input.limit, offset: input.offset };
  const isLive = input.deleted === 'live';
  const found = conditions(input, today, params);
  const deleted = isLive ? 'p.deleted_at IS NULL' : input.deleted === 'deleted' ? 'p.deleted_at IS NOT NULL' : '';
  const allRows = [deleted, ...found.map((c) => c.row)].filter(Boolean);
  const where = (tests: string[]) => (tests.length > 0 ? `WHERE ${tests.join(' AND ')}` : '');

  // Intersecting costs the sum of the drivers' sizes; past two, the rest are cheaper tested on what is left.
  const driven = isLive ? found.filter((c) => c.driver).sort((a, b) => (a.rank ?? 9) - (b.rank ?? 9)).slice(0, MAX_DRIVERS) : [];
  const rowOnly = isLive ? found.filter((c) => !driven.includes(c)).map((c) => c.row) : allRows;
  // Each driver in its own SELECT: compound operators bind left to right, and a driver may be a UNION.
  const compound = (columns: string) => driven.map((c) => `SELECT ${columns} FROM (${c.driver})`).join(' INTERSECT ');
  const rids = driven.map((c) => `SELECT rid FROM (${c.rids ?? c.driver})`).join(' INTERSECT ');

  let countSql: string;
  if (driven.length === 0) countSql = `SELECT COUNT(*) AS n FROM people p ${where(allRows)}`;
  else if (rowOnly.length === 0) countSql = `SELECT COUNT(*) AS n FROM (${rids})`;
  else countSql = `SELECT COUNT(*) AS n FROM people p NOT INDEXED ${where([`p.rowid IN (${rids})`, ...rowOnly])}`;

  const direction = input.direction === 'desc' ? 'DESC' : 'ASC';
  // rowid breaks ties: the pinyin index ends with it, so the name order needs no sort at all.
  const orderBy =
    input.sort === 'name'
      ? `ORDER BY p.name_pinyin ${direction}, p.rowid ${direction}`
      : `ORDER BY ${SORT_COLUMNS[input.sort]} ${direction} NULLS LAST, p.name_pinyin, p.rowid`;
  const page = 'LIMIT @limit OFFSET @offset';

  const pageSql = (total: number, maxRowid: number): string => {
    const byName = isLive && input.sort === 'name';
    const walk = () => `SELECT p.rowid AS rid FROM people p INDEXED BY people_pinyin ${where(allRows)} ${orderBy} ${page}`;
    const lookup = () => `SELECT p.rowid AS rid FROM people p NOT INDEXED ${where([`p.rowid IN (${rids})`, ...rowOnly])} ${orderBy} ${page}`;
    const keyed = () => {
      const candidates = compound('rid, key');
      const order = `ORDER BY c.key ${direction}, c.rid ${direction} ${page}`;
      if (rowOnly.length === 0) return `SELECT c.rid FROM (${candidates}) c ${order}`;
      return `SELECT c.rid FROM (${candidates}) c CROSS JOIN people p ON p.rowid = c.rid ${where(rowOnly)} ${order}`;
    };
    if (driven.length === 0) return byName ? walk() : `SELECT p.rowid AS rid FROM people p ${where(allRows)} ${orderBy} ${page}`;
    if (!byName) return lookup();
    if (strategy && strategy !== 'collect') return strategy === 'walk' ? walk() : strategy === 'keyed' ? keyed() : lookup();
    // Walking the pinyin index visits about (offset + limit) × size / total rows when matches are spread
    // evenly; a search's matches are not (王 are all "wang"), so a search reads its keys from its indexes.
    const dense = total * total > (input.offset + input.limit) * Math.max(maxRowid, 1);
    const search = driven.some((c) => c.text);
    const costlyKeys = driven.some((c) => c.lookup);
    if (search && !(costlyKeys && dense)) return costlyKeys ? lookup() : keyed();
    return dense ? walk() : lookup();
  };
  const collect = isLive && input.sort === 'name' && driven.length > 0 && (strategy === 'collect' || (!strategy && driven.length > 1));
  const collectSql =
    rowOnly.length === 0 ? compound('rid, key') : `SELECT c.rid, c.key FROM (${compound('rid, key')}) c CROSS JOIN people p ON p.rowid = c.rid ${where(rowOnly)}`;
  return { params, countSql, pageSql, ...(collect ? { collectSql } : {}) };
}
