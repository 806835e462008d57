import type { Database } from 'better-sqlite3';
import type { DuplicatePair } from '../../shared/sync';
import { fieldLabel } from '../../shared/syncLabels';
import { nowIso } from '../ids';

/** Fields compared when two records of one 身份证号 meet; bookkeeping and derived fields are left out. */
export const MERGE_FIELDS = [
  'name', 'gender_code', 'ethnicity_code', 'birth_date', 'political_status_code', 'party_join_date', 'party_full_date', 'education_code', 'phone',
  'unit', 'unit_id', 'post', 'post_start_date', 'work_start_date', 'native_place', 'dispatch_unit', 'party_org_id', 'status', 'note',
] as const;

interface PersonRow extends Record<string, unknown> {
  id: string;
  name: string;
  id_number: string;
  unit: string | null;
  origin_office: string;
  office_name: string | null;
}

/**
 * People who exist under two ids with one 身份证号 (each office entered them): listed to be merged by a person,
 * never merged on their own.
 */
export function listDuplicates(db: Database, onlyIds?: Set<string>): DuplicatePair[] {
  const numbers = db
    .prepare('SELECT id_number FROM people WHERE deleted_at IS NULL AND id_number IS NOT NULL GROUP BY id_number HAVING count(*) > 1 ORDER BY id_number')
    .pluck()
    .all() as string[];
  const people = db.prepare(
    `SELECT p.*, o.name AS office_name FROM people p LEFT JOIN office o ON o.id = p.origin_office
     WHERE p.id_number = ? AND p.deleted_at IS NULL ORDER BY p.created_at, p.id`,
  );
  const pairs: DuplicatePair[] = [];
  for (const idNumber of numbers) {
    const rows = people.all(idNumber) as PersonRow[];
    if (onlyIds && !rows.some((r) => onlyIds.has(r.id))) continue;
    const differences = MERGE_FIELDS.filter((f) => new Set(rows.map((r) => r[f] ?? null)).size > 1).map((f) => ({
      field: f,
      label: fieldLabel(f),
      values: rows.map((r) => (r[f] === null || r[f] === undefined ? null : String(r[f]))),
    }));
    pairs.push({
      idNumber,
      people: rows.map((r) => ({ id: r.id, name: r.name, idNumber: r.id_number, unit: r.unit, originOffice: r.origin_office, originOfficeName: r.office_name ?? r.origin_office.slice(0, 8) })),
      differences,
    });
  }
  return pairs;
}

export class MergeRefused extends Error {}

/**
 * Merges `dropId` into `keepId`: chosen fields are taken from the dropped record, its history, categories,
 * enrolments, attendance and seats move over (a second enrolment in the same course or mark in the same session is
 * set aside), and it is soft-deleted with merged_into set. All ordinary changes, so other offices follow.
 */
export function mergePeople(db: Database, keepId: string, dropId: string, takeFromDropped: readonly string[]): void {
  const fields = takeFromDropped.filter((f): f is (typeof MERGE_FIELDS)[number] => (MERGE_FIELDS as readonly string[]).includes(f));
  db.transaction(() => {
    const keep = db.prepare('SELECT * FROM people WHERE id = ? AND deleted_at IS NULL').get(keepId) as PersonRow | undefined;
    const drop = db.prepare('SELECT * FROM people WHERE id = ? AND deleted_at IS NULL').get(dropId) as PersonRow | undefined;
    if (!keep || !drop || keepId === dropId) throw new MergeRefused('要合并的两条人员记录有一条已不存在，请刷新');
    if (keep.id_number !== drop.id_number) throw new MergeRefused('两条记录的身份证号不同，不能合并');
    const now = nowIso();
    for (const field of fields) db.prepare(`UPDATE people SET ${field} = ?, updated_at = ?, rev = rev + 1 WHERE id = ?`).run(drop[field] ?? null, now, keepId);
    if (fields.includes('name')) {
      db.prepare('UPDATE people SET name_pinyin = ?, name_initials = ?, search_pinyin = ? WHERE id = ?').run(drop.name_pinyin, drop.name_initials, drop.search_pinyin, keepId);
    }
    db.prepare('UPDATE posts SET person_id = ?, updated_at = ? WHERE person_id = ?').run(keepId, now, dropId);
    db.prepare('INSERT OR IGNORE INTO person_categories (person_id, category) SELECT ?, category FROM person_categories WHERE person_id = ?').run(keepId, dropId);
    db.prepare('DELETE FROM person_categories WHERE person_id = ?').run(dropId);
    const move = (table: string, scope: string): void => {
      db.prepare(
        `UPDATE ${table} SET deleted_at = ?, updated_at = ? WHERE person_id = ? AND deleted_at IS NULL
           AND ${scope} IN (SELECT ${scope} FROM ${table} WHERE person_id = ? AND deleted_at IS NULL)`,
      ).run(now, now, dropId, keepId);
      db.prepare(`UPDATE ${table} SET person_id = ?, updated_at = ? WHERE person_id = ?`).run(keepId, now, dropId);
    };
    move('enrolments', 'course_id');
    move('attendance', 'session_id');
    move('activity_attendance', 'activity_id');
    db.prepare('UPDATE committee_seats SET person_id = ?, updated_at = ? WHERE person_id = ?').run(keepId, now, dropId);
    db.prepare('UPDATE people SET deleted_at = ?, merged_into = ?, updated_at = ?, rev = rev + 1 WHERE id = ?').run(now, keepId, now, dropId);
    // Local marker only: with the other record gone the kept one satisfies the uniqueness rule again.
    const others = db.prepare('SELECT count(*) FROM people WHERE id_number = ? AND deleted_at IS NULL AND id <> ?').pluck().get(keep.id_number, keepId) as number;
    if (others === 0) db.prepare('UPDATE people SET sync_dup = NULL WHERE id = ?').run(keepId);
  }).immediate();
}
