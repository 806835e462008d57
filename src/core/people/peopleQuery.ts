import type { ParsedInput } from '../../shared/contract';

/**
 * The WHERE clause for listing people. Text search picks the fastest index that can answer it: the FTS5
 * trigram index for 3+ characters, and plain indexes or a LIKE scan for 1–2 characters, which a trigram
 * index cannot answer (it silently returns nothing for 王伟).
 */

type Params = Record<string, unknown>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** An FTS5 string literal: the whole query as one phrase, so operators in it mean nothing. */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The smallest string greater than every string starting with `prefix`: index range instead of LIKE. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function textCondition(query: string, params: Params): string | null {
  const q = query.replace(/[\s\u3000]+/g, '');
  if (q === '') return null;
  const letters = /^[a-zA-Z]+$/.test(q);
  const idLike = /^\d+[xX]?$/.test(q);
  const conditions: string[] = [];
  if (letters) {
    const lower = q.toLowerCase();
    params.prefix = lower;
    params.prefixEnd = prefixEnd(lower);
    conditions.push('(p.name_initials >= @prefix AND p.name_initials < @prefixEnd)', '(p.search_pinyin >= @prefix AND p.search_pinyin < @prefixEnd)');
  }
  if ([...q].length >= 3) {
    params.fts = ftsPhrase(idLike ? q.toUpperCase() : q);
    conditions.push('p.rowid IN (SELECT rowid FROM people_fts WHERE people_fts MATCH @fts)');
  } else if (idLike) {
    params.contains = `%${escapeLike(q.toUpperCase())}%`;
    conditions.push("(p.id_number LIKE @contains ESCAPE '\\' OR p.phone LIKE @contains ESCAPE '\\')");
  } else if (!letters) {
    params.contains = `%${escapeLike(q)}%`;
    conditions.push("(p.name LIKE @contains ESCAPE '\\' OR p.unit LIKE @contains ESCAPE '\\' OR p.post LIKE @contains ESCAPE '\\')");
  }
  return `(${conditions.join(' OR ')})`;
}

/** ISO date `years` before `today`, for age bands: born on or before it means at least that old. */
function yearsBefore(today: Date, years: number): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${today.getFullYear() - years}-${p(today.getMonth() + 1)}-${p(today.getDate())}`;
}

export function peopleWhere(input: ParsedInput<'listPeople'>, today: Date): { sql: string; params: Params } {
  const params: Params = {};
  const where: string[] = [];
  if (input.deleted === 'live') where.push('p.deleted_at IS NULL');
  else if (input.deleted === 'deleted') where.push('p.deleted_at IS NOT NULL');
  if (input.query) {
    const condition = textCondition(input.query, params);
    if (condition) where.push(condition);
  }
  if (input.gender) {
    where.push('p.gender_code = @gender');
    params.gender = input.gender === '男' ? '1' : '2';
  }
  for (const [key, column] of [
    ['politicalStatusCode', 'p.political_status_code'],
    ['educationCode', 'p.education_code'],
    ['unit', 'p.unit'],
    ['status', 'p.status'],
  ] as const) {
    const value = input[key];
    if (value) {
      where.push(`${column} = @${key}`);
      params[key] = value;
    }
  }
  if (input.category) {
    where.push('EXISTS (SELECT 1 FROM person_categories c WHERE c.person_id = p.id AND c.category = @category)');
    params.category = input.category;
  }
  if (input.unitId) {
    where.push(`p.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT @unitId UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub)`);
    params.unitId = input.unitId;
  }
  if (input.partyOrgId) {
    where.push(
      `p.party_org_id IN (WITH RECURSIVE sub(id) AS (SELECT @partyOrgId UNION SELECT o.id FROM party_orgs o JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub)`,
    );
    params.partyOrgId = input.partyOrgId;
  }
  // Month-only birth dates (YYYY-MM) compare correctly against YYYY-MM-DD bounds at month precision.
  if (input.ageMin !== undefined) {
    where.push('p.birth_date <= @bornBy');
    params.bornBy = yearsBefore(today, input.ageMin);
  }
  if (input.ageMax !== undefined) {
    where.push('p.birth_date > @bornAfter');
    params.bornAfter = yearsBefore(today, input.ageMax + 1);
  }
  return { sql: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}
