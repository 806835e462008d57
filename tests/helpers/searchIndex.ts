import type { Database } from 'better-sqlite3';
import { expect } from 'vitest';

/**
 * The search indexes (people_fts, people_grams) are kept by triggers. This checks them against the people
 * table directly: both hold exactly the live people, people_grams holds exactly every 1–2 character
 * substring of their name, unit and post, and FTS5's own integrity check passes.
 */
export function expectSearchIndexesInStep(db: Database): void {
  const live = (db.prepare('SELECT rowid AS r, name, unit, post, name_pinyin FROM people WHERE deleted_at IS NULL').all() as {
    r: number;
    name: string;
    unit: string | null;
    post: string | null;
    name_pinyin: string;
  }[]).sort((a, b) => a.r - b.r);
  const indexed = (db.prepare('SELECT id FROM people_fts_docsize ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  expect(indexed, 'people_fts holds exactly the live people').toEqual(live.map((p) => p.r));

  const expected = new Set<string>();
  for (const p of live) {
    for (const text of [p.name, p.unit, p.post]) {
      if (text === null) continue;
      const chars = [...text];
      for (let i = 0; i < chars.length; i++) {
        for (const n of [1, 2]) {
          if (i + n <= chars.length) expected.add(`${asciiLower(chars.slice(i, i + n).join(''))}\u0000${p.name_pinyin}\u0000${p.r}`);
        }
      }
    }
  }
  const actual = (db.prepare('SELECT gram, name_pinyin, person FROM people_grams').all() as { gram: string; name_pinyin: string; person: number }[]).map(
    (g) => `${g.gram}\u0000${g.name_pinyin}\u0000${g.person}`,
  );
  expect(actual.length, 'people_grams has no duplicates').toBe(new Set(actual).size);
  expect(new Set(actual), 'people_grams holds every 1–2 character substring of live people').toEqual(expected);
  db.exec("INSERT INTO people_fts (people_fts) VALUES ('integrity-check')");
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
}

/** ASCII-only lower case, as SQLite's lower() does. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
