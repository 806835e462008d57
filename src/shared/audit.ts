/** Who did what (issue 7 item 4): the operator of this session, the audit trail, the app lock. */

/** What a write made while nobody was chosen is attributed to. */
export const NO_OPERATOR_LABEL = '（未选择）';
/** The CLI's writes are attributed to this name unless `--operator NAME` is given. */
export const CLI_OPERATOR = '命令行';
export const MAX_OPERATOR_NAME = 20;
export const MAX_OPERATORS = 50;

export interface OperatorState {
  /** The people who use this PC, as added (never removed by a change of operator). */
  operators: string[];
  /** Who every change is attributed to now; null until chosen in this session. */
  current: string | null;
}

/** One field of one record changed once, as the audit trail shows it. */
export interface AuditEntry {
  opId: string;
  /** ISO time of the change (UTC), as recorded where it was made. */
  at: string;
  operator: string | null;
  officeId: string;
  officeName: string;
  /** Made in another office and brought here by a package. */
  fromPackage: boolean;
  table: string;
  tableLabel: string;
  rowId: string;
  recordLabel: string;
  field: string;
  fieldLabel: string;
  /** Display values (IDs and phones masked unless asked). Empty as （空）. */
  oldValue: string;
  newValue: string;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
}

/** The tables the audit trail can be filtered by (the synced tables). */
export const AUDIT_TABLES = [
  'units', 'party_orgs', 'people', 'person_categories', 'posts', 'courses', 'course_sessions', 'enrolments', 'attendance',
  'committee_seats', 'activities', 'activity_types', 'activity_attendance', 'attachments',
] as const;

export const MIN_LOCK_PASSWORD = 6;
export const LOCKED_MESSAGE = '已锁定，请输入密码解锁';
export const WRONG_PASSWORD_MESSAGE = '密码不正确';
/** Idle minutes offered when a password is first set. */
export const DEFAULT_IDLE_MINUTES = 10;
export const MAX_IDLE_MINUTES = 240;

export interface LockState {
  hasPassword: boolean;
  locked: boolean;
  /** 0 = no automatic lock. */
  idleMinutes: number;
}

export type AuditTableName = (typeof AUDIT_TABLES)[number];
