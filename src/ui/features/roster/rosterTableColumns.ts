import { TableV2FixedDir, type Column } from 'element-plus';
import { rosterColumn } from '../../../shared/rosterColumns';
import type { RosterQuery } from '../../stores/roster';

/** Screen widths in pixels (the shared widths are Excel characters, too wide for a 1366-pixel screen). */
const SCREEN_WIDTHS: Record<string, number> = {
  name: 112, gender: 52, ethnicity: 64, nativePlace: 100, birthDate: 92, age: 64, idNumber: 150, politicalStatus: 92,
  partyJoinDate: 80, partyFullDate: 80, workStartDate: 104, education: 112, unit: 110, partyOrg: 130, post: 120,
  postStartDate: 92, dispatchUnit: 130, category: 150, status: 56, phone: 112, note: 130,
};

/** Columns the server can sort by; 年龄 sorts by birth date the other way round. */
const SORTS: Record<string, { sort: RosterQuery['sort']; invert: boolean }> = {
  name: { sort: 'name', invert: false },
  birthDate: { sort: 'birthDate', invert: false },
  age: { sort: 'birthDate', invert: true },
  unit: { sort: 'unit', invert: false },
};

export const INDEX_KEY = '__index';
export const ACTIONS_KEY = '__actions';
const MONO = new Set(['idNumber', 'phone']);
/** Short, fixed-size values do not stretch when the table is wider than its columns. */
const RIGID = new Set(['gender', 'age', 'status', 'birthDate', 'partyJoinDate', 'partyFullDate', 'postStartDate', 'workStartDate', 'idNumber', 'phone']);

export function sortFor(key: string): { sort: RosterQuery['sort']; invert: boolean } | undefined {
  return SORTS[key];
}

/** 序号 and 姓名 stay on the left and the actions on the right while wide views scroll sideways. */
export function tableColumns(keys: readonly string[], labels: { index: string; actions: string }): Column[] {
  const columns: Column[] = [{ key: INDEX_KEY, title: labels.index, width: 56, fixed: TableV2FixedDir.LEFT, align: 'right', class: 'cell-index' }];
  for (const key of keys) {
    const def = rosterColumn(key);
    if (!def) continue;
    columns.push({
      key,
      title: def.label,
      width: SCREEN_WIDTHS[key] ?? def.width * 11 + 20,
      fixed: key === 'name' ? TableV2FixedDir.LEFT : undefined,
      flexGrow: key === 'name' || RIGID.has(key) ? 0 : 1,
      sortable: key in SORTS,
      class: MONO.has(key) ? 'cell-mono' : undefined,
    });
  }
  columns.push({ key: ACTIONS_KEY, title: labels.actions, width: 100, fixed: TableV2FixedDir.RIGHT, align: 'center' });
  return columns;
}
