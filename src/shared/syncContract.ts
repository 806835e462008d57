import { z } from 'zod';
import { returns } from './returns';
import type { ConflictItem, DuplicatePair, ExportResult, ImportHistoryItem, OfficeInfo, PackageSummary } from './sync';

/** Exchange between offices on USB sticks: packages out and in, conflicts, duplicates, history and undo. */

const officeId = z.string().min(1).max(64);
const passphrase = z.string().min(6, '密码至少6个字符').max(200);
const fileName = z.string().trim().min(1).max(200).regex(/^[^\\/:*?"<>|\p{Cc}]+$/u);
/** A package handed over as bytes: the browser's upload, or the file Electron's open dialog read. 400 MB at most. */
const packageBytes = z.string().min(1).max(560_000_000).regex(/^[A-Za-z0-9+/=]+$/);

export const PACKAGE_ROW_TABLES = [
  'person_categories', 'activity_types', 'units', 'party_orgs', 'people', 'posts', 'courses', 'course_sessions', 'enrolments', 'attendance', 'committee_seats', 'activities', 'activity_attendance', 'attachments',
] as const;

export interface ExportToResult extends ExportResult {
  /** Where the package was written; null when handed back for download (browser host). */
  path: string | null;
  dataBase64?: string;
}

export const syncContract = {
  /** This office first, then every office heard from, with what each still lacks of ours. */
  listOffices: { input: z.strictObject({}), output: returns<OfficeInfo[]>() },
  /**
   * A package of every change the office has not acknowledged (or of everything, for anyone with the passphrase),
   * written verified into `folder` or handed back as bytes for the browser to save.
   */
  exportPackage: {
    input: z.strictObject({
      to: officeId.nullable(),
      passphrase: passphrase.nullable(),
      folder: z.string().min(1).max(1000).optional(),
      fileName: fileName.optional(),
    }),
    output: returns<ExportToResult>(),
  },
  /** What importing would do, worked out in a transaction that is rolled back. */
  previewPackage: {
    input: z.strictObject({ dataBase64: packageBytes, fileName, passphrase: passphrase.nullable() }),
    output: returns<PackageSummary>(),
  },
  importPackage: {
    input: z.strictObject({ dataBase64: packageBytes, fileName, passphrase: passphrase.nullable() }),
    output: returns<PackageSummary>(),
  },
  packageImports: { input: z.strictObject({}), output: returns<ImportHistoryItem[]>() },
  undoPackageImport: { input: z.strictObject({}), output: returns<{ importId: string; fileName: string; rows: number }>() },
  listConflicts: { input: z.strictObject({}), output: returns<ConflictItem[]>() },
  /** Keep one version (its JSON value as listed) or a new value typed by the clerk. */
  resolveConflict: {
    input: z.strictObject({
      table: z.enum(PACKAGE_ROW_TABLES),
      // Rows are keyed by id, memberships by the JSON pair of their keys.
      rowId: z.string().min(1).max(500),
      field: z.string().min(1).max(64).regex(/^[a-z_]+$/),
      value: z.string().max(100_000),
    }),
    output: returns<ConflictItem[]>(),
  },
  resolveDeleteConflict: {
    input: z.strictObject({ table: z.enum(PACKAGE_ROW_TABLES), rowId: z.string().min(1).max(100), choice: z.enum(['restore', 'keepDeleted']) }),
    output: returns<ConflictItem[]>(),
  },
  listDuplicates: { input: z.strictObject({}), output: returns<DuplicatePair[]>() },
  /** Merges `dropId` into `keepId`, taking the listed fields from the dropped record. */
  mergeDuplicate: {
    input: z.strictObject({ keepId: z.string().min(1).max(100), dropId: z.string().min(1).max(100), takeFromDropped: z.array(z.string().max(40)).max(40) }),
    output: returns<DuplicatePair[]>(),
  },
} as const;
