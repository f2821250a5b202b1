// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layering: imports point down only.
 *   cli -> stack -> compose, swarm; cli -> compose, loader, progress, build, cost -> convert -> api, model -> internal
 *   cli -> k8s -> convert, kube;
 *   engine/, kube/ and internal/ import nothing of ours; index.ts never imports cli/ or progress/tty.
 * Each entry lists the src/ folders a layer must not import from.
 */
const layers = {
  api: ['cli', 'compose', 'loader', 'progress', 'engine', 'build', 'swarm', 'stack', 'cost', 'k8s'],
  model: [
    'cli',
    'compose',
    'loader',
    'progress',
    'engine',
    'build',
    'api',
    'swarm',
    'stack',
    'cost',
    'k8s',
  ],
  loader: ['cli', 'compose', 'progress', 'engine', 'build', 'swarm', 'stack', 'cost', 'k8s'],
  engine: [
    'cli',
    'compose',
    'loader',
    'progress',
    'build',
    'api',
    'model',
    'internal',
    'swarm',
    'stack',
    'kube',
    'cost',
    'k8s',
  ],
  kube: [
    'cli',
    'compose',
    'loader',
    'progress',
    'build',
    'api',
    'model',
    'internal',
    'engine',
    'swarm',
    'stack',
    'cost',
    'k8s',
  ],
  internal: [
    'cli',
    'compose',
    'loader',
    'progress',
    'engine',
    'build',
    'api',
    'model',
    'swarm',
    'stack',
    'kube',
    'cost',
    'k8s',
  ],
  build: ['cli', 'compose', 'loader', 'progress', 'engine', 'swarm', 'stack', 'cost', 'k8s'],
  compose: ['cli', 'loader', 'progress', 'swarm', 'stack', 'cost', 'k8s'],
  progress: ['cli', 'compose', 'loader', 'engine', 'build', 'swarm', 'stack', 'cost', 'k8s'],
  // compose model -> Swarm specs: pure conversion on the model and the engine's types.
  swarm: ['cli', 'compose', 'loader', 'progress', 'build', 'stack', 'cost', 'k8s'],
  // `stack` orchestration: swarm/ conversion + compose/ helpers (build, push, auth) on engine/.
  stack: ['cli', 'loader', 'progress', 'cost', 'k8s'],
  convert: [
    'cli',
    'compose',
    'loader',
    'progress',
    'engine',
    'build',
    'swarm',
    'stack',
    'kube',
    'cost',
    'k8s',
  ],
  // `cost`: prices (data) applied to the ECS plan of convert/ecs; convert never imports cost.
  cost: [
    'cli',
    'compose',
    'loader',
    'progress',
    'engine',
    'build',
    'swarm',
    'stack',
    'kube',
    'k8s',
  ],
  // `k8s` orchestration: convert/ output applied to a cluster through kube/.
  k8s: ['cli', 'compose', 'loader', 'progress', 'engine', 'build', 'swarm', 'stack', 'cost'],
};

const layerRules = Object.entries(layers).map(([layer, forbidden]) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((f) => ({
          group: [`**/${f}/*`, `**/${f}`, `../${f}/**`],
          message: `src/${layer} must not import from src/${f} (see DESIGN layering).`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'src/**/generated/**',
      '**/testdata/**',
      'bin/**',
      '.bench/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-unnecessary-condition': [
        'error',
        { allowConstantLoopConditions: true },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, program: null, project: false },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    files: ['src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['./cli/*', './cli'], message: 'the library surface never imports the CLI' },
            {
              group: ['./progress/tty*'],
              message: 'the library surface never imports the TTY renderer',
            },
          ],
        },
      ],
    },
  },
  ...layerRules,
  {
    // Orchestration and loading read as small steps: a longer function is split along what it
    // does, or carries an eslint-disable comment with the reason.
    files: ['src/compose/**/*.ts', 'src/loader/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    // The converter's tests read real compose files: they may use the loader (the library may not).
    files: ['src/convert/**/*.test.ts', 'src/convert/**/*.fixture.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: layers.convert
            .filter((f) => f !== 'loader')
            .map((f) => ({
              group: [`**/${f}/*`, `**/${f}`, `../${f}/**`],
              message: `src/convert must not import from src/${f} (see DESIGN layering).`,
            })),
        },
      ],
    },
  },
  {
    // The estimator's tests read real compose files too.
    files: ['src/cost/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: layers.cost
            .filter((f) => f !== 'loader')
            .map((f) => ({
              group: [`**/${f}/*`, `**/${f}`, `../${f}/**`],
              message: `src/cost must not import from src/${f} (see DESIGN layering).`,
            })),
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
    },
  },
);
