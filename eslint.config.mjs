// Lint with zero warnings allowed; per-folder import boundaries (STYLE.md habit 3).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import i18next from 'eslint-plugin-i18next';

const nodeBuiltins = ['node:*'];
// Bare built-in names are exact paths, not patterns: a pattern 'crypto' would also match src/shared/crypto.
const nodeBuiltinNames = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'buffer', 'events', 'worker_threads'];
const forbidBuiltins = (message) => nodeBuiltinNames.map((name) => ({ name, message }));

const forbid = (groups, message) => ({ group: groups, message });

/**
 * Folder boundaries as zones on resolved paths, anchored at the repository root (not at the linted
 * file), so a file nested anywhere in a folder is held to the folder's rule. A zone sees only imports
 * that resolve, so `import-x/no-unresolved` refuses the rest: nothing slips past by not resolving.
 */
const root = import.meta.dirname;
const zones = [
  {
    target: 'src/shared',
    from: '.',
    // The packages src/shared may use (pure, run in every process); nothing else in src or node_modules.
    except: ['src/shared', 'node_modules/zod', 'node_modules/luxon', 'node_modules/@types/luxon', 'node_modules/hash-wasm', 'node_modules/minisearch', 'node_modules/semver', 'node_modules/@types/semver', 'node_modules/@zxcvbn-ts', 'node_modules/@noble/curves'],
    message: 'src/shared is pure: it imports only itself and its allowlisted packages (zod, luxon, hash-wasm, minisearch, semver, @zxcvbn-ts, @noble/curves).',
  },
  // The renderer's layers (docs/ARCHITECTURE.md: Layers): storage (db) ← repositories and services ← app, features ← shell.
  {
    // Every folder of the renderer but db, and its top-level files.
    target: ['src/renderer/src/!(db)/**', 'src/renderer/src/*.{ts,tsx}'],
    from: ['node_modules/rxdb', 'node_modules/dexie'],
    message: 'Only the storage layer (src/renderer/src/db) imports RxDB or Dexie; the layers above use its types and functions.',
  },
  {
    target: 'src/renderer/src/db',
    from: 'src/renderer/src',
    except: ['./db'],
    message: 'The storage layer (src/renderer/src/db) imports nothing above it.',
  },
  {
    target: ['src/renderer/src/{repositories,arrival,sync,backup,transfer,audit,vault,search,time,demo}/**'],
    from: ['src/renderer/src/features', 'src/renderer/src/app', 'src/renderer/src/shell', 'src/renderer/src/hooks'],
    message: 'Repositories and services sit below the UI: they never import features, app, shell or hooks.',
  },
  {
    target: 'src/renderer/src/features',
    from: ['src/renderer/src/db', 'src/renderer/src/shell'],
    message: 'Features reach records through repositories and services, never the database; the shell composes features, not the other way round.',
  },
  {
    target: ['src/renderer/src/app', 'src/renderer/src/hooks'],
    from: ['src/renderer/src/features', 'src/renderer/src/shell'],
    message: 'app/ and hooks/ are what features share: they never import features or the shell (src/renderer/src/shell composes them).',
  },
  { target: 'src/renderer', from: ['src/main', 'src/preload', 'src/server'], message: 'The renderer imports only src/shared from outside its folder.' },
  { target: 'src/main', from: ['src/renderer', 'src/preload', 'src/server'], message: 'The main process imports only src/shared from the app.' },
  { target: 'src/server', from: ['src/renderer', 'src/main', 'src/preload'], message: 'The server imports only src/shared from the app.' },
  {
    target: 'src/preload',
    from: '.',
    except: ['src/preload', 'src/shared', 'node_modules/electron'],
    message: 'The preload imports only electron and src/shared.',
  },
];

/**
 * Dates, times and numbers are written by src/shared/format.ts in the practice's locale
 * (docs/I18N.md): elsewhere, no toLocale*String (it takes a fixed or the machine's locale) and no
 * locale written into a formatting call. Data keyed by locale (catalogues, translations) is fine.
 */
const fixedLocale = 'Format dates, times and numbers with src/shared/format.ts (useFormat() in the renderer): it follows the practice locale (docs/I18N.md).';
const localeSelectors = [
  { selector: "CallExpression[callee.property.name=/^toLocale(Date|Time)?String$/]", message: fixedLocale },
  { selector: "CallExpression[callee.property.name=/^(setLocale|reconfigure)$/]", message: fixedLocale },
  { selector: "NewExpression[callee.object.name='Intl'][arguments.0.type=/Literal$/]", message: fixedLocale },
  { selector: "CallExpression[callee.object.name='Intl'][callee.property.name!='supportedValuesOf'][arguments.0.type=/Literal$/]", message: fixedLocale },
  { selector: "Property[key.name='locale'][value.type='Literal']", message: fixedLocale },
];
const localeRules = { 'no-restricted-syntax': ['error', ...localeSelectors] };

/**
 * English built outside JSX, which `no-literal-string` does not see (docs/I18N.md): in the
 * renderer's screens, shell, repositories and services, a sentence-shaped literal or template piece ("Choose
 * the client", `Go to ${…}`), a capitalised value in a constant map (`STATUS = { draft: 'Draft' }`)
 * and a capitalised `label`, `title`, `text`… property. Single words elsewhere are not caught.
 */
const englishOutsideJsx = "Put user-facing text in the catalogue: st('…') (docs/I18N.md). Text that is data, not words for a person, says so in an eslint-disable comment.";
// A sentence's start, or a word before a value (`Exported ${n} entries`, 'Close ' + name).
const sentence = "/^[A-Z][a-z]*(?:[-'’][a-z]+)?(?: [a-z(]|: | $)/";
const englishSelectors = [
  { selector: `Literal[value=${sentence}]`, message: englishOutsideJsx },
  { selector: `TemplateElement[value.cooked=${sentence}]`, message: englishOutsideJsx },
  // …or three words of a sentence anywhere in a template (`${n} clients could not be stored`).
  { selector: "TemplateElement[value.cooked=/(^|[ ,;:(])[a-z]{2,} [a-z]{2,} [a-z]{2,}/]", message: englishOutsideJsx },
  // JSX text in a place `no-literal-string` skips (an element passed as a prop).
  { selector: "JSXText[value=/^\\s*[A-Z][a-z]+(?:[-'’][a-z]+)? [a-z]/]", message: englishOutsideJsx },
  // A property's value (never its key, which may be a quoted name like 'aria-label').
  { selector: 'VariableDeclarator[id.name=/^[A-Z][A-Z0-9_]*$/] Property[value.value=/^[A-Z][a-z]/]', message: englishOutsideJsx },
  { selector: 'Property[key.name=/^(label|title|description|placeholder|text|message|error|name|summary|action)$/][value.value=/^[A-Z][a-z]/]', message: englishOutsideJsx },
  { selector: "Property[key.value='aria-label'][value.type='Literal']", message: englishOutsideJsx },
  // A table's column headings.
  { selector: "JSXAttribute[name.name='head'] Literal[value=/^[A-Z][a-z]/]", message: englishOutsideJsx },
];
// Services too (vault, sync, backup, transfer…): their errors reach the screens. Not db/, which
// imports nothing above it and whose errors are for logs, nor the demo generator's data.
const englishFolders = [...['features', 'shell', 'app', 'repositories', 'vault', 'sync', 'backup', 'transfer', 'arrival', 'platform'].map((folder) => `src/renderer/src/${folder}/**/*.{ts,tsx}`), 'src/renderer/src/main.tsx', 'src/renderer/src/theme.ts'];

/**
 * Folders whose user-facing strings go through i18next (docs/I18N.md): a literal in JSX text or
 * in a user-facing attribute there is an error. Add a folder once it is converted.
 */
const translatedFolders = [
  'src/renderer/src/shell',
  'src/renderer/src/app',
  ...['clients', 'dashboard', 'measures', 'plans', 'print', 'audit', 'backup', 'transfer', 'time-zone', 'newer-records', 'attention', 'authorizations', 'vault', 'settings', 'part2', 'groups', 'reports', 'sessions', 'sync', 'retention'].map((f) => `src/renderer/src/features/${f}`),
].map((folder) => `${folder}/**/*.tsx`);
const literalStrings = {
  'i18next/no-literal-string': ['error', {
    mode: 'jsx-only',
    'jsx-attributes': { include: ['label', 'title', 'placeholder', 'aria-label', 'description', 'alt', 'error', 'submitLabel', 'confirmLabel', 'message', 'nothingFound', 'emptyMessage', 'nothingFoundMessage', 'legend', 'subtitle', 'confirm', 'missing', 'action', 'fileName', 'summary', 'caption'] },
    'object-properties': { exclude: ['type', '[A-Z_-]+'] },
    callees: { exclude: ['i18n(ext)?', 't', 'st', 'staff', '[a-zA-Z]*InputProps', 'navigate', 'header', 'require', 'addEventListener', 'removeEventListener', 'includes', 'indexOf', 'endsWith', 'startsWith'] },
    'should-validate-template': true,
    message: 'Put user-facing text in the catalogue: st(\'…\') for staff text, t(\'…\') for what a client reads (docs/I18N.md)',
  }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'dist-server/**', 'node_modules/**', 'bench/dist/**', 'bench/results.json', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-eval': 'error',
      // No crypto-js, MD5 or EvpKDF anywhere in the app: RxDB's encryption plugin is not used (docs/ARCHITECTURE.md: Sealed documents).
      'no-restricted-imports': ['error', { patterns: [forbid(['crypto-js', 'crypto-js/*', 'rxdb/plugins/encryption-crypto-js'], 'Health data is sealed with WebCrypto AES-GCM (docs/ARCHITECTURE.md: Sealed documents), never crypto-js.')] }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.json'], conditionNames: ['types', 'import', 'require', 'node', 'default'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones }],
      'import-x/no-unresolved': ['error', { ignore: ['\\.css$'] }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}', 'bench/page/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  { files: translatedFolders, plugins: { i18next }, rules: literalStrings },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbidBuiltins('src/shared is pure: no Node built-ins.'),
        patterns: [
          forbid(['electron', 'electron/*'], 'src/shared is pure: no Electron.'),
          forbid(nodeBuiltins, 'src/shared is pure: no Node built-ins.'),
          forbid(['react', 'react/*', 'react-dom', 'react-dom/*', '@mantine/*'], 'src/shared is pure: no React or UI.'),
          forbid(['rxdb', 'rxdb/*', 'dexie'], 'src/shared is pure: no RxDB.'),
          forbid(['crypto-js', 'crypto-js/*'], 'Health data is sealed with WebCrypto AES-GCM, never crypto-js.'),
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbidBuiltins('The renderer runs in a browser sandbox: no Node built-ins.'),
        patterns: [
          forbid(['electron', 'electron/*'], 'The renderer reaches the OS only through the bridge (window.waypoint).'),
          forbid(nodeBuiltins, 'The renderer runs in a browser sandbox: no Node built-ins.'),
          forbid(['crypto-js', 'crypto-js/*', 'rxdb/plugins/encryption-crypto-js'], 'Health data is sealed with WebCrypto AES-GCM, never crypto-js.'),
          forbid(['rxdb/plugins/dev-mode'], 'Dev-mode injects a remote iframe in browsers: Node unit tests only (docs/ARCHITECTURE.md: RxDB facts).'),
        ],
      }],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          forbid(['electron', 'electron/*', 'react', 'react-dom', 'rxdb', 'rxdb/*'], 'The server runs in Node without Electron, React or RxDB.'),
        ],
      }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbidBuiltins('A sandboxed preload has no Node built-ins.'),
        patterns: [forbid(nodeBuiltins, 'A sandboxed preload has no Node built-ins.')],
      }],
    },
  },
  { files: ['src/renderer/**/*.{ts,tsx}', 'src/shared/**/*.ts'], ignores: ['src/shared/format.ts'], rules: localeRules },
  { files: englishFolders, rules: { 'no-restricted-syntax': ['error', ...localeSelectors, ...englishSelectors] } },
  {
    // The benchmark's comparison baseline is the one place RxDB's crypto-js plugin may load.
    files: ['bench/page/cryptojs-baseline.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
