import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The house rules are enforced by lint: each forbidden import below must be an error in its room. */

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../../..') });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['src/core/x.ts', "import { app } from 'electron';"],
    ['src/cli/x.ts', "import { app } from 'electron';"],
    ['src/host/x.ts', "import { app } from 'electron';"],
    ['src/shared/x.ts', "import { app } from 'electron';"],
    ['src/ui/x.ts', "import { ipcRenderer } from 'electron';"],
    ['src/ui/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/ui/x.ts', "import path from 'path';"],
    ['src/ui/x.ts', "import { openDatabase } from '../core/db/open';"],
    ['src/ui/features/x.ts', "import { createLedgerApi } from '../../core/api';"],
    ['src/ui/x.ts', "import Database from 'better-sqlite3';"],
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/shared/x.ts', "import { ref } from 'vue';"],
    ['src/shared/x.ts', "import { openDatabase } from '../core/db/open';"],
    ['src/core/x.ts', "import { ref } from 'vue';"],
    ['src/core/x.ts', "import App from '../ui/App.vue';"],
  ])('%s: %s is refused', async (file, code) => {
    expect(await boundaryErrors(file, `${code}\nexport {};\n`)).not.toEqual([]);
  });

  it('refuses browser and Node globals in src/shared', async () => {
    expect(await boundaryErrors('src/shared/x.ts', 'export const w = window.location;\n')).not.toEqual([]);
    expect(await boundaryErrors('src/shared/x.ts', 'export const p = process.env;\n')).not.toEqual([]);
  });

  it.each([
    ['electron/main/x.ts', "import { app } from 'electron';"],
    ['src/core/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/ui/x.ts', "import { contract } from '../shared/contract';"],
    ['src/shared/x.ts', "import { z } from 'zod';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await boundaryErrors(file, `${code}\nexport {};\n`)).toEqual([]);
  });
});
