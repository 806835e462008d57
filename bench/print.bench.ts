import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { seedPeople } from '../tests/e2e/seed';
import { benchTempDir, buildWeb, chromiumProblem, explained, launchBrowser, seedOffice, startLedgerHost, type BenchHost } from './browser';
import { row, unmeasured, type BenchRow } from './types';

/**
 * Issue 7: the printed roster (A4 landscape, header repeated, 第X页 共Y页) for 1,000 people, through
 * Chromium's PDF engine (the one Electron's printToPDF uses) as tests/e2e/print.test.ts prints it, beside
 * the same printout of 50 people in this run. Times the print page until every row is laid out, then
 * page.pdf; counts the PDF's pages (pdfinfo when installed, else the PDF's own page objects). Best of two,
 * A B B A. BENCH_PRINT_ROWS changes the size.
 */

const ROWS = Number(process.env.BENCH_PRINT_ROWS ?? 1_000);
const BASELINE_ROWS = 50;

interface Printout {
  renderMs: number;
  pdfMs: number;
  pages: number;
}

/** Pages in a PDF: pdfinfo's answer when it is installed, else the /Type /Page objects Chromium writes. */
function pageCount(pdf: Buffer, file: string): number {
  writeFileSync(file, pdf);
  try {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))?.[1]);
    if (Number.isFinite(pages)) return pages;
  } catch {
    // No poppler-utils here: count the page objects instead.
  }
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? Number.NaN;
}

async function printOnce(page: Page, host: BenchHost, rows: number, file: string): Promise<Printout> {
  await page.goto('about:blank');
  const started = performance.now();
  await page.goto(`${host.url}/#/print/roster?view=all`);
  await page.locator('[data-testid="roster-print"][data-state="ready"]').waitFor({ timeout: 240_000 });
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="print-row"]').length === n, rows, { timeout: 240_000, polling: 50 });
  const renderMs = performance.now() - started;
  const pdfStarted = performance.now();
  const pdf = await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true, printBackground: true });
  const pdfMs = performance.now() - pdfStarted;
  return { renderMs, pdfMs, pages: pageCount(pdf, file) };
}

export async function run(): Promise<BenchRow[]> {
  const label = `${ROWS.toLocaleString('en')} rows`;
  const baselineName = `same printout, ${BASELINE_ROWS} rows`;
  const names = [
    [`print page laid out, ${label}`, 'ms'],
    [`page.pdf A4 landscape, ${label}`, 'ms'],
    [`PDF pages, ${label}`, 'pages'],
  ] as const;
  const problem = chromiumProblem();
  if (problem) return names.map(([name, unit]) => unmeasured(name, unit, baselineName, problem));

  const web = await buildWeb();
  const out = benchTempDir('ledger-bench-print-');
  const big = await startLedgerHost(web.dir, (db, api) => seedPeople(db, { count: ROWS, units: seedOffice(api) }));
  const small = await startLedgerHost(web.dir, (db, api) => seedPeople(db, { count: BASELINE_ROWS, units: seedOffice(api) }));
  const browser = await launchBrowser();
  try {
    return await explained(browser, async () => {
      const { page } = browser;
      const a: Printout[] = [];
      const b: Printout[] = [];
      // A warm-up of each, then A B B A.
      await printOnce(page, big, ROWS, join(out, 'warm-a.pdf'));
      await printOnce(page, small, BASELINE_ROWS, join(out, 'warm-b.pdf'));
      a.push(await printOnce(page, big, ROWS, join(out, 'a1.pdf')));
      b.push(await printOnce(page, small, BASELINE_ROWS, join(out, 'b1.pdf')));
      b.push(await printOnce(page, small, BASELINE_ROWS, join(out, 'b2.pdf')));
      a.push(await printOnce(page, big, ROWS, join(out, 'a2.pdf')));
      const best = (list: Printout[], key: 'renderMs' | 'pdfMs') => Math.min(...list.map((p) => p[key]));
      const pages = (list: Printout[]) => Math.max(...list.map((p) => p.pages));
      const perPage = (pages(a) / ROWS).toFixed(3);
      return [
        row(names[0][0], best(a, 'renderMs'), 'ms', baselineName, best(b, 'renderMs')),
        row(names[1][0], best(a, 'pdfMs'), 'ms', baselineName, best(b, 'pdfMs'), `${(best(a, 'pdfMs') / pages(a)).toFixed(0)} ms a page`),
        row(names[2][0], pages(a), 'pages', baselineName, pages(b), `${perPage} pages a row; the rows ratio is ${ROWS / BASELINE_ROWS}×`),
      ];
    });
  } finally {
    await browser.close();
    await big.close();
    await small.close();
  }
}
