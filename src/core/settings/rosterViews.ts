import type { Database } from 'better-sqlite3';
import { fail, ok, type Result } from '../../shared/result';
import { DEFAULT_ROSTER_VIEWS, type RosterView } from '../../shared/rosterColumns';
import { readSetting, writeSetting } from './settingsRepo';

const KEY = 'roster.views';

/** The office's roster views; the built-in ones until the clerk changes something. */
export function getRosterViews(db: Database): RosterView[] {
  return readSetting<RosterView[]>(db, KEY) ?? DEFAULT_ROSTER_VIEWS.map((v) => ({ ...v, columns: [...v.columns], categories: [...v.categories] }));
}

/** Built-in views can be reordered and their columns changed, but not removed; ids must be unique. */
export function saveRosterViews(db: Database, views: RosterView[]): Result<RosterView[]> {
  const ids = new Set(views.map((v) => v.id));
  if (ids.size !== views.length) return fail('VALIDATION', '花名册视图的编号重复');
  const missing = DEFAULT_ROSTER_VIEWS.filter((v) => !ids.has(v.id));
  if (missing.length > 0) return fail('VALIDATION', `内置花名册不能删除：${missing.map((v) => v.name).join('、')}`);
  const normalised = views.map((v) => ({ ...v, builtin: DEFAULT_ROSTER_VIEWS.some((d) => d.id === v.id), columns: [...new Set(v.columns)] }));
  writeSetting(db, KEY, normalised);
  return ok(normalised);
}
