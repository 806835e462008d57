import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';
import electron from 'vite-plugin-electron/simple';
import { CONTENT_SECURITY_POLICY } from './src/shared/csp';

/**
 * One config builds all three parts: the Electron main process (ESM), the sandboxed preload (CommonJS,
 * which a sandboxed renderer requires) and the renderer. LEDGER_TARGET=web builds the renderer only, for
 * the browser host on machines without an Electron binary.
 */
const projectDir = import.meta.dirname;
const electronOut = resolve(projectDir, 'dist-electron');
const webOnly = process.env.LEDGER_TARGET === 'web';

function electronPlugins(): Promise<Plugin[]> {
  return electron({
    main: {
      entry: resolve(projectDir, 'electron/main/index.ts'),
      // Electron starts from the project directory (package.json "main"), not from the renderer root.
      onstart: async ({ startup }) => {
        await startup(['.'], { cwd: projectDir });
      },
      vite: {
        build: {
          outDir: electronOut,
          // Native module: loaded at run time from the Electron build prepared by scripts/electron-native.mjs.
          // ExcelJS stays in node_modules and is required on first use (src/core/spreadsheet/excel.ts), not at start.
          // Named main.js because package.json "main" and electron/main/index.ts expect that name.
          rolldownOptions: { external: ['better-sqlite3', 'exceljs'], output: { entryFileNames: 'main.js' } },
        },
      },
    },
    preload: {
      input: resolve(projectDir, 'electron/preload/index.ts'),
      vite: {
        build: {
          outDir: electronOut,
          rolldownOptions: { output: { format: 'cjs', entryFileNames: 'preload.cjs', codeSplitting: false } },
        },
      },
    },
  }) as Promise<Plugin[]>;
}

/**
 * Writes the one CSP into index.html's <meta>, so a page opened outside our servers is still locked down.
 * frame-ancestors is dropped there: browsers ignore it in a <meta> and log an error.
 */
function cspMeta(): Plugin {
  const policy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'ledger-csp-meta',
    transformIndexHtml: (html) => html.replace('__LEDGER_CSP__', policy),
  };
}

export default defineConfig({
  root: resolve(projectDir, 'src/ui'),
  base: './',
  publicDir: false,
  plugins: [vue(), cspMeta(), ...(webOnly ? [] : [electronPlugins()])],
  build: {
    outDir: resolve(projectDir, 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
