// ESLint flat config. Syntax-only (no type information), so `npm run lint` stays fast; `tsc` does the type checks.
// The rules catch real problems, not style: formatting is prettier's job (`npm run format:check`).
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const TS = ['**/*.ts', '**/*.mts', '**/*.cts'];
const ALL = ['**/*.{ts,mts,cts,js,mjs,cjs}'];

// Code that must run outside the extension host (the format library, the CLI, the webview) never touches `vscode`.
const NO_VSCODE = ['src/npy/**', 'src/npz/**', 'src/shared/**', 'src/cli/**', 'src/cli.ts', 'webview/**'];
const VSCODE_MESSAGE = 'This code must run without VS Code (CLI, webview, pure library): keep `vscode` in src/host/ or src/extension.ts.';

// Nothing under src/ imports the top-level webview/ folder: that code is bundled for the browser on its own.
// Import specifiers are plain strings, so "climbs out of src" depends on how deep the importing file sits: a file
// at depth d below src/ needs exactly d+1 `../` to reach the repository root. One config per depth keeps the
// pattern exact: `../webview/x` from src/host/foo.ts (a hypothetical src/webview/) or a file named
// src/host/viewer/webviewStrings.ts stay allowed. Shared code lives in src/shared/; the webview may import it.
const MAX_SRC_DEPTH = 8;
const srcNoWebview = Array.from({ length: MAX_SRC_DEPTH + 1 }, (_, depth) => ({
  name: `npy/src-no-webview-depth-${depth}`,
  files: [`src/${'*/'.repeat(depth)}*.{ts,mts,cts,js,mjs,cjs}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(?:\\./)?(?:\\.\\./){${depth + 1}}webview(?:/|$)`,
            message: 'src/ must not import from the top-level webview/ folder; move shared code to src/shared/.',
          },
        ],
      },
    ],
  },
}));

export default defineConfig(
  {
    name: 'npy/ignores',
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.tmp/**', 'test-results/**', 'bench/tmp/**', 'media/**', '**/*.vsix'],
  },
  {
    name: 'npy/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  { ...js.configs.recommended, name: 'eslint/recommended', files: ALL },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: c.files ?? ALL })),
  {
    name: 'npy/all',
    files: ALL,
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // Unused code is an error; `_`-prefixed names are deliberate (placeholders, ignored params, rest siblings).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // `a && b()` / `c ? f() : g()` as statements are intentional in this code base; bare expressions are still errors.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true, allowTaggedTemplates: true }],
      // Best-effort cleanup (`try { unlink } catch {}`) is a pattern here; other empty blocks are still reported.
      'no-empty': ['error', { allowEmptyCatch: true }],
      // The npy header parser and the CLI deliberately match control characters.
      'no-control-regex': 'off',
      // `!` is used where the invariant is established a few lines up (Map.get after has, regex groups): allowed.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Our JS files are modules: a top-level `function run()` does not clobber mocha's global `run`.
      'no-redeclare': ['error', { builtinGlobals: false }],
      // Real-bug catchers beyond the recommended sets. Deliberately not enabled (noise here, not bugs):
      // no-self-compare (`x !== x` is the NaN test in the float code), no-promise-executor-return
      // (`new Promise((r) => setTimeout(r, ms))`), no-unmodified-loop-condition (false positives on `a && !flag`).
      'no-unreachable-loop': 'error',
      'no-constructor-return': 'error',
    },
  },
  {
    // TypeScript checks undefined names itself (and knows ambient declarations eslint cannot see).
    name: 'npy/ts',
    files: TS,
    rules: { 'no-undef': 'off' },
  },
  {
    // `any` is a hole in the types: an error in shipped code, allowed in tests and benchmarks (untyped JSON from oracles).
    // Likewise `require()`: in shipped TS it bypasses the types; tests load built bundles with it on purpose.
    name: 'npy/tests',
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // CommonJS files: the in-host integration suite and the mocha reporter.
    name: 'npy/commonjs',
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    name: 'npy/mocha',
    files: ['test/**'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    // Playwright/e2e drivers pass callbacks that run in the page (`page.evaluate(() => document...)`).
    name: 'npy/page-callbacks',
    files: ['test/webview/**', 'test/e2e/**', 'test/harness/**', 'test/integration/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    name: 'npy/webview',
    files: ['webview/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    name: 'npy/no-vscode',
    files: NO_VSCODE,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: VSCODE_MESSAGE }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']", message: VSCODE_MESSAGE },
        { selector: "ImportExpression[source.value='vscode']", message: VSCODE_MESSAGE },
        { selector: "TSImportType[argument.literal.value='vscode']", message: VSCODE_MESSAGE },
      ],
    },
  },
  ...srcNoWebview,
);
