import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { createLedgerApi } from '../../src/core/api';
import { openDatabase } from '../../src/core/db/open';
import { startHost, type RunningHost } from '../../src/host/server';
import { CHROMIUM_PATH, launchChromium } from './chromium';

/**
 * A real run of the app: a temp SQLite file, the browser host in this process, and Debian's Chromium.
 * No fallback and no skip: without Chromium the end-to-end tests fail and say how to install it.
 */
const RENDERER_DIR = resolve(import.meta.dirname, '../../dist/renderer');

export interface AppUnderTest {
  db: Database;
  dbFile: string;
  host: RunningHost;
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP violations seen in the page; a clean run has none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function startApp(): Promise<AppUnderTest> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`未找到 Chromium（${CHROMIUM_PATH}）。End-to-end tests need Debian's Chromium: sudo apt-get install -y chromium fonts-noto-cjk poppler-utils (or set CHROMIUM_PATH).`);
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('The renderer is not built: run `npm run build:web` first (`npm test` does it).');
  }
  const dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const dbFile = join(dir, 'ledger.sqlite');
  const db = openDatabase(dbFile);
  const host = await startHost({ handlers: createLedgerApi(db), staticDir: RENDERER_DIR, port: 0 });
  const { context, page, pageErrors } = await launchChromium(join(dir, 'profile'));
  const version = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`[e2e] browser: ${version} (${CHROMIUM_PATH}); host ${host.url}; database ${dbFile}`);
  return {
    db,
    dbFile,
    host,
    context,
    page,
    pageErrors,
    async close() {
      await context.close();
      await host.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
