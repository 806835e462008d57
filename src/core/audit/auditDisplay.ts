import type { Database } from 'better-sqlite3';
import { EDUCATIONS } from '../../shared/codes/education';
import { ETHNICITIES } from '../../shared/codes/ethnicity';
import { GENDERS } from '../../shared/codes/gender';
import { POLITICAL_STATUSES } from '../../shared/codes/political';
import { fieldLabel, tableLabel } from '../../shared/syncLabels';
import { maskIdNumber } from '../../shared/validate/idNumber';
import { maskPhone } from '../../shared/validate/phone';
import { displayValue, recordLabel } from '../sync/conflicts';
import { INSERT_FIELD, PRESENT_FIELD, PURGE_FIELD } from '../sync/syncTables';

/**
 * How one change-log entry reads in the audit trail: codes as names, references as the record they point to,
 * a new or purged record as a short list of its fields, and 身份证号 and phones masked unless asked.
 */

const CODES: Readonly<Record<string, (code: string) => string | undefined>> = {
  gender_code: (c) => GENDERS.byCode(c)?.name,
  ethnicity_code: (c) => ETHNICITIES.byCode(c)?.name,
  political_status_code: (c) => POLITICAL_STATUSES.byCode(c)?.name,
  education_code: (c) => EDUCATIONS.byCode(c)?.name,
};

/** Reference columns and the table they point to (parent_id points into its own table). */
const REFERENCES: Readonly<Record<string, string>> = {
  unit_id: 'units',
  party_org_id: 'party_orgs',
  person_id: 'people',
  merged_into: 'people',
  course_id: 'courses',
  session_id: 'course_sessions',
  activity_id: 'activities',
};

const YES_NO = new Set(['full_time', 'voting']);
const PERSONAL = new Set(['id_number', 'phone']);
/** Columns a new record's summary leaves out: keys, stamps and derived bookkeeping. */
const NOT_IN_SUMMARY = new Set(['id', 'origin_office', 'created_at', 'updated_at', 'deleted_at', 'name_pinyin', 'name_initials', 'search_pinyin', 'rev', 'sync_dup']);
/** Entries that say nothing to a clerk: bookkeeping written alongside every real change. */
export const QUIET_FIELDS = ['updated_at', 'created_at', 'name_pinyin', 'name_initials', 'search_pinyin', 'origin_office'] as const;
const SUMMARY_MAX = 300;

/** 身份证号 and phones as the roster shows them by default. */
export function maskPersonal(field: string, text: string): string {
  if (field === 'id_number') return maskIdNumber(text);
  if (field === 'phone') return maskPhone(text);
  return text;
}

export interface RawEntry {
  tbl: string;
  row_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
}

export class AuditDisplay {
  private readonly labels = new Map<string, string>();

  constructor(
    private readonly db: Database,
    private readonly full: boolean,
  ) {}

  /** The record an entry belongs to; a junction row (人员类别, 活动类型) is named by its owner. */
  record(table: string, rowId: string): string {
    const key = `${table}\u0000${rowId}`;
    let label = this.labels.get(key);
    if (label === undefined) {
      const junction = this.junctionKey(table, rowId);
      label = junction ? recordLabel(this.db, table === 'person_categories' ? 'people' : 'activities', junction[0]) : recordLabel(this.db, table, rowId);
      this.labels.set(key, label);
    }
    return label;
  }

  field(entry: RawEntry): string {
    if (entry.field === INSERT_FIELD) return '新建';
    if (entry.field === PURGE_FIELD) return '彻底删除';
    if (entry.field === PRESENT_FIELD) return tableLabel(entry.tbl);
    return fieldLabel(entry.field);
  }

  /** [old, new] as shown. */
  values(entry: RawEntry): [string, string] {
    if (entry.field === INSERT_FIELD) return ['', this.summary(entry.tbl, entry.new_value)];
    if (entry.field === PURGE_FIELD) return [this.summary(entry.tbl, entry.old_value), '（已彻底删除）'];
    if (entry.field === PRESENT_FIELD) {
      const member = this.junctionKey(entry.tbl, entry.row_id)?.[1] ?? '';
      const present = entry.new_value === '1' || entry.new_value === '"1"';
      return present ? ['（无）', member] : [member, '（无）'];
    }
    return [this.value(entry.tbl, entry.field, entry.old_value), this.value(entry.tbl, entry.field, entry.new_value)];
  }

  /** A field's JSON value as a clerk reads it. */
  value(table: string, field: string, json: string | null): string {
    const plain = displayValue(field, json);
    if (json === null || json === 'null' || field === 'deleted_at') return plain;
    return this.plainValue(table, field, JSON.parse(json) as unknown) ?? plain;
  }

  private plainValue(table: string, field: string, value: unknown): string | undefined {
    if (value === null || value === undefined) return undefined;
    const text = typeof value === 'string' ? value : String(value);
    const code = CODES[field];
    if (code) return code(text) ?? text;
    const refTable = field === 'parent_id' ? table : REFERENCES[field];
    if (refTable && typeof value === 'string') return this.record(refTable, value);
    if (YES_NO.has(field)) return value === 1 || value === true || value === '1' ? '是' : '否';
    if (PERSONAL.has(field) && !this.full) return maskPersonal(field, text);
    return undefined;
  }

  private summary(table: string, json: string | null): string {
    if (!json) return '';
    const row = JSON.parse(json) as Record<string, unknown>;
    const parts: string[] = [];
    for (const [field, value] of Object.entries(row)) {
      if (NOT_IN_SUMMARY.has(field) || value === null || value === '') continue;
      parts.push(`${fieldLabel(field)}：${this.plainValue(table, field, value) ?? (typeof value === 'string' ? value : JSON.stringify(value))}`);
    }
    const text = parts.join('；');
    return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX)}…` : text;
  }

  private junctionKey(table: string, rowId: string): [string, string] | null {
    if (table !== 'person_categories' && table !== 'activity_types') return null;
    try {
      const key = JSON.parse(rowId) as unknown;
      return Array.isArray(key) && key.length === 2 ? [String(key[0]), String(key[1])] : null;
    } catch {
      return null;
    }
  }
}
