import type { Database } from 'better-sqlite3';
import { nowIso, uuidv7 } from '../../src/core/ids';
import { ensureSelfOffice } from '../../src/core/office/officeRepo';
import { namePinyin } from '../../src/core/people/pinyin';

/**
 * Many people, fast: straight through the core's repository in one transaction (the API path validates
 * and answers one person at a time, far too slow for 100,000). Deterministic, so a test can compute
 * who sits where. ID numbers carry valid GB 11643 check digits and are unique.
 */

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海波宁鹏飞燕婷雪梅琳晨浩宇欣怡子涵俊辉帅思'];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const DAYS = 14_600; // 40 years of birth dates, from 1965

export function idWithCheckDigit(first17: string): string {
  const sum = [...first17].reduce((n, d, k) => n + Number(d) * WEIGHTS[k]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

export function seedName(i: number): string {
  const surname = SURNAMES[i % SURNAMES.length]!;
  const first = GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;
  // A third of the names get a second given character, as real rosters do.
  return i % 3 === 0 ? surname + first + GIVEN[(i * 7) % GIVEN.length]! : surname + first;
}

export function seedBirthDate(i: number): string {
  const day = new Date(Date.UTC(1965, 0, 1) + ((i * 7919) % DAYS) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

export interface SeedOptions {
  count: number;
  /** Units to spread people over (round robin); none by default. */
  units?: { id: string; name: string }[];
  /** Categories by person number; none by default. */
  categories?: (i: number) => string[];
}

/**
 * The core's search indexes are filled by per-row triggers (trigram FTS, 1–2 character grams): right for a
 * clerk's saves, but most of the cost of 100,000 inserts. While seeding, a trigger is dropped only when the
 * same rows can be written by one statement afterwards:
 * - a trigger whose body is a single INSERT … VALUES (new.…) is turned into INSERT … SELECT … FROM people;
 * - the grams trigger, whose body selects from a derived table of new.* (SQLite cannot correlate that), has
 *   a hand-written equivalent, used only while the trigger's text is exactly the one it was written for.
 * Any other trigger stays and runs per row: slower, never wrong.
 */
const KNOWN_FILLS: Record<string, { trigger: string; fill: string }> = {
  people_grams_insert: {
    trigger: `CREATE TRIGGER people_grams_insert AFTER INSERT ON people WHEN new.deleted_at IS NULL BEGIN
        INSERT OR IGNORE INTO people_grams (gram, name_pinyin, person)
          SELECT lower(substr(t.v, g.i, n.n)), new.name_pinyin, new.rowid
          FROM (SELECT new.name AS v UNION ALL SELECT new.unit UNION ALL SELECT new.post) AS t
          JOIN (SELECT 1 AS n UNION ALL SELECT 2) AS n
          JOIN people_gram_positions AS g ON g.i <= length(t.v) + 1 - n.n;
      END`,
    fill: `INSERT OR IGNORE INTO people_grams (gram, name_pinyin, person)
           SELECT lower(substr(t.v, g.i, n.n)), t.k, t.r
           FROM (SELECT rowid AS r, name_pinyin AS k, name AS v FROM people WHERE rowid >= @first AND deleted_at IS NULL
                 UNION ALL SELECT rowid, name_pinyin, unit FROM people WHERE rowid >= @first AND deleted_at IS NULL
                 UNION ALL SELECT rowid, name_pinyin, post FROM people WHERE rowid >= @first AND deleted_at IS NULL) AS t
           JOIN (SELECT 1 AS n UNION ALL SELECT 2) AS n
           JOIN people_gram_positions AS g ON g.i <= length(t.v) + 1 - n.n`,
  },
};

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** The one statement that writes, for every row inserted since `first`, what the trigger writes per row. */
function bulkFill(name: string, sql: string): string | null {
  const known = KNOWN_FILLS[name];
  if (known) return squash(known.trigger) === squash(sql) ? known.fill : null;
  const m = /^CREATE TRIGGER \w+ AFTER INSERT ON people(?:\s+FOR EACH ROW)?(?:\s+WHEN\s+([\s\S]+?))?\s+BEGIN\s+(INSERT[^;]+?)\s+VALUES\s*\(([^;]+)\);\s*END$/i.exec(sql.trim());
  if (!m) return null;
  const row = (text: string) => text.replace(/\bnew\./gi, 'p.');
  return `${m[2]} SELECT ${row(m[3]!)} FROM people p WHERE p.rowid >= @first${m[1] ? ` AND (${row(m[1])})` : ''}`;
}

function withBulkIndexes(db: Database, insertAll: () => void): void {
  const first = (db.prepare('SELECT ifnull(max(rowid), 0) + 1 AS n FROM people').get() as { n: number }).n;
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'people' AND sql LIKE '%AFTER INSERT%'").all() as {
    name: string;
    sql: string;
  }[];
  const deferred = triggers.flatMap((t) => {
    const fill = bulkFill(t.name, t.sql);
    if (!fill) {
      console.warn(`[seed] ${t.name} runs per row (no bulk equivalent for its current text; see tests/e2e/seed.ts)`);
      return [];
    }
    const statement = db.prepare(fill);
    db.exec(`DROP TRIGGER ${t.name}`);
    return [{ ...t, statement }];
  });
  insertAll();
  for (const t of deferred) {
    t.statement.run({ first });
    db.exec(t.sql);
  }
}

/**
 * insertPerson prepares its statements on every call (~150 µs a person): here one prepared INSERT writes
 * the same pinyin columns the core writes, about ten times faster for 100,000 people.
 */
export function seedPeople(db: Database, { count, units = [], categories = () => [] }: SeedOptions): void {
  const origin = ensureSelfOffice(db).id;
  const now = nowIso();
  const insert = db.prepare(
    `INSERT INTO people (id, rev, origin_office, name, name_pinyin, search_pinyin, name_initials, gender_code, ethnicity_code,
       birth_date, id_number, political_status_code, education_code, phone, unit, unit_id, status, created_at, updated_at)
     VALUES (@id, 1, @origin, @name, @full, @search, @initials, @gender, '01', @birth, @idNumber, @political, '21', @phone,
       @unit, @unitId, '在岗', @now, @now)`,
  );
  const insertCategory = db.prepare('INSERT INTO person_categories (person_id, category) VALUES (?, ?)');
  const pinyinCache = new Map<string, { full: string; initials: string }>();
  const insertAll = () => {
    for (let i = 0; i < count; i++) {
      // Not i % 2: with an even number of surnames every 王 would be a man.
      const male = Math.floor(i / 7) % 2 === 0;
      const birth = seedBirthDate(i);
      const seq = String(Math.floor(i / DAYS) * 2 + (male ? 1 : 0)).padStart(3, '0');
      const unit = units.length > 0 ? units[i % units.length]! : null;
      const name = seedName(i);
      let py = pinyinCache.get(name);
      if (!py) pinyinCache.set(name, (py = namePinyin(name)));
      const id = uuidv7();
      insert.run({
        id,
        origin,
        name,
        full: py.full,
        search: py.full.replace(/ /g, ''),
        initials: py.initials,
        gender: male ? '1' : '2',
        birth,
        idNumber: idWithCheckDigit(`130102${birth.replace(/-/g, '')}${seq}`),
        political: i % 4 === 0 ? '01' : '13',
        phone: `139${String(i).padStart(8, '0')}`,
        unit: unit?.name ?? null,
        unitId: unit?.id ?? null,
        now,
      });
      for (const category of categories(i)) insertCategory.run(id, category);
    }
  };
  db.transaction(() => withBulkIndexes(db, insertAll))();
}
