import type { Database } from 'better-sqlite3';
import { NO_OPERATOR_LABEL, type AuditEntry } from '../../shared/audit';
import { ok, type Result } from '../../shared/result';
import type { ExportedWorkbook } from '../../shared/trainingExcel';
import { ensureSelfOffice } from '../office/officeRepo';
import { auditLog, type AuditFilters } from './auditLog';

/** The newest this many entries at most: a workbook a township PC can still open. */
export const AUDIT_EXPORT_MAX = 100_000;

export const AUDIT_EXPORT_COLUMNS = ['时间', '操作人', '单位（来源）', '表', '记录', '字段', '原值', '新值'] as const;

const pad = (n: number): string => String(n).padStart(2, '0');

/** 2026-03-02 14:05:09 in this computer's time zone. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function auditRowCells(e: AuditEntry): string[] {
  return [
    localDateTime(e.at),
    e.operator ?? NO_OPERATOR_LABEL,
    e.fromPackage ? `${e.officeName}（数据包导入）` : e.officeName,
    e.tableLabel,
    e.recordLabel,
    e.fieldLabel,
    e.oldValue,
    e.newValue,
  ];
}

/**
 * The filtered trail as an xlsx in the official layout. ExcelJS is loaded only here, on demand; every text cell
 * goes through the export's formula-injection guard (a name like =HYPERLINK(…) stays text).
 */
export async function exportAuditLog(db: Database, filters: AuditFilters, now: Date = new Date()): Promise<Result<ExportedWorkbook>> {
  const { exportFileName, newWorkbook, officialSheet, workbookBytes } = await import('../training/excel/officialSheet');
  const office = ensureSelfOffice(db);
  const { items } = auditLog(db, { ...filters, limit: AUDIT_EXPORT_MAX, offset: 0 });
  const workbook = newWorkbook(now);
  const sheet = officialSheet(
    workbook,
    '操作日志',
    `${office.name}操作日志`,
    [
      { label: AUDIT_EXPORT_COLUMNS[0], width: 20 },
      { label: AUDIT_EXPORT_COLUMNS[1], width: 10 },
      { label: AUDIT_EXPORT_COLUMNS[2], width: 18 },
      { label: AUDIT_EXPORT_COLUMNS[3], width: 10 },
      { label: AUDIT_EXPORT_COLUMNS[4], width: 22 },
      { label: AUDIT_EXPORT_COLUMNS[5], width: 12 },
      { label: AUDIT_EXPORT_COLUMNS[6], width: 30 },
      { label: AUDIT_EXPORT_COLUMNS[7], width: 30 },
    ],
    { office, today: now },
  );
  for (const entry of items) sheet.addRow(auditRowCells(entry));
  const bytes = await workbookBytes(workbook);
  return ok({ fileName: exportFileName(`${office.name}操作日志`, now), dataBase64: bytes.toString('base64'), rows: items.length });
}
