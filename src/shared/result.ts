/** Expected failures travel as data, so every transport (IPC, HTTP, CLI) can show them the same way. */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'DUPLICATE'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNKNOWN_CHANNEL'
  | 'INTERNAL';

export interface FieldIssue {
  /** Field name in the DTO (e.g. `idNumber`); empty for whole-record problems. */
  field: string;
  message: string;
}

export interface LedgerError {
  code: ErrorCode;
  /** A Chinese sentence a clerk can act on. */
  message: string;
  issues?: FieldIssue[];
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: LedgerError };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, issues?: FieldIssue[]): { ok: false; error: LedgerError } {
  return issues && issues.length > 0 ? { ok: false, error: { code, message, issues } } : { ok: false, error: { code, message } };
}
