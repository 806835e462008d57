import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { dispatch } from '../../src/core/dispatch';
import { syntheticId } from '../helpers/ledger';
import { startApp, type AppUnderTest } from './harness';

/** The roster toolbar's 导出 Excel and 打印: a real download from Chromium, and the print page for the view. */

let app: AppUnderTest;

beforeAll(async () => {
  app = await startApp();
  const api = createLedgerApi(app.db);
  await dispatch(api, 'setOffice', { name: '红旗镇' });
  for (const [name, seq] of [['张三', '001'], ['李四', '002']] as const) {
    const saved = await dispatch(api, 'savePerson', { name, idNumber: syntheticId('19800101', seq), categories: ['村（社区）两委成员'] });
    expect(saved.ok).toBe(true);
  }
  await app.page.goto(`${app.host.url}/#/roster`);
  await app.page.getByTestId('roster-total').filter({ hasText: '2' }).waitFor();
});

afterAll(async () => {
  await app?.close();
});

describe('roster toolbar', () => {
  it('exports the current view as an xlsx download with full ID numbers', async () => {
    const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('export-roster').click()]);
    expect(download.suggestedFilename()).toMatch(/^红旗镇.*花名册_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const path = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const cells = workbook.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(['张三', '李四', syntheticId('19800101', '001')]));
  });

  it('opens the print page for the current view', async () => {
    await app.page.getByTestId('print-roster').click();
    await expect.poll(() => app.page.url()).toContain('#/print/roster?view=');
    await expect.poll(() => app.page.getByTestId('print-status').textContent()).toContain('共 2 人');
    // No Electron here: printing goes through the browser's own dialog, so no save-as-PDF button.
    expect(await app.page.getByTestId('print-pdf-button').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
