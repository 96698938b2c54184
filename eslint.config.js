import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Everything after the store in the chain (ARCHITECTURE.md): what the store may not import. */
const AFTER_STORE = [
  './server/reports',
  './server/export',
  './server/analytics-worker',
  './server/access',
  './server/api',
  './server/services',
  './server/routes',
  './server/plugins',
  './server/sso',
  './server/cli',
  './server/app.ts',
  './server/main.ts',
];

/** The layer map of ARCHITECTURE.md: each zone names who (`target`) may not import what (`from`). */
const ZONES = [
  {
    target: './connectors',
    from: ['./server', './demo'],
    message: 'connectors know nothing of the server (ARCHITECTURE.md)',
  },
  {
    target: './demo',
    from: './server',
    except: ['./analytics/random.ts'],
    message:
      'the demo writes the files a deployment would import; of the server it shares only the seeded generator (ARCHITECTURE.md)',
  },
  {
    // Everything in server/ but server/cli/commands/demo.ts.
    target: ['./server/!(cli)/**', './server/*.ts', './server/cli/**/!(demo).ts'],
    from: './demo',
    message:
      "the demo is a fixture producer: only the CLI's demo command runs it (ARCHITECTURE.md)",
  },
  {
    target: ['./server/store', './server/sync', './server/deploy'],
    from: [...AFTER_STORE, './server/analytics'],
    except: ['./model.ts'],
    message: 'the store knows nothing of graphs or of what reads it (ARCHITECTURE.md)',
  },
  {
    target: './server/analytics',
    from: [...AFTER_STORE, './server/store', './server/sync', './server/deploy', './connectors'],
    message: 'the analytics are pure: data and options in, results out (ARCHITECTURE.md)',
  },
  {
    target: ['./server/reports', './server/export'],
    from: AFTER_STORE.filter((path) => path !== './server/reports' && path !== './server/export'),
    message: 'reports know nothing of the worker, the API or the CLI (ARCHITECTURE.md)',
  },
  {
    target: './server/analytics-worker',
    from: AFTER_STORE.filter(
      (path) =>
        !['./server/reports', './server/export', './server/analytics-worker'].includes(path),
    ),
    message: 'the worker runs reports; it knows nothing of the API or the CLI (ARCHITECTURE.md)',
  },
  {
    target: [
      './server/access',
      './server/api',
      './server/services',
      './server/routes',
      './server/plugins',
      './server/sso',
      './server/app.ts',
      './server/main.ts',
    ],
    from: './server/cli',
    message: 'only the command line imports the command line (ARCHITECTURE.md)',
  },
  {
    target: './web',
    from: ['./server', './connectors', './demo'],
    except: ['./api', './routes'],
    message:
      'the dashboard only talks to the API: its shapes from server/api/ and server/routes/ (ARCHITECTURE.md)',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'data/',
      'dist/',
      'web/dist/',
      'test-results/',
      '.bench/',
      '.golden/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The product is linted with type information: floating promises, `any` leaking out of
    // JSON or untyped libraries, needless assertions. Tests are not: they read the real
    // server's JSON bodies untyped on purpose, and asserting on them is what they are for.
    files: [
      'server/**/*.ts',
      'connectors/**/*.ts',
      'demo/**/*.ts',
      'web/src/**/*.ts',
      'bench/**/*.ts',
    ],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // fastify registers plugins and routes as async functions whether or not they await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['server/**/*.ts', 'connectors/**/*.ts', 'demo/**/*.ts', 'web/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver()],
    },
    rules: {
      // A cycle through a lazy import() is by design: the command table (server/cli/commands/
      // index.ts) loads `serve`, whose admin socket runs commands from the table.
      'import-x/no-cycle': [
        'error',
        { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: true },
      ],
      'import-x/no-restricted-paths': ['error', { zones: ZONES }],
    },
  },
  {
    // What the server and the connectors import at run time must be a dependency: a production
    // install (`npm ci --omit=dev`) has no devDependencies. Type-only imports are erased.
    files: ['server/**/*.ts', 'connectors/**/*.ts'],
    rules: {
      'import-x/no-extraneous-dependencies': [
        'error',
        { devDependencies: false, optionalDependencies: false, peerDependencies: false },
      ],
    },
  },
);
