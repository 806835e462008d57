import { ROSTER_COLUMN_KEYS } from '../../../shared/rosterColumns';

/** Pure helpers for the column chooser: shown columns keep their order, hidden ones follow in the standard order. */

export function toggleColumn(shown: readonly string[], key: string, on: boolean): string[] {
  if (on) return shown.includes(key) ? [...shown] : [...shown, key];
  // A roster needs at least one column besides 序号.
  return shown.length > 1 ? shown.filter((k) => k !== key) : [...shown];
}

export function moveColumn(shown: readonly string[], key: string, by: -1 | 1): string[] {
  const from = shown.indexOf(key);
  const to = from + by;
  if (from < 0 || to < 0 || to >= shown.length) return [...shown];
  const next = [...shown];
  next.splice(from, 1);
  next.splice(to, 0, key);
  return next;
}

/** Moves `key` to where `target` is (drag and drop). */
export function dropColumn(shown: readonly string[], key: string, target: string): string[] {
  const from = shown.indexOf(key);
  const to = shown.indexOf(target);
  if (from < 0 || to < 0 || from === to) return [...shown];
  const next = [...shown];
  next.splice(from, 1);
  next.splice(to, 0, key);
  return next;
}

export function hiddenColumns(shown: readonly string[]): string[] {
  return ROSTER_COLUMN_KEYS.filter((k) => !shown.includes(k));
}
