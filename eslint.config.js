// @ts-check
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * The house rules (DESIGN.md): each room imports only what its runtime has. These are enforced here so a
 * wrong import fails `npm test`, not a user's machine.
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noElectron = { name: 'electron', message: 'Only electron/ may import electron.' };
const nodeModules = nodeBuiltins.map((name) => ({ name, message: 'This room runs without Node: no Node modules.' }));
const nativeDb = { name: 'better-sqlite3', message: 'Only src/core talks to the database.' };

/** @param {{ paths?: object[], patterns?: object[] }} rule */
const restrict = (rule) => ({ 'no-restricted-imports': ['error', rule] });

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'native/**', 'node_modules/**', '.tmp/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  // Node rooms: core, CLI, host, shell, scripts, tests, benchmarks, configs.
  {
    files: ['src/core/**', 'src/cli/**', 'src/host/**', 'electron/**', 'scripts/**', 'tests/**', 'bench/**', 'bin/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Everything outside electron/ is forbidden to import electron.
  {
    files: ['src/**', 'tests/**', 'bench/**', 'scripts/**', 'bin/**'],
    ignores: ['tests/unit/electron/**'],
    rules: restrict({ paths: [noElectron], patterns: [{ group: ['electron/*'], message: noElectron.message }] }),
  },
  // The renderer: browser only, talks to the API client, never to core or Node.
  {
    files: ['src/ui/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict({
      paths: [noElectron, nativeDb, ...nodeModules],
      patterns: [
        { group: ['**/core', '**/core/**'], message: 'src/ui talks to the API client, never to src/core.' },
        { group: ['**/host/**', '**/cli/**', '**/electron/**'], message: 'src/ui may import only src/shared and itself.' },
      ],
    }),
  },
  // Shared: runs anywhere, so it imports neither Node, DOM, Vue nor Electron, and uses no browser globals.
  {
    files: ['src/shared/**'],
    rules: {
      ...restrict({
        paths: [noElectron, nativeDb, ...nodeModules, { name: 'vue', message: 'src/shared must not depend on Vue.' }],
        patterns: [
          { group: ['**/core/**', '**/ui/**', '**/host/**', '**/cli/**', '**/electron/**', 'vue', 'vue/*', '@vue/*', 'pinia', 'element-plus*'], message: 'src/shared imports nothing but other src/shared files and plain libraries.' },
        ],
      }),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer', 'require'],
    },
  },
  // Core: Node, but no UI framework.
  {
    files: ['src/core/**'],
    rules: restrict({
      paths: [noElectron, { name: 'vue', message: 'src/core must not depend on Vue.' }],
      patterns: [{ group: ['**/ui/**', '**/host/**', '**/cli/**', '**/electron/**', 'vue', '@vue/*', 'pinia', 'element-plus*'], message: 'src/core depends only on src/shared.' }],
    }),
  },
);
