import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'vite-plugin-electron';
import { benchTempDir, PROJECT_DIR } from './browser';
import { median, row, type BenchRow } from './types';

/**
 * Issue 7: how long the Electron main process takes to load its code, without Electron. The main process is
 * built as vite.config.ts builds it (vite-plugin-electron, better-sqlite3 external) into a temp folder under
 * .tmp/, next to a stub 'electron' package (found first by Node's lookup; app.whenReady() never settles, so
 * only module evaluation and startApp's synchronous registration run). A fresh Node process imports it and
 * times the import; the baseline is the same process importing better-sqlite3 alone (its JS; the native
 * addon loads on the first `new Database`). A B B A blocks, medians.
 *
 * Then which modules are loaded at start: the built bundle's chunk graph (what the entry chunk pulls in
 * statically), and a run of the TypeScript sources under tsx with a loader hook recording every module it
 * resolves, plus require.cache. exceljs must not be among them: spreadsheets are only read or written on demand.
 */

const RUNS_PER_BLOCK = 3;
const exec = promisify(execFile);
const isExcelJs = (id: string) => /[\\/]node_modules[\\/]exceljs[\\/]/.test(decodeURIComponent(id));

/** Electron's main-process exports; every one a no-op that never throws and never settles. */
const ELECTRON_EXPORTS = [
  'app', 'autoUpdater', 'BaseWindow', 'BrowserView', 'BrowserWindow', 'clipboard', 'contentTracing', 'crashReporter', 'desktopCapturer',
  'dialog', 'globalShortcut', 'inAppPurchase', 'ipcMain', 'Menu', 'MenuItem', 'MessageChannelMain', 'nativeImage', 'nativeTheme', 'net',
  'netLog', 'Notification', 'powerMonitor', 'powerSaveBlocker', 'protocol', 'pushNotifications', 'safeStorage', 'screen', 'session',
  'shell', 'systemPreferences', 'TouchBar', 'Tray', 'utilityProcess', 'View', 'webContents', 'WebContentsView', 'webFrameMain',
];

const STUB = `// A stand-in for Electron's main-process API, written by bench/mainload.bench.ts.
const noop = () => stub();
function stub() {
  return new Proxy(function () {}, {
    get(_target, key) {
      if (typeof key === 'symbol' || key === 'then') return undefined;
      if (key === 'whenReady') return () => new Promise(() => {});
      if (key === 'requestSingleInstanceLock') return () => true;
      if (key === 'isPackaged') return false;
      return stub();
    },
    apply: noop,
    construct: noop,
  });
}
export default stub();
${ELECTRON_EXPORTS.map((name) => `export const ${name} = stub();`).join('\n')}
`;

/** Imports argv[2] and prints how long that took; with --list, also every module the process loaded. */
const LOADER = `import { createRequire } from 'node:module';
const [target, mode] = process.argv.slice(2);
const started = performance.now();
await import(target);
const ms = performance.now() - started;
const result = { ms };
if (mode === '--list') {
  await new Promise((resolve) => setTimeout(resolve, 200)); // the hook thread's last messages
  result.esm = globalThis.__ledgerBenchResolved ?? [];
  result.cjs = Object.keys(createRequire(import.meta.url).cache);
}
process.stdout.write(JSON.stringify(result));
process.exit(0);
`;

/** Registers HOOKS; the resolved URLs come back over a MessagePort into globalThis.__ledgerBenchResolved. */
const REGISTER = `import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
globalThis.__ledgerBenchResolved = [];
port1.on('message', (url) => globalThis.__ledgerBenchResolved.push(url));
port1.unref();
register('./hooks.mjs', import.meta.url, { data: { port: port2, stub: new URL('./node_modules/electron/index.js', import.meta.url).href }, transferList: [port2] });
`;

const HOOKS = `let port;
let stub;
export function initialize(data) {
  port = data.port;
  stub = data.stub;
}
export async function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier.startsWith('electron/')) {
    port.postMessage(stub);
    return { url: stub, shortCircuit: true };
  }
  const resolved = await next(specifier, context);
  port.postMessage(resolved.url);
  return resolved;
}
`;

interface Loaded {
  ms: number;
  esm?: string[];
  cjs?: string[];
}

async function load(dir: string, target: string, nodeArgs: string[] = [], list = false): Promise<Loaded> {
  const args = [...nodeArgs, join(dir, 'load.mjs'), target, ...(list ? ['--list'] : [])];
  const { stdout } = await exec(process.execPath, args, { cwd: PROJECT_DIR, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  return JSON.parse(stdout) as Loaded;
}

interface BuiltChunk {
  moduleIds: string[];
  imports: string[];
  isEntry: boolean;
}

export async function run(): Promise<BenchRow[]> {
  mkdirSync(join(PROJECT_DIR, '.tmp'), { recursive: true });
  // Under the project, so the built bundle finds better-sqlite3 (and only the stub 'electron') by Node's lookup.
  const dir = benchTempDir('bench-mainload-', join(PROJECT_DIR, '.tmp'));
  const outDir = join(dir, 'dist-electron');
  const chunks = new Map<string, BuiltChunk>();
  const started = performance.now();
  await build({
    entry: join(PROJECT_DIR, 'electron/main/index.ts'),
    vite: {
      root: join(PROJECT_DIR, 'src/ui'),
      mode: 'production',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, rolldownOptions: { external: ['better-sqlite3'], output: { entryFileNames: 'main.js' } } },
      plugins: [
        {
          name: 'ledger-bench-capture-chunks',
          generateBundle(_options, bundle) {
            for (const [file, output] of Object.entries(bundle)) {
              if (output.type === 'chunk') chunks.set(file, { moduleIds: [...output.moduleIds], imports: [...output.imports], isEntry: output.isEntry });
            }
          },
        },
      ],
    },
  });
  const buildMs = performance.now() - started;
  mkdirSync(join(dir, 'node_modules/electron'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/electron/package.json'), JSON.stringify({ name: 'electron', type: 'module', main: 'index.js' }));
  writeFileSync(join(dir, 'node_modules/electron/index.js'), STUB);
  writeFileSync(join(dir, 'load.mjs'), LOADER);
  writeFileSync(join(dir, 'register.mjs'), REGISTER);
  writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
  const mainUrl = pathToFileURL(join(outDir, 'main.js')).href;
  const bundleKiB = readdirSync(outDir).reduce((n, f) => n + readFileSync(join(outDir, f)).length, 0) / 1024;

  // A B B A: the main bundle, better-sqlite3 alone; exceljs alone rides along as a third side.
  const main: number[] = [];
  const sqlite: number[] = [];
  const excel: number[] = [];
  const block = async (target: string, into: number[]) => {
    for (let i = 0; i < RUNS_PER_BLOCK; i++) into.push((await load(dir, target)).ms);
  };
  await load(dir, mainUrl); // warm the file cache
  await block(mainUrl, main);
  await block('better-sqlite3', sqlite);
  await block('exceljs', excel);
  await block('exceljs', excel);
  await block('better-sqlite3', sqlite);
  await block(mainUrl, main);

  // What the entry chunk loads statically, by the bundler's own graph.
  const entry = [...chunks].find(([, c]) => c.isEntry)?.[0] ?? 'main.js';
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const imported of chunks.get(file)?.imports ?? []) if (chunks.has(imported)) visit(imported);
  };
  visit(entry);
  const bundled = [...reached].flatMap((f) => chunks.get(f)!.moduleIds);
  const bundledExcel = bundled.filter(isExcelJs).length;

  // The sources under tsx, with the recording hook: the modules Node itself loads at start.
  let runtimeNote: string;
  let runtimeExcel = Number.NaN;
  let runtimeTotal = Number.NaN;
  try {
    const source = pathToFileURL(join(PROJECT_DIR, 'electron/main/index.ts')).href;
    const loaded = await load(dir, source, ['--import', 'tsx', '--import', pathToFileURL(join(dir, 'register.mjs')).href], true);
    const modules = new Set([...(loaded.esm ?? []).filter((u) => u.startsWith('file:')).map((u) => new URL(u).pathname), ...(loaded.cjs ?? [])]);
    runtimeTotal = modules.size;
    runtimeExcel = [...modules].filter(isExcelJs).length;
    runtimeNote = runtimeExcel > 0 ? `FAIL: exceljs is loaded at start (${runtimeExcel} of its files)` : 'ok: exceljs is not loaded at start';
  } catch (error) {
    runtimeNote = `not measured: the source run failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }

  const bundleVerdict = bundledExcel > 0 ? `FAIL: the entry chunk bundles ${bundledExcel} exceljs modules, evaluated at start` : 'ok: no exceljs module in the entry chunk graph';
  return [
    row('import of the built main process, electron stubbed (median)', median(main), 'ms', 'better-sqlite3 alone, same way', median(sqlite), `bundle ${bundleKiB.toFixed(0)} KiB, built in ${(buildMs / 1000).toFixed(1)} s`),
    row('import of exceljs alone from node_modules, same way (median)', median(excel), 'ms', 'better-sqlite3 alone, same way', median(sqlite)),
    row('exceljs modules in the main bundle loaded at start', bundledExcel, 'modules', 'all modules in it', bundled.length, bundleVerdict),
    row('exceljs files loaded at start (sources under tsx, loader hook + require.cache)', runtimeExcel, 'files', 'all files loaded at start', runtimeTotal, runtimeNote),
  ];
}
