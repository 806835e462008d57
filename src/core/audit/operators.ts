import type { Database } from 'better-sqlite3';
import { MAX_OPERATORS, type OperatorState } from '../../shared/audit';
import { readSetting, writeSetting } from '../settings/settingsRepo';

/**
 * The people who share this PC. The list is a local setting; the one working now is sync_state.operator,
 * which the change log's capture triggers copy into every entry, so each change is attributed whatever
 * code path made it.
 */

const KEY = 'operators';

export function currentOperator(db: Database): string | null {
  return (db.prepare('SELECT operator FROM sync_state').pluck().get() as string | null | undefined) ?? null;
}

/** Attributes the writes that follow to `name` (null: nobody chosen). */
export function setOperatorOfWrites(db: Database, name: string | null): void {
  // A read-only connection (inspection, a backup being previewed) makes no writes to attribute.
  if (db.readonly || currentOperator(db) === name) return;
  db.prepare('UPDATE sync_state SET operator = ?').run(name);
}

export function operatorState(db: Database): OperatorState {
  return { operators: readSetting<string[]>(db, KEY) ?? [], current: currentOperator(db) };
}

export function chooseOperator(db: Database, name: string): OperatorState {
  db.transaction(() => {
    const list = readSetting<string[]>(db, KEY) ?? [];
    // The one chosen last goes first, so the usual clerk is at the top of the list.
    writeSetting(db, KEY, [name, ...list.filter((n) => n !== name)].slice(0, MAX_OPERATORS));
    setOperatorOfWrites(db, name);
  })();
  return operatorState(db);
}

export function forgetOperator(db: Database, name: string): OperatorState {
  const list = readSetting<string[]>(db, KEY) ?? [];
  if (list.includes(name)) writeSetting(db, KEY, list.filter((n) => n !== name));
  return operatorState(db);
}
