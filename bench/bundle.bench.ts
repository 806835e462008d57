import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb } from './browser';
import { row, type BenchRow } from './types';

/**
 * Issue 7: what the renderer downloads and parses before the first screen. Builds it as `npm run build:web`
 * does (into a temp folder, see browser.ts), reads index.html for the entry script and its modulepreload
 * links, adds whatever those chunks import statically (the bundler's own chunk graph), and compares their
 * gzip size (node:zlib, default level) with all JS chunks of the build. Also says whether any exceljs module
 * is bundled into an initial chunk: it must not be (spreadsheets are read and written in the core; any
 * spreadsheet code the renderer ever needs must load on demand).
 */

const gz = (buffer: Buffer) => gzipSync(buffer).length;

/** Chunk file names (relative to the build folder) index.html loads at once. */
function htmlChunks(html: string): string[] {
  const refs = [
    ...[...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!),
  ];
  return refs.map((r) => r.replace(/^\.?\//, ''));
}

const isExcelJs = (id: string) => /[\\/]node_modules[\\/]exceljs[\\/]/.test(id);

export async function run(): Promise<BenchRow[]> {
  const web = await buildWeb();
  const html = readFileSync(join(web.dir, 'index.html'), 'utf8');
  const declared = htmlChunks(html);
  if (declared.length === 0) throw new Error('index.html names no module script');

  // index.html's list, closed over static imports (it should already be closed: Vite preloads them all).
  const initial = new Set<string>();
  const visit = (file: string) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const imported of web.chunks.get(file)?.imports ?? []) visit(imported);
  };
  declared.forEach(visit);
  const undeclared = [...initial].filter((f) => !declared.includes(f));

  const size = (files: Iterable<string>) => {
    let raw = 0;
    let zipped = 0;
    for (const file of files) {
      const buffer = readFileSync(join(web.dir, file));
      raw += buffer.length;
      zipped += gz(buffer);
    }
    return { raw, zipped };
  };
  const all = [...web.chunks.keys()];
  const first = size(initial);
  const total = size(all);
  const kb = (n: number) => n / 1024;

  const excelIn = (files: Iterable<string>) => [...files].flatMap((f) => (web.chunks.get(f)?.moduleIds ?? []).filter(isExcelJs).map(() => f));
  const excelInitial = excelIn(initial);
  const excelAll = excelIn(all);
  const verdict =
    excelInitial.length > 0
      ? `FAIL: exceljs is in the initial chunks (${[...new Set(excelInitial)].join(', ')})`
      : excelAll.length > 0
        ? `ok: exceljs is not in the initial chunks (only in ${[...new Set(excelAll)].join(', ')}, loaded on demand)`
        : 'ok: exceljs is not in the initial chunks (nor anywhere in the renderer)';

  const initialNote = `${initial.size} of ${all.length} chunks: ${[...initial].map((f) => f.replace(/^assets\//, '')).join(', ')}${
    undeclared.length > 0 ? `; ${undeclared.length} imported but not preloaded by index.html` : ''
  }; built in ${(web.ms / 1000).toFixed(1)} s`;
  return [
    row('initial JS, gzip', kb(first.zipped), 'KiB', 'all JS chunks, gzip', kb(total.zipped), initialNote),
    row('initial JS, raw', kb(first.raw), 'KiB', 'all JS chunks, raw', kb(total.raw)),
    row('exceljs modules in the initial chunks', excelInitial.length, 'modules', 'exceljs modules in all chunks', excelAll.length, verdict),
  ];
}
