// Runs Electronegativity through its programmatic API and writes the findings as JSON in one synchronous
// write. Its CLI writes the CSV header and the rows with two concurrent fs.writeFile calls, so under load the
// header can land over the first row (seen in CI); this avoids that race instead of parsing a torn file.
// Usage: node electronegativityScan.mjs INPUT_DIR ELECTRON_VERSION OUT_JSON [EXCLUDED_CHECK...]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import run from '@doyensec/electronegativity/dist/runner.js';

const [input, electronVersion, out, ...excluded] = process.argv.slice(2);

run(
  {
    input: resolve(input),
    customScan: [],
    excludeFromScan: excluded,
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
).then(
  (result) => {
    const findings = result.issues.map((i) => ({
      check: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: String(i.file).replace(/\\/g, '/'),
      location: `${i.location.line}:${i.location.column}`,
      sample: i.sample ?? 'N/A',
    }));
    writeFileSync(out, JSON.stringify({ atomicChecks: result.atomicChecks, globalChecks: result.globalChecks, errors: result.errors.map(String), findings }, null, 1));
  },
  (error) => {
    console.error(error && error.stack ? error.stack : error);
    process.exit(1);
  },
);
