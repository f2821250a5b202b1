// The workloads of `npm run bench`, in the order they run. Each names its floor (the least a
// program doing the same job must cost, measured in the same rounds) and its targets as median
// ratios. Engine workloads (up/down, ps, a no-op up against an engine-API floor script) are
// added here as more entries of the same shape; see harness.mjs for the fields.
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { generate, repoRoot } from './generate.mjs';

const node = process.execPath;
// FLOTILLA_BENCH_BIN measures another build of the CLI (a path to its entry script).
const flotilla = process.env.FLOTILLA_BENCH_BIN
  ? resolve(process.env.FLOTILLA_BENCH_BIN)
  : join(repoRoot, 'bin', 'flotilla.js');
const floors = join(repoRoot, 'scripts', 'bench', 'floors');

/** The absolute path of an executable on PATH, or undefined. */
export function which(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const dockerComposeV1 = which('docker-compose');
const needsDockerComposeV1 = () =>
  dockerComposeV1 ? undefined : 'docker-compose (Debian package docker-compose) is not installed';

export const workloads = [
  {
    name: 'version',
    description: 'start-up: `flotilla version` against starting node itself',
    rounds: 20,
    warmup: 2,
    rows: () => [
      { id: 'node', label: 'node -e 0', command: node, args: ['-e', '0'], role: 'floor' },
      {
        id: 'esm',
        label: 'node empty.mjs',
        command: node,
        args: [join(floors, 'empty.mjs')],
        role: 'reference',
      },
      { id: 'version', label: 'flotilla version', command: node, args: [flotilla, 'version'] },
    ],
    targets: [{ row: 'version', of: 'node', max: 1.5 }],
  },
  {
    name: 'config',
    description: 'the loader on a generated 500-service file (~450 KB)',
    rounds: 7,
    // The first run of each row (which checks that it works) already warms the file cache.
    warmup: 0,
    prepare: () => generate(),
    rows: ({ config500 }) => {
      const cwd = join(config500, '..');
      const file = 'compose.yaml';
      return [
        {
          id: 'js-yaml',
          label: 'js-yaml load',
          command: node,
          args: [join(floors, 'js-yaml-load.mjs'), file],
          cwd,
          role: 'floor',
        },
        {
          id: 'yaml',
          label: 'yaml parse',
          command: node,
          args: [join(floors, 'yaml-parse.mjs'), file],
          cwd,
          role: 'reference',
        },
        {
          id: 'json',
          label: 'flotilla config --format json',
          command: node,
          args: [flotilla, '-f', file, 'config', '--format', 'json'],
          cwd,
        },
        {
          id: 'quiet',
          label: 'flotilla config -q',
          command: node,
          args: [flotilla, '-f', file, 'config', '-q'],
          cwd,
        },
        {
          id: 'v1',
          label: 'docker-compose (v1) config',
          command: dockerComposeV1 ?? 'docker-compose',
          args: ['-f', file, 'config'],
          cwd,
          role: 'reference',
          skip: needsDockerComposeV1,
        },
      ];
    },
    targets: [
      { row: 'json', of: 'js-yaml', max: 3 },
      { row: 'quiet', of: 'js-yaml', max: 3 },
      { row: 'json', of: 'v1', max: 1, label: 'flotilla config --format json faster than v1' },
      { row: 'quiet', of: 'v1', max: 1, label: 'flotilla config -q faster than v1' },
    ],
  },
];
