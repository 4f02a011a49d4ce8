// Lint with zero warnings allowed; per-folder import boundaries (STYLE.md habit 3).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*'];
// Bare built-in names are exact paths, not patterns: a pattern 'crypto' would also match src/shared/crypto.
const nodeBuiltinNames = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'buffer', 'events', 'worker_threads'];
const forbidBuiltins = (message) => nodeBuiltinNames.map((name) => ({ name, message }));

const forbid = (groups, message) => ({ group: groups, message });

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
    files: ['src/renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}', 'bench/page/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
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
          forbid(['../main/*', '../renderer/*', '../server/*', '../preload/*'], 'src/shared depends on nothing else in src.'),
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
          forbid(['**/main/*', '**/preload/*', '**/server/*'], 'The renderer imports only src/shared from outside its folder.'),
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
          forbid(['electron', 'electron/*', '**/main/*', '**/preload/*', '**/renderer/*', 'react', 'react-dom', 'rxdb', 'rxdb/*'], 'The server imports only src/shared of the app.'),
        ],
      }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbidBuiltins('A sandboxed preload has no Node built-ins.'),
        patterns: [forbid(['**/main/*', '**/renderer/*', '**/server/*'], 'The preload imports only electron and src/shared.'), forbid(nodeBuiltins, 'A sandboxed preload has no Node built-ins.')],
      }],
    },
  },
  {
    // The benchmark's comparison baseline is the one place RxDB's crypto-js plugin may load.
    files: ['bench/page/cryptojs-baseline.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
