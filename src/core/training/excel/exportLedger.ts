import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../../shared/contract';
import { fail, ok, type Result } from '../../../shared/result';
import { TRAINING_LEDGERS, type LedgerRow, type LedgerStanding } from '../../../shared/training';
import type { ExportedWorkbook } from '../../../shared/trainingExcel';
import { maskIdNumber } from '../../../shared/validate/idNumber';
import { ensureSelfOffice } from '../../office/officeRepo';
import { roundHours } from '../../fieldChecks';
import { ledgerRows } from '../ledger';
import { exportFileName, newWorkbook, officialSheet, SIGNATURE_LINE, workbookBytes } from './officialSheet';

/**
 * The yearly 学时台账 (or only those behind: 未达标人员名单) in the official layout: 序号, 姓名, 身份证号 (masked
 * unless asked), 单位, 职务, 学时 per ledger, 应完成, 差额 and the rules that apply. The rows are the core's
 * LedgerRow, in the ledger page's unit order, so the sheet and the screen agree person for person.
 */

export type LedgerExportInput = ParsedInput<'exportTrainingLedger'>;

export function ruleText(s: LedgerStanding): string {
  return `${s.ruleName}（${s.ledger}，应完成${s.required}学时，已完成${s.hours}学时${s.shortfall > 0 ? `，差${s.shortfall}学时` : '，已达标'}）`;
}

export function ledgerTitle(prefix: string, year: number, input: Pick<LedgerExportInput, 'ledger' | 'shortfallOnly'>): string {
  const which = input.ledger ? `${input.ledger}` : '';
  return input.shortfallOnly ? `${prefix}${year}年度${which}学时未达标人员名单` : `${prefix}${year}年度${which}学时台账`;
}

export async function exportTrainingLedger(db: Database, input: LedgerExportInput, today: Date = new Date()): Promise<Result<ExportedWorkbook>> {
  const office = ensureSelfOffice(db);
  let prefix = office.name;
  if (input.unitId) {
    const unit = db.prepare('SELECT name FROM units WHERE id = ? AND deleted_at IS NULL').get(input.unitId) as { name: string } | undefined;
    if (!unit) return fail('NOT_FOUND', '找不到该单位，请刷新后重试');
    prefix = unit.name;
  } else if (input.originOffice) {
    // A county file's ledger of one township is titled with that township.
    prefix = (db.prepare('SELECT name FROM office WHERE id = ?').pluck().get(input.originOffice) as string | undefined) ?? prefix;
  }
  const rows: LedgerRow[] = ledgerRows(db, { year: input.year, unitId: input.unitId, originOffice: input.originOffice, ledger: input.ledger, shortfallOnly: input.shortfallOnly, sort: 'unit' });
  const mask = input.maskIdNumbers !== false;
  const ledgers = input.ledger ? [input.ledger] : [...TRAINING_LEDGERS];
  const title = ledgerTitle(prefix, input.year, input);
  const workbook = newWorkbook(today);
  const sheet = officialSheet(
    workbook,
    input.shortfallOnly ? '未达标人员名单' : '学时台账',
    title,
    [
      { label: '序号', width: 6 },
      { label: '姓名', width: 10 },
      { label: '身份证号', width: 21 },
      { label: '单位', width: 18 },
      { label: '职务', width: 16 },
      ...ledgers.map((l) => ({ label: `${l}学时`, width: 11, numeric: true })),
      { label: '应完成学时', width: 10, numeric: true },
      { label: '差额', width: 8, numeric: true },
      { label: '适用规则', width: 48 },
    ],
    { office, today },
  );
  rows.forEach((r, i) => {
    sheet.addRow([
      String(i + 1),
      r.name,
      r.idNumber ? (mask ? maskIdNumber(r.idNumber) : r.idNumber) : '',
      r.unit,
      r.post,
      ...ledgers.map((l) => r.hoursByLedger[l]),
      r.required,
      r.shortfall,
      r.standings.length > 0 ? r.standings.map(ruleText).join('；') : '无学时要求',
    ]);
  });
  const behind = rows.filter((r) => r.shortfall > 0);
  sheet.addLine(`合计：共 ${rows.length} 人，其中未达标 ${behind.length} 人，差额合计 ${roundHours(behind.reduce((n, r) => n + r.shortfall, 0))} 学时`, 1);
  sheet.addLine(SIGNATURE_LINE);
  const bytes = await workbookBytes(workbook);
  return ok({ fileName: exportFileName(title, today), dataBase64: bytes.toString('base64'), rows: rows.length });
}
