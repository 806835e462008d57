/** Exchange between offices: the shapes the screens, the CLI and the API share. */

export interface OfficeInfo {
  id: string;
  name: string;
  code: string | null;
  isSelf: boolean;
  /** Base64 DER of the Ed25519 signing key (null until the office has been heard from). */
  signKey: string | null;
  boxKey: string | null;
  lastPackageAt: string | null;
  /** Changes of this office's own that the other office has not acknowledged yet. */
  unacknowledged: number;
}

export interface ConflictValue {
  opId: string;
  officeId: string;
  officeName: string;
  /** JSON text of the value, and the text shown for it. */
  value: string;
  display: string;
  at: string;
  operator: string | null;
  mine: boolean;
  winner: boolean;
}

export interface ConflictItem {
  kind: 'field' | 'delete';
  table: string;
  tableLabel: string;
  rowId: string;
  recordLabel: string;
  field: string | null;
  fieldLabel: string;
  /** Field conflicts: each office's version, the one shown now first. Delete conflicts: the delete, then the edits. */
  values: ConflictValue[];
}

export interface DuplicatePerson {
  id: string;
  name: string;
  idNumber: string;
  unit: string | null;
  originOffice: string;
  originOfficeName: string;
}

export interface DuplicatePair {
  idNumber: string;
  people: DuplicatePerson[];
  /** Fields whose values differ between the records, with each record's value shown. */
  differences: { field: string; label: string; values: (string | null)[] }[];
}

export interface TableCounts {
  created: number;
  updated: number;
  unchanged: number;
  held: number;
}

export interface PackageSummary {
  importId: string | null;
  packageId: string;
  fileName: string;
  sender: { id: string; name: string; code: string | null };
  createdAt: string;
  /** True when this very package was imported before: nothing changes. */
  alreadyImported: boolean;
  created: number;
  updated: number;
  unchanged: number;
  held: number;
  byTable: Record<string, TableCounts>;
  heldReasons: { table: string; tableLabel: string; rowId: string; reason: string }[];
  conflicts: ConflictItem[];
  duplicates: DuplicatePair[];
  message: string;
}

export interface ImportHistoryItem {
  id: string;
  packageId: string;
  fileName: string;
  senderName: string;
  createdAt: string;
  undoneAt: string | null;
  summary: Pick<PackageSummary, 'created' | 'updated' | 'unchanged' | 'held'> & { conflicts: number; duplicates: number };
}

export interface ExportResult {
  fileName: string;
  packageId: string;
  opCount: number;
  to: { id: string; name: string } | null;
  ranges: { office: string; officeName: string; from: number; to: number; count: number }[];
}
