import { EDUCATIONS } from '../../../shared/codes/education';
import { ETHNICITIES } from '../../../shared/codes/ethnicity';
import { GENDERS } from '../../../shared/codes/gender';
import { POLITICAL_STATUSES } from '../../../shared/codes/political';
import type { CodeEntry, CodeTable } from '../../../shared/codes/table';

/**
 * Raw column values (national codes, ids of units and party organisations) as the clerk knows them, for the
 * duplicate and conflict screens: '1' → 男, a unit id → 东村. Unknown values are shown as they are.
 */
const CODE_TABLES: Readonly<Record<string, CodeTable<CodeEntry>>> = {
  gender_code: GENDERS,
  ethnicity_code: ETHNICITIES,
  political_status_code: POLITICAL_STATUSES,
  education_code: EDUCATIONS,
};
const ID_FIELDS = new Set(['unit_id', 'party_org_id', 'parent_id']);

export function valueName(field: string, raw: string | null, names: Readonly<Record<string, string>>): string | null {
  if (raw === null) return null;
  const table = CODE_TABLES[field];
  if (table) return table.byCode(raw)?.name ?? raw;
  if (ID_FIELDS.has(field)) return names[raw] ?? raw;
  return raw;
}

/** A conflict version's JSON value shown by name where the engine's display is a raw code or id. */
export function conflictDisplay(field: string | null, json: string, display: string, names: Readonly<Record<string, string>>): string {
  if (!field || !(field in CODE_TABLES || ID_FIELDS.has(field))) return display;
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'string' ? (valueName(field, value, names) ?? display) : display;
  } catch {
    return display;
  }
}
