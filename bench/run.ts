import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow } from './types';

/**
 * Runs every `bench/*.bench.ts` module's exported `run()` in turn and prints one table. Modules are found by
 * name, so a new benchmark needs no change here. `npm run bench -- search` runs only modules whose file name
 * contains "search".
 */

interface BenchModule {
  run(): Promise<BenchRow[]>;
}

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));

function format(n: number): string {
  if (Number.isNaN(n)) return '—';
  if (!Number.isFinite(n) || Number.isInteger(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function table(all: readonly (readonly string[])[]): string {
  // The note column only when some row has a note.
  const rows = all.slice(1).some((r) => r[6]) ? all : all.map((r) => r.slice(0, 6));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const left = (i: number) => i === 0 || i === 3 || i === 6;
  const line = (r: readonly string[]) => `| ${r.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((x) => f.includes(x))))
    .sort();
  if (files.length === 0) throw new Error(`no bench/*.bench.ts module matches ${filters.join(', ')}`);
  const header = ['benchmark', 'value', 'unit', 'baseline', 'baseline value', 'ratio', 'note'];
  const all: string[][] = [header];
  let failed = false;
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, '');
    console.log(`# ${name} …`);
    try {
      const mod = (await import(pathToFileURL(join(here, file)).href)) as Partial<BenchModule>;
      if (typeof mod.run !== 'function') throw new Error(`${file} does not export run()`);
      const rows = await mod.run();
      const printed = rows.map((r) => [
        `${name}: ${r.name}`,
        format(r.value),
        r.unit,
        r.baselineName,
        format(r.baselineValue),
        Number.isNaN(r.ratio) ? '—' : `${format(r.ratio)}×`,
        r.note ?? '',
      ]);
      console.log(table([header, ...printed]));
      all.push(...printed);
    } catch (error) {
      // One broken module must not hide the others' figures.
      failed = true;
      console.error(`${file} failed:`, error);
    }
  }
  if (files.length > 1) {
    console.log('\n# all benchmarks');
    console.log(table(all));
  }
  if (failed) process.exitCode = 1;
}

await main();
