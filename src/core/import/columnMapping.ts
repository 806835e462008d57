import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { IMPORT_FIELDS, type ImportColumn, type ImportField } from '../../shared/importTypes';
import { PERSON_FIELD_LABELS } from '../../shared/person';
import { readSetting, writeSetting } from '../settings/settingsRepo';
import { normaliseHeader } from '../../shared/headerSynonyms';
import { columnLetter } from '../spreadsheet/sheetCell';
import { SpreadsheetError } from '../spreadsheet/spreadsheetError';

/**
 * Which column feeds which field: detected from the titles, then a mapping the clerk chose earlier for the
 * same header layout (remembered per layout in settings), then the mapping chosen for this import.
 */

export type ColumnMapping = Record<string, ImportField | null>;

/** One key per header layout: the same village's roster next month finds its mapping again. */
export function mappingKey(texts: readonly (string | undefined)[]): string {
  const signature = texts.map((t, i) => (t ? `${i}:${normaliseHeader(t)}` : '')).filter((t) => t !== '').join('|');
  return `import.mapping.${createHash('sha256').update(signature).digest('hex').slice(0, 24)}`;
}

const isField = (v: unknown): v is ImportField | null => v === null || (IMPORT_FIELDS as readonly unknown[]).includes(v);

export function rememberedMapping(db: Database, key: string): ColumnMapping | undefined {
  const stored = readSetting<unknown>(db, key);
  if (!stored || typeof stored !== 'object') return undefined;
  // A mapping saved by an older version may name a field we no longer have: drop that entry.
  return Object.fromEntries(Object.entries(stored).filter(([col, field]) => /^\d{1,3}$/.test(col) && isField(field))) as ColumnMapping;
}

export function rememberMapping(db: Database, key: string, mapping: ColumnMapping): void {
  const merged = { ...(rememberedMapping(db, key) ?? {}), ...mapping };
  writeSetting(db, key, merged);
}

/**
 * Applies overrides in order. A field given to a column explicitly is taken away from a column that only
 * had it by detection; two explicit columns for one field are refused.
 */
export function applyMappings(detected: readonly ImportColumn[], ...overrides: (ColumnMapping | undefined)[]): ImportColumn[] {
  const columns = new Map(detected.map((c) => [c.index, { ...c }]));
  for (const mapping of overrides) {
    if (!mapping) continue;
    const explicit = new Map<ImportField, number>();
    for (const [key, field] of Object.entries(mapping)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 1) continue;
      if (field !== null) {
        const other = explicit.get(field);
        if (other !== undefined) {
          throw new SpreadsheetError(`${columnLetter(other)}列和${columnLetter(index)}列都对应“${PERSON_FIELD_LABELS[field] ?? field}”，一个字段只能对应一列`);
        }
        explicit.set(field, index);
      }
      const column = columns.get(index) ?? { index, letter: columnLetter(index), header: '', field: null };
      columns.set(index, { ...column, field });
    }
    for (const [field, index] of explicit) {
      for (const column of columns.values()) if (column.field === field && column.index !== index) column.field = null;
    }
  }
  return [...columns.values()].sort((a, b) => a.index - b.index);
}
