import { IMPORT_FIELDS } from '../../../shared/importTypes';
import type { ColumnField } from './pasteColumns';
import type { PasteRow } from './rowCheck';

/**
 * What of the paste grid is kept on this computer until saved: the columns as chosen and the cells of every
 * row not yet saved (a refused row included; the core's message is asked again on saving).
 */
export interface PasteDraft {
  columns: ColumnField[];
  rows: string[][];
}

export const EMPTY_PASTE_DRAFT: PasteDraft = { columns: [], rows: [] };

export function pasteDraftOf(columns: readonly ColumnField[], rows: readonly PasteRow[]): PasteDraft {
  return { columns: [...columns], rows: rows.filter((r) => r.status !== 'saved').map((r) => [...r.cells]) };
}

/** A grid without unsaved rows keeps nothing, whatever its columns. */
export function samePasteDraft(a: PasteDraft, b: PasteDraft): boolean {
  if (a.rows.length === 0 && b.rows.length === 0) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

const FIELDS: readonly unknown[] = IMPORT_FIELDS;

export function isPasteDraft(data: unknown): data is PasteDraft {
  const d = data as PasteDraft | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    Array.isArray(d.columns) &&
    d.columns.every((c) => c === null || FIELDS.includes(c)) &&
    Array.isArray(d.rows) &&
    d.rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'))
  );
}
