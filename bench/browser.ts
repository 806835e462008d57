import type { Database } from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { build, type Plugin } from 'vite';
import { createLedgerApi } from '../src/core/api';
import { openDatabase } from '../src/core/db/open';
import type { LedgerHandlers } from '../src/shared/contract';
import { startHost } from '../src/host/server';
import { CHROMIUM_PATH, launchChromium } from '../tests/e2e/chromium';

/**
 * What the browser benchmarks share (not a benchmark itself: no `.bench.ts`). The renderer is built once per
 * `npm run bench` into a private temp folder with the project's own vite.config.ts and LEDGER_TARGET=web, so
 * the figures never depend on a stale dist/renderer or on another `npm run build:web` emptying it mid-run.
 * Chromium is started by tests/e2e/chromium.ts, as the end-to-end tests start it.
 */

export const PROJECT_DIR = resolve(import.meta.dirname, '..');

export interface WebBuild {
  /** The folder holding index.html and assets/. */
  dir: string;
  ms: number;
  /** Every JS chunk by file name (relative to dir): its bundled modules and the chunks it imports statically. */
  chunks: Map<string, { moduleIds: string[]; imports: string[] }>;
}

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder removed when the process exits. */
export function benchTempDir(prefix: string, parent = tmpdir()): string {
  const dir = mkdtempSync(join(parent, prefix));
  tempDirs.push(dir);
  return dir;
}

let webBuild: Promise<WebBuild> | undefined;

/** `npm run build:web`, in this process, into a temp folder; once per run, whichever benchmark asks first. */
export function buildWeb(): Promise<WebBuild> {
  webBuild ??= (async () => {
    const dir = benchTempDir('ledger-bench-web-');
    const chunks: WebBuild['chunks'] = new Map();
    const capture: Plugin = {
      name: 'ledger-bench-capture-chunks',
      generateBundle(_options, bundle) {
        for (const [file, output] of Object.entries(bundle)) {
          if (output.type === 'chunk') chunks.set(file, { moduleIds: [...output.moduleIds], imports: [...output.imports] });
        }
      },
    };
    const previous = process.env.LEDGER_TARGET;
    process.env.LEDGER_TARGET = 'web';
    const started = performance.now();
    try {
      await build({
        configFile: join(PROJECT_DIR, 'vite.config.ts'),
        logLevel: 'error',
        build: { outDir: dir, emptyOutDir: true },
        plugins: [capture],
      });
    } finally {
      if (previous === undefined) delete process.env.LEDGER_TARGET;
      else process.env.LEDGER_TARGET = previous;
    }
    return { dir, ms: performance.now() - started, chunks };
  })();
  return webBuild;
}

/** Why Chromium cannot run here, or null when it can. */
export function chromiumProblem(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

export interface BenchBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen in the page, to say why a wait timed out. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Debian's Chromium with the e2e suite's flags, in a throwaway profile. */
export async function launchBrowser(): Promise<BenchBrowser> {
  const profile = benchTempDir('ledger-bench-profile-');
  const { context, page, pageErrors } = await launchChromium(profile);
  return { context, page, pageErrors, close: () => context.close() };
}

/** Runs `fn`; when it throws, the error also names what the page logged, which is usually the reason. */
export async function explained<T>(browser: BenchBrowser, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const first = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const seen = [...new Set(browser.pageErrors)].slice(0, 5);
    throw new Error(`${first}${seen.length > 0 ? `; the page logged: ${seen.join(' | ')}` : '; the page logged no error'}`, { cause: error });
  }
}

export interface BenchHost {
  url: string;
  db: Database;
  close(): Promise<void>;
}

/** The browser host on a fresh temp ledger, filled by `seed` before it serves. */
export async function startLedgerHost(staticDir: string, seed: (db: Database, api: LedgerHandlers) => void): Promise<BenchHost> {
  const dir = benchTempDir('ledger-bench-host-');
  const db = openDatabase(join(dir, 'ledger.sqlite'));
  const api = createLedgerApi(db);
  seed(db, api);
  const host = await startHost({ handlers: api, staticDir, port: 0 });
  return {
    url: host.url,
    db,
    async close() {
      await host.close();
      db.close();
    },
  };
}

/** The office and a township with villages, as a clerk's file has them; returns the villages for seedPeople. */
export function seedOffice(api: LedgerHandlers, villages = ['红旗村', '东风村', '向阳村', '前进村']): { id: string; name: string }[] {
  const must = <T>(result: unknown): T => {
    const r = result as { ok: boolean; data?: T; error?: { message: string } };
    if (!r.ok) throw new Error(r.error?.message ?? 'seed failed');
    return r.data as T;
  };
  must(api.setOffice({ name: '红旗镇', code: '130131100' }));
  const town = must<{ id: string }>(api.saveUnit({ name: '红旗镇', kind: '乡镇' }));
  return villages.map((name) => must<{ id: string; name: string }>(api.saveUnit({ name, kind: '村', parentId: town.id })));
}
