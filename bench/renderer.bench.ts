import type { Page } from 'playwright-core';
import { seedPeople } from '../tests/e2e/seed';
import { buildWeb, chromiumProblem, explained, launchBrowser, seedOffice, startLedgerHost, type BenchHost } from './browser';
import { median, row, unmeasured, type BenchRow } from './types';

/**
 * Issue 7: the first screen of a 100,000-person roster in Debian's Chromium, beside the same page on a
 * 100-person roster, both served by the browser host from real ledgers in this run. Measured inside the page
 * from navigation start (performance.now()) to the first frame after the first roster row enters the DOM, so
 * Playwright's polling does not count; then the number of table rows in the DOM (the list is virtual: it must
 * stay near the baseline's). Again under 4× CPU throttling (CDP Emulation.setCPUThrottlingRate), which is
 * closer to a township office's PC. Runs go in blocks A B B A so both sides see the same drift in load.
 * BENCH_PEOPLE changes the size.
 */

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 100_000);
const BASELINE_PEOPLE = 100;
const RUNS_PER_BLOCK = 2;
const ROW = '[data-testid="roster-table"] .el-table-v2__main .el-table-v2__row[data-name]';

/** Installed before any page script: records when the first roster row is in the DOM and when it is painted. */
function watchFirstRow(selector: string): void {
  const w = window as unknown as { __firstRow?: { inDom: number; painted: number } };
  w.__firstRow = { inDom: 0, painted: 0 };
  const observer = new MutationObserver(() => {
    if (w.__firstRow!.inDom || !document.querySelector(selector)) return;
    w.__firstRow!.inDom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => (w.__firstRow!.painted = performance.now()));
  });
  observer.observe(document, { childList: true, subtree: true });
}

interface Load {
  ms: number;
  domRows: number;
}

async function firstRender(page: Page, url: string, count: number): Promise<Load> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => ((window as unknown as { __firstRow?: { painted: number } }).__firstRow?.painted ?? 0) > 0, null, { timeout: 240_000, polling: 50 });
  const ms = await page.evaluate(() => (window as unknown as { __firstRow: { painted: number } }).__firstRow.painted);
  await page.getByTestId('roster-total').filter({ hasText: String(count) }).waitFor({ timeout: 240_000 });
  const domRows = await page.locator('[data-testid="roster-table"] .el-table-v2__row').count();
  return { ms, domRows };
}

/** Medians of both sides, measured A B B A. */
async function measurePair(page: Page, big: BenchHost, small: BenchHost): Promise<{ big: Load; small: Load }> {
  const a: Load[] = [];
  const b: Load[] = [];
  const block = async (host: BenchHost, count: number, into: Load[]) => {
    for (let i = 0; i < RUNS_PER_BLOCK; i++) into.push(await firstRender(page, host.url, count));
  };
  await block(big, PEOPLE, a);
  await block(small, BASELINE_PEOPLE, b);
  await block(small, BASELINE_PEOPLE, b);
  await block(big, PEOPLE, a);
  const summary = (loads: Load[]): Load => ({ ms: median(loads.map((l) => l.ms)), domRows: Math.max(...loads.map((l) => l.domRows)) });
  return { big: summary(a), small: summary(b) };
}

export async function run(): Promise<BenchRow[]> {
  const label = `${PEOPLE.toLocaleString('en')} people`;
  const baselineName = `same page, ${BASELINE_PEOPLE} people`;
  const names = [
    [`first rows painted, ${label} (median)`, 'ms'],
    [`table rows in the DOM, ${label}`, 'rows'],
    [`first rows painted, ${label}, 4× CPU throttling (median)`, 'ms'],
  ] as const;
  const problem = chromiumProblem();
  if (problem) return names.map(([name, unit]) => unmeasured(name, unit, baselineName, problem));

  const web = await buildWeb();
  const seeded = performance.now();
  const big = await startLedgerHost(web.dir, (db, api) => {
    seedPeople(db, { count: PEOPLE, units: seedOffice(api), categories: (i) => (i % 10 === 0 ? ['村（社区）两委成员'] : []) });
  });
  const seedMs = performance.now() - seeded;
  const small = await startLedgerHost(web.dir, (db, api) => seedPeople(db, { count: BASELINE_PEOPLE, units: seedOffice(api) }));
  const browser = await launchBrowser();
  try {
    return await explained(browser, async () => {
      const { page } = browser;
      await page.addInitScript(watchFirstRow, ROW);
      // Warm both origins (HTTP cache, V8 code cache) so the first measured run is not the odd one out.
      await firstRender(page, big.url, PEOPLE);
      await firstRender(page, small.url, BASELINE_PEOPLE);

      const plain = await measurePair(page, big, small);
      const cdp = await page.context().newCDPSession(page);
      let throttled: { big: Load; small: Load } | string;
      try {
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        throttled = await measurePair(page, big, small);
      } catch (error) {
        throttled = `CPU throttling failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      } finally {
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => undefined);
        await cdp.detach().catch(() => undefined);
      }
      const virtual = plain.big.domRows < 100 ? 'virtual: under 100 rows' : `NOT virtual: ${plain.big.domRows} rows (must stay under 100)`;
      return [
        row(names[0][0], plain.big.ms, 'ms', baselineName, plain.small.ms, `seeded in ${(seedMs / 1000).toFixed(1)} s`),
        row(names[1][0], plain.big.domRows, 'rows', baselineName, plain.small.domRows, virtual),
        typeof throttled === 'string' ? unmeasured(names[2][0], 'ms', baselineName, throttled) : row(names[2][0], throttled.big.ms, 'ms', `${baselineName}, 4× throttling`, throttled.small.ms),
      ];
    });
  } finally {
    await browser.close();
    await big.close();
    await small.close();
  }
}
