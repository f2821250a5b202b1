// The workloads of `npm run bench`, in the order they run. Each names its floor (the least a
// program doing the same job must cost, measured in the same rounds) and its targets as median
// ratios; see harness.mjs for the fields. The engine workloads (up/down, ps, a no-op up) run
// against a real engine, with engine-floor.mjs as their floor and docker-compose (v1) beside.
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { generate, generateEngine, repoRoot } from './generate.mjs';
import { cleanEnv } from './harness.mjs';
import { stackWorkloads } from './stack-workloads.mjs';

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

// ---- engine workloads -------------------------------------------------------------------------
// Each row has its own project (flbench...), so no row ever sees another's containers. Every
// up row is followed, untimed, by engine-floor.mjs clean; every down row is preceded, untimed,
// by the same tool's own `up -d` (so its down finds what it expects). Each workload also cleans
// its projects before it starts (leftovers of an interrupted run) and when it ends, and an
// interrupt (SIGINT, SIGTERM, SIGHUP) cleans every engine project before exiting.
const engineFloor = join(repoRoot, 'scripts', 'bench', 'engine-floor.mjs');
const engineProjects = new Set();

/** Runs a command to completion (untimed hooks); rejects with its stderr when it fails. */
function run(command, args, cwd) {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd, env: cleanEnv(), maxBuffer: 16 << 20 }, (err, _out, stderr) => {
      if (err) {
        const detail = String(stderr).trim().split('\n').slice(-4).join('\n  ');
        reject(new Error(`${[command, ...args].join(' ')} failed: ${detail || err.message}`));
      } else resolvePromise();
    });
  });
}

const clean = (...projects) => run(node, [engineFloor, 'clean', ...projects]);

function cleanOnSignal(signal, code) {
  process.once(signal, () => {
    if (engineProjects.size) {
      process.stderr.write(`\nbench: ${signal}: removing the engine projects (flbench*)\n`);
      try {
        execFileSync(node, [engineFloor, 'clean', ...engineProjects], {
          env: cleanEnv(),
          stdio: ['ignore', 'ignore', 'inherit'],
        });
      } catch {
        // reported on stderr by the floor script
      }
    }
    process.exit(code);
  });
}
cleanOnSignal('SIGINT', 130);
cleanOnSignal('SIGTERM', 143);
cleanOnSignal('SIGHUP', 129);

/** The three tools' commands for one project, in a generated directory. */
function tools(project) {
  const f = ['-p', project, '-f', 'compose.yaml'];
  return {
    flotilla: (...args) => [node, [flotilla, ...f, ...args]],
    v1: (...args) => [dockerComposeV1 ?? 'docker-compose', [...f, ...args]],
  };
}

/**
 * An up or a down workload for one generated directory.
 * @param kind 'up' | 'down'
 * @param key  '1' | '10' | '50' | 'chain' (the .bench/engine-KEY directory)
 */
function upDownWorkload(kind, key, count, max, rounds) {
  const chain = key === 'chain';
  const base = `flbench${kind === 'down' ? 'down' : ''}${key}`;
  const projects = { floor: `${base}floor`, flotilla: base, v1: `${base}compose` };
  for (const p of Object.values(projects)) engineProjects.add(p);
  const what = chain
    ? `a ${count}-service depends_on chain`
    : `${count} service${count > 1 ? 's' : ''}`;
  const floorUp = [
    node,
    [engineFloor, 'up', projects.floor, String(count), ...(chain ? ['--chain'] : [])],
  ];
  return {
    name: `${kind}-${key}`,
    description:
      kind === 'up'
        ? `\`up -d\` of ${what} (busybox), against engine-API calls alone`
        : `\`down -t 0\` of ${what} (busybox), against engine-API calls alone`,
    rounds,
    warmup: 0,
    prepare: async () => {
      const dir = generateEngine()[key];
      await clean(...Object.values(projects));
      return { dir };
    },
    cleanup: () => clean(...Object.values(projects)),
    rows: ({ dir }) => {
      const fl = tools(projects.flotilla);
      const v1 = tools(projects.v1);
      const row = (id, label, [command, args], project, up, extra = {}) =>
        kind === 'up'
          ? { id, label, command, args, cwd: dir, after: () => clean(project), ...extra }
          : {
              id,
              label,
              command,
              args,
              cwd: dir,
              before: async () => {
                await clean(project);
                await run(up[0], up[1], dir);
              },
              after: () => clean(project),
              ...extra,
            };
      if (kind === 'up') {
        return [
          row('floor', `engine-floor up ${count}`, floorUp, projects.floor, null, {
            role: 'floor',
          }),
          row('flotilla', 'flotilla up -d', fl.flotilla('up', '-d'), projects.flotilla),
          row('v1', 'docker-compose (v1) up -d', v1.v1('up', '-d'), projects.v1, null, {
            role: 'reference',
            skip: needsDockerComposeV1,
          }),
        ];
      }
      return [
        row(
          'floor',
          'engine-floor down',
          [node, [engineFloor, 'down', projects.floor, ...(chain ? ['--chain'] : [])]],
          projects.floor,
          floorUp,
          {
            role: 'floor',
          },
        ),
        row(
          'flotilla',
          'flotilla down -t 0',
          fl.flotilla('down', '-t', '0'),
          projects.flotilla,
          fl.flotilla('up', '-d'),
        ),
        row(
          'v1',
          'docker-compose (v1) down -t 0',
          v1.v1('down', '-t', '0'),
          projects.v1,
          v1.v1('up', '-d'),
          {
            role: 'reference',
            skip: needsDockerComposeV1,
          },
        ),
      ];
    },
    targets: [
      { row: 'flotilla', of: 'floor', max },
      { row: 'flotilla', of: 'v1', max: 1, label: `flotilla ${kind} faster than v1` },
    ],
  };
}

/** `ps` and a no-op `up -d` on a running 50-service project, against one list call. */
function runningWorkload() {
  const projects = { flotilla: 'flbenchrun', v1: 'flbenchruncompose' };
  for (const p of Object.values(projects)) engineProjects.add(p);
  return {
    name: 'running-50',
    description: '`ps` and a no-op `up -d` on a running 50-service project, against one list call',
    rounds: 10,
    warmup: 1,
    prepare: async () => {
      const dir = generateEngine()['50'];
      await clean(...Object.values(projects));
      const fl = tools(projects.flotilla).flotilla('up', '-d');
      await run(fl[0], fl[1], dir);
      if (dockerComposeV1) {
        const v1 = tools(projects.v1).v1('up', '-d');
        await run(v1[0], v1[1], dir);
      }
      return { dir };
    },
    cleanup: () => clean(...Object.values(projects)),
    rows: ({ dir }) => {
      const fl = tools(projects.flotilla).flotilla;
      const v1 = tools(projects.v1).v1;
      const v1Row = (id, label, [command, args]) => ({
        id,
        label,
        command,
        args,
        cwd: dir,
        role: 'reference',
        skip: needsDockerComposeV1,
      });
      return [
        {
          id: 'list',
          label: 'engine-floor list (GET /containers/json)',
          command: node,
          args: [engineFloor, 'list', projects.flotilla],
          role: 'floor',
        },
        { id: 'ps', label: 'flotilla ps', command: fl('ps')[0], args: fl('ps')[1], cwd: dir },
        v1Row('v1-ps', 'docker-compose (v1) ps', v1('ps')),
        {
          id: 'noop',
          label: 'flotilla up -d (no-op)',
          command: node,
          args: fl('up', '-d')[1],
          cwd: dir,
        },
        v1Row('v1-noop', 'docker-compose (v1) up -d (no-op)', v1('up', '-d')),
      ];
    },
    targets: [
      { row: 'ps', of: 'list', max: 1.5 },
      { row: 'noop', of: 'list', max: 1.5 },
      { row: 'ps', of: 'v1-ps', max: 1, label: 'flotilla ps faster than v1' },
      { row: 'noop', of: 'v1-noop', max: 1, label: 'flotilla no-op up -d faster than v1' },
    ],
  };
}

// Targets against the floor: 1.1x at 50 services, 1.25x at 1 (fixed costs weigh more there);
// 10 services and the chain sit between.
const engineWorkloads = [
  upDownWorkload('up', '1', 1, 1.25, 10),
  upDownWorkload('down', '1', 1, 1.25, 10),
  upDownWorkload('up', '10', 10, 1.15, 5),
  upDownWorkload('down', '10', 10, 1.15, 5),
  upDownWorkload('up', 'chain', 10, 1.25, 5),
  upDownWorkload('down', 'chain', 10, 1.25, 5),
  upDownWorkload('up', '50', 50, 1.1, 3),
  upDownWorkload('down', '50', 50, 1.1, 3),
  runningWorkload(),
];

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
  ...engineWorkloads,
  ...stackWorkloads,
];
