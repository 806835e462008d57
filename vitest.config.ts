import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Unit tests (Node, real SQLite files) and end-to-end tests (Debian's Chromium via the browser host).
 * Waits are generous because CI is one run on a small, loaded machine: a wait only costs time when something is
 * wrong, and a tight one fails a good change by chance.
 */

/** Tests of the `ledger` CLI as a user runs it: each run starts Node and tsx afresh (1–2 s here, several on a busy CI machine), and a test makes several. */
const CLI_TESTS = ['tests/unit/**/cli*.test.ts', 'tests/unit/**/*Cli.test.ts'];

const nodeTests: TestProjectInlineConfiguration['test'] = {
  environment: 'node',
  setupFiles: ['tests/helpers/fastCheckSeed.ts'],
  // Hooks build workbooks, seed offices and start the CLI as a child; vitest's default 10 s is too tight.
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: { ...nodeTests, name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: CLI_TESTS, testTimeout: 30_000 },
      },
      {
        test: { ...nodeTests, name: 'cli', include: CLI_TESTS, testTimeout: 120_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // expect.poll gives up after 1 s by default: too short for a page to answer on a busy machine.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
