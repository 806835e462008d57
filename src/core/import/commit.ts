import type { Database } from 'better-sqlite3';
import type { ImportResult } from '../../shared/importTypes';
import { nowIso, uuidv7 } from '../ids';
import { ensureSelfOffice } from '../office/officeRepo';
import { insertPerson, snapshotPerson, updatePerson } from '../people/peopleRepo';
import type { CollectedFile } from './collectRows';
import { rememberMapping, type ColumnMapping } from './columnMapping';
import { countsOf, planAgainstDb, previewOf } from './plan';

/** The kind of batch a roster import writes; exchange packages will write their own. */
export const ROSTER_IMPORT_KIND = 'roster';

export interface CommitOptions {
  /** The mapping the clerk chose for this import: remembered for the same header layout next time. */
  mapping?: ColumnMapping;
  today?: Date;
}

/**
 * Writes a read file in one IMMEDIATE transaction: the plan is made again against the database as it is
 * now (someone may have added a person since the preview), every insert and update is logged with what it
 * replaced, so the whole import can be undone. Any failure rolls everything back: all rows or none.
 */
export function commitImport(db: Database, collected: CollectedFile, options: CommitOptions = {}): ImportResult {
  return db.transaction((): ImportResult => {
    const plan = planAgainstDb(db, collected, options.today);
    const preview = previewOf(collected, plan);
    const importId = uuidv7();
    const now = nowIso();
    const summary = { counts: preview.counts, headerRow: preview.headerRow, rejected: preview.rejected.length, warnings: preview.warnings.length };
    db.prepare('INSERT INTO import_batches (id, kind, file_name, sheet, summary, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      importId,
      ROSTER_IMPORT_KIND,
      preview.fileName,
      preview.sheet,
      JSON.stringify(summary),
      now,
    );
    const logChange = db.prepare(
      'INSERT INTO import_changes (batch_id, seq, table_name, row_id, action, before, rev_after) VALUES (?, ?, ?, ?, ?, ?, (SELECT rev FROM people WHERE id = ?))',
    );
    const office = ensureSelfOffice(db).id;
    let seq = 0;
    for (const create of plan.creates) {
      const id = uuidv7();
      insertPerson(db, id, office, create.fields, now);
      logChange.run(importId, ++seq, 'people', id, 'insert', null, id);
    }
    for (const update of plan.updates) {
      const before = snapshotPerson(db, update.person.id);
      updatePerson(db, update.person.id, update.fields, now);
      logChange.run(importId, ++seq, 'people', update.person.id, 'update', JSON.stringify(before), update.person.id);
    }
    if (options.mapping && Object.keys(options.mapping).length > 0) rememberMapping(db, collected.mappingKey, options.mapping);
    return { ...preview, counts: countsOf(collected, plan), importId };
  }).immediate();
}
