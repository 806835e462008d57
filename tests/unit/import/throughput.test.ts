import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRosterFile } from '../../../src/core/import/importFile';
import { makeTempDir, openTempLedger, type TempLedger } from '../../helpers/ledger';
import { writeCleanRoster } from '../../fixtures/buildRosterWorkbooks';
import { TODAY } from './helpers';

/**
 * Rows per second reading a 5,000-row roster, printed beside a bare ExcelJS stream read of the same file.
 * No speed is asserted: a floor fails on a slow or busy machine rather than on a slow import; `npm run bench`
 * makes the 50k comparison.
 */

const ROWS = 5000;
let temp: ReturnType<typeof makeTempDir>;
let path: string;
let ledger: TempLedger;
beforeAll(async () => {
  temp = makeTempDir();
  path = await writeCleanRoster(join(temp.dir, 'clean.xlsx'), ROWS);
  ledger = openTempLedger();
});
afterAll(() => {
  ledger.cleanup();
  temp.cleanup();
});

async function bareRead(): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  let rows = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      row.eachCell(() => {});
      rows++;
    }
  }
  return rows;
}

describe('throughput', () => {
  it(`previews ${ROWS} rows (speed in the log)`, async () => {
    await bareRead(); // warm the JIT for both
    let t = performance.now();
    expect(await bareRead()).toBe(ROWS + 2);
    const bareMs = performance.now() - t;
    t = performance.now();
    const { preview } = await importRosterFile(ledger.db, path, { dryRun: true, today: TODAY });
    const previewMs = performance.now() - t;
    expect(preview.counts.created).toBe(ROWS);
    const rate = Math.round((ROWS / previewMs) * 1000);
    console.log(`import preview: ${ROWS} rows in ${Math.round(previewMs)} ms (${rate} rows/s); bare ExcelJS stream read ${Math.round(bareMs)} ms (${(previewMs / bareMs).toFixed(2)}×)`);
  });
});
