import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complianceTitle, exportCompliance, LEGEND } from '../../../src/core/activities/exportCompliance';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { COMPLIANCE_YEAR, seedComplianceYear } from '../../helpers/complianceSeed';
import type { SeededBranch } from '../../helpers/activities';
import { must, refuse } from '../training/excelFixtures';

/** exportCompliance read back with ExcelJS: the summary sheet per branch × type, and the month grid. */

let ledger: TempLedger;
let east: SeededBranch;
/** Noon on the day judged on, local time, as the app would pass it. */
const NOW = new Date(2025, 4, 20, 12);

beforeEach(() => {
  ledger = openTempLedger();
  ({ east } = seedComplianceYear(ledger));
});
afterEach(() => ledger.cleanup());

async function read(dataBase64: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(dataBase64, 'base64') as unknown as ArrayBuffer);
  return wb;
}

function values(ws: ExcelJS.Worksheet, row: number): unknown[] {
  return (ws.getRow(row).values as unknown[]).slice(1);
}

describe('exportCompliance', () => {
  it('writes one row per branch × required type with 应开/已开/完成/逾期 and the overdue periods', async () => {
    const out = await exportCompliance(ledger.db, { year: COMPLIANCE_YEAR }, NOW);
    if (!out.ok) throw new Error(out.error.message);
    // 2 branches × 6 enabled rules (党课 quarterly is off by default).
    expect(out.data.rows).toBe(12);
    expect(out.data.fileName).toBe('青山镇2025年度“三会一课”等组织生活落实情况_2025-05-20.xlsx');
    const wb = await read(out.data.dataBase64);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['落实情况', '月度明细']);
    const ws = wb.getWorksheet('落实情况')!;
    expect(ws.getCell('A1').value).toBe(complianceTitle('青山镇', 2025));
    expect(ws.getCell('A1').value).toBe('青山镇2025年度“三会一课”等组织生活落实情况');
    expect(ws.getCell('A2').value).toBe('填报单位（盖章）：青山镇');
    expect(String(ws.getCell('F2').value)).toMatch(/^填报日期：2025年5月20日$/);
    expect(values(ws, 3)).toEqual(['序号', '党组织', '活动类型', '频次要求', '应开次数', '已开次数', '完成期数', '逾期期数', '逾期期次', '备注']);
    const rows = Array.from({ length: 12 }, (_, i) => values(ws, 4 + i));
    const row = (branch: string, type: string) => rows.find((r) => r[1] === branch && r[2] === type)!;
    expect(row('东村党支部', '主题党日')).toEqual(['4', '东村党支部', '主题党日', '每月1次', 12, 2, 2, 2, '2025年3月、2025年4月', '']);
    expect(row('东村党支部', '支部党员大会')).toEqual(['1', '东村党支部', '支部党员大会', '每季度1次', 4, 1, 1, 0, '', '']);
    expect(row('东村党支部', '支部委员会').slice(4, 9)).toEqual([12, 2, 2, 2, '2025年2月、2025年4月']);
    // Two 党小组: each month needs two meetings; April had one.
    expect(row('东村党支部', '党小组会').slice(4, 9)).toEqual([24, 1, 0, 4, '2025年1月、2025年2月、2025年3月、2025年4月']);
    expect(row('东村党支部', '组织生活会').slice(4, 8)).toEqual([1, 0, 0, 0]);
    expect(row('西村党支部', '支部委员会').slice(4, 10)).toEqual([0, 0, 0, 0, '', '未设支委会']);
    expect(row('西村党支部', '主题党日')[7]).toBe(4);
    expect(String(ws.getCell('A17').value)).toBe('合计：2 个党支部，逾期 17 期，涉及 2 个党支部（统计截至 2025-05-20）');
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
  });

  it('lays the month grid with the calendar symbols, quarter and year cells merged over their months', async () => {
    const out = await exportCompliance(ledger.db, { year: COMPLIANCE_YEAR }, NOW);
    if (!out.ok) throw new Error(out.error.message);
    const ws = (await read(out.data.dataBase64)).getWorksheet('月度明细')!;
    expect(values(ws, 3)).toEqual(['序号', '党组织', '活动类型', ...Array.from({ length: 12 }, (_, m) => `${m + 1}月`), '已开/应开', '备注']);
    // Row 4: 东村 支部党员大会 (quarterly): Q1 ✓ merged over D–F, Q2 open ○ over G–I, Q3/Q4 future (blank).
    expect(values(ws, 4).slice(0, 3)).toEqual(['1', '东村党支部', '支部党员大会']);
    expect(ws.getCell('D4').value).toBe('✓');
    expect(ws.getCell('E4').isMerged).toBe(true);
    expect(ws.getCell('F4').master.address).toBe('D4');
    expect(ws.getCell('G4').value).toBe('○');
    expect(ws.getCell('J4').value).toBe('');
    expect(ws.getCell('P4').value).toBe('1/4');
    // Row 5: 东村 支委会 monthly: ✓ ✗ ✓ ✗ ○ then blank.
    expect([4, 5, 6, 7, 8, 9].map((c) => ws.getRow(5).getCell(c).value)).toEqual(['✓', '✗', '✓', '✗', '○', '']);
    expect((ws.getCell('E5').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFDE2E2');
    // Row 6: 党小组会 needs two a month: ✗ 0/2 … ✗ 1/2 in April.
    expect(ws.getCell('D6').value).toBe('✗ 0/2');
    expect(ws.getCell('G6').value).toBe('✗ 1/2');
    // Row 8: 组织生活会 (yearly) over all 12 months.
    expect(ws.getCell('D8').value).toBe('○');
    expect(ws.getCell('O8').master.address).toBe('D8');
    // 西村 支委会: not required, with the reason.
    const west = Array.from({ length: 6 }, (_, i) => 10 + i).find((r) => ws.getCell(`C${r}`).value === '支部委员会')!;
    expect(ws.getCell(`B${west}`).value).toBe('西村党支部');
    expect(ws.getCell(`D${west}`).value).toBe('—');
    expect(ws.getCell(`Q${west}`).value).toBe('未设支委会');
    expect(ws.getCell('A17').value).toBe(LEGEND);
  });

  it('narrows to one party organisation through the API, and refuses one that does not exist', async () => {
    const out = await must(ledger, 'exportCompliance', { year: COMPLIANCE_YEAR, partyOrgId: east.branchId });
    expect(out.rows).toBe(6);
    const ws = (await read(out.dataBase64)).getWorksheet('落实情况')!;
    expect(ws.getCell('A1').value).toBe('东村党支部2025年度“三会一课”等组织生活落实情况');
    const missing = await refuse(ledger, 'exportCompliance', { year: COMPLIANCE_YEAR, partyOrgId: '01900000-0000-7000-8000-000000000000' });
    expect(missing.code).toBe('NOT_FOUND');
  });
});
