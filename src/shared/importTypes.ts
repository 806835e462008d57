/** Spreadsheet import: preview (dry run) and commit, run as a job the UI can follow and cancel. */

/** Fields an import column can map to (PersonInput keys), or null to ignore the column. */
export const IMPORT_FIELDS = [
  'name', 'gender', 'ethnicity', 'birthDate', 'idNumber', 'politicalStatus', 'partyJoinDate', 'partyFullDate',
  'education', 'phone', 'unit', 'post', 'postStartDate', 'workStartDate', 'nativePlace', 'dispatchUnit', 'category',
  'status', 'note',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export interface ImportColumn {
  /** 1-based column number as Excel shows it (A = 1). */
  index: number;
  /** Column letter(s) as Excel shows them. */
  letter: string;
  header: string;
  field: ImportField | null;
}

export interface ImportProblem {
  /** Sheet row number as Excel shows it. */
  row: number;
  /** Person field (PersonInput key), or '' for the whole row. */
  field: string;
  message: string;
}

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

export interface ImportUpdate {
  row: number;
  personId: string;
  name: string;
  changes: FieldChange[];
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Blank rows and footers (制表人, 审核人 …) passed over. */
  ignored: number;
}

export interface ImportPreview {
  fileName: string;
  sheets: string[];
  sheet: string;
  /** Row number of the header row found (or given). */
  headerRow: number;
  columns: ImportColumn[];
  counts: ImportCounts;
  rejected: ImportProblem[];
  warnings: ImportProblem[];
  updates: ImportUpdate[];
}

export interface ImportResult extends ImportPreview {
  importId: string;
}

export interface ImportOptions {
  fileId: string;
  sheet?: string;
  headerRow?: number;
  /** Column number → field (or null to ignore); overrides the detected mapping. Remembered per header set. */
  mapping?: Record<string, ImportField | null>;
}

export type ImportJobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface ImportJob {
  jobId: string;
  mode: 'preview' | 'commit';
  state: ImportJobState;
  /** Rows read so far, and the sheet's size in rows when the file says so. */
  rowsRead: number;
  rowsTotal: number | null;
  preview: ImportPreview | null;
  result: ImportResult | null;
  error: { code: string; message: string } | null;
}

export interface ImportRecord {
  importId: string;
  fileName: string;
  sheet: string;
  createdAt: string;
  counts: ImportCounts;
  undoneAt: string | null;
}

export interface UndoResult {
  importId: string;
  /** People the import created, now removed. */
  removed: number;
  /** People the import updated, now back to their earlier values. */
  reverted: number;
}
