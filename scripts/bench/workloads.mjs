// The workloads of `npm run bench`, in the order they run. Each names its floor (the least a
// program doing the same job must cost, measured in the same rounds) and its targets as median
// ratios; see harness.mjs for the fields. The engine workloads (up/down, ps, a no-op up, build)
// run against a real engine, with engine-floor.mjs (build-floor.mjs) as their floor, and
// docker compose v2 and docker-compose (v1) beside (tools.mjs).
import { join } from 'node:path';
import { buildWorkload } from './build-workload.mjs';
import { generate, generateEngine } from './generate.mjs';
import {
  clean,
  composeV2Env,
  dockerComposeV1,
  engineFloor,
  engineProjects,
  floors,
  flotilla,
  needsComposeV2,
  needsDockerComposeV1,
  node,
  run,
  tools,
} from './tools.mjs';
import { stackWorkloads } from './stack-workloads.mjs';

export { which } from './tools.mjs';

// ---- engine workloads -------------------------------------------------------------------------
// Each row has its own project (flbench...), so no row ever sees another's containers. Every
// up row is followed, untimed, by engine-floor.mjs clean; every down row is preceded, untimed,
// by the same tool's own `up -d` (so its down finds what it expects). Each workload also cleans
// its projects before it starts (leftovers of an interrupted run) and when it ends, and an
// interrupt (SIGINT, SIGTERM, SIGHUP) cleans every engine project before exiting (tools.mjs).

/**
 * An up or a down workload for one generated directory.
 * @param kind 'up' | 'down'
 * @param key  '1' | '10' | '50' | '200' | '500' | 'chain' (the .bench/engine-KEY directory)
 * @param options.v1 false leaves the docker-compose v1 row out
 */
function upDownWorkload(kind, key, count, max, rounds, options = {}) {
  const chain = key === 'chain';
  const base = `flbench${kind === 'down' ? 'down' : ''}${key}`;
  const projects = {
    floor: `${base}floor`,
    flotilla: base,
    v1: `${base}compose`,
    v2: `${base}v2`,
  };
  for (const p of Object.values(projects)) engineProjects.add(p);
  const what = chain
    ? `a ${count}-service depends_on chain`
    : `${count} service${count > 1 ? 's' : ''}`;
  const floorUp = [
    node,
    [engineFloor, 'up', projects.floor, String(count), ...(chain ? ['--chain'] : [])],
    undefined,
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
      const v2 = tools(projects.v2);
      const row = (id, label, [command, args, env], project, up, extra = {}) => ({
        id,
        label,
        command,
        args,
        env,
        cwd: dir,
        after: () => clean(project),
        // Hundreds of containers take minutes on a busy machine.
        ...(count >= 200 ? { limitMs: 900_000 } : {}),
        ...(kind === 'down'
          ? {
              before: async () => {
                await clean(project);
                await run(up[0], up[1], dir, up[2]);
              },
            }
          : {}),
        ...extra,
      });
      const v1Extra = {
        role: 'reference',
        skip: options.v1 === false ? () => 'not measured at this scale' : needsDockerComposeV1,
      };
      const v2Extra = { role: 'reference', skip: needsComposeV2 };
      if (kind === 'up') {
        return [
          row('floor', `engine-floor up ${count}`, floorUp, projects.floor, null, {
            role: 'floor',
          }),
          row('flotilla', 'flotilla up -d', fl.flotilla('up', '-d'), projects.flotilla),
          row('v2', 'docker compose (v2) up -d', v2.v2('up', '-d'), projects.v2, null, v2Extra),
          row('v1', 'docker-compose (v1) up -d', v1.v1('up', '-d'), projects.v1, null, v1Extra),
        ];
      }
      const floorDown = [
        node,
        [engineFloor, 'down', projects.floor, ...(chain ? ['--chain'] : [])],
        undefined,
      ];
      return [
        row('floor', 'engine-floor down', floorDown, projects.floor, floorUp, { role: 'floor' }),
        row(
          'flotilla',
          'flotilla down -t 0',
          fl.flotilla('down', '-t', '0'),
          projects.flotilla,
          fl.flotilla('up', '-d'),
        ),
        row(
          'v2',
          'docker compose (v2) down -t 0',
          v2.v2('down', '-t', '0'),
          projects.v2,
          v2.v2('up', '-d'),
          v2Extra,
        ),
        row(
          'v1',
          'docker-compose (v1) down -t 0',
          v1.v1('down', '-t', '0'),
          projects.v1,
          v1.v1('up', '-d'),
          v1Extra,
        ),
      ];
    },
    targets: [
      { row: 'flotilla', of: 'floor', max },
      { row: 'flotilla', of: 'v2', max: 1, label: `flotilla ${kind} faster than compose v2` },
      { row: 'flotilla', of: 'v1', max: 1, label: `flotilla ${kind} faster than v1` },
    ],
  };
}

/**
 * `ps` and a no-op `up -d` on a running 50-service project, against one list call. docker
 * compose v2 runs on flotilla's project (it takes it over as its own: the config hashes of
 * these services agree), v1 on its own.
 */
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
      const t = tools(projects.flotilla);
      const v1 = tools(projects.v1).v1;
      const row = (id, label, [command, args, env], extra = {}) => ({
        id,
        label,
        command,
        args,
        env,
        cwd: dir,
        ...extra,
      });
      const v1Extra = { role: 'reference', skip: needsDockerComposeV1 };
      const v2Extra = { role: 'reference', skip: needsComposeV2 };
      return [
        row(
          'list',
          'engine-floor list (GET /containers/json)',
          [node, [engineFloor, 'list', projects.flotilla], undefined],
          { role: 'floor' },
        ),
        row('ps', 'flotilla ps', t.flotilla('ps')),
        row('v2-ps', 'docker compose (v2) ps', t.v2('ps'), v2Extra),
        row('v1-ps', 'docker-compose (v1) ps', v1('ps'), v1Extra),
        row('noop', 'flotilla up -d (no-op)', t.flotilla('up', '-d')),
        row('v2-noop', 'docker compose (v2) up -d (no-op)', t.v2('up', '-d'), v2Extra),
        row('v1-noop', 'docker-compose (v1) up -d (no-op)', v1('up', '-d'), v1Extra),
      ];
    },
    targets: [
      { row: 'ps', of: 'list', max: 2 },
      { row: 'noop', of: 'list', max: 2 },
      { row: 'ps', of: 'v2-ps', max: 1, label: 'flotilla ps faster than compose v2' },
      { row: 'noop', of: 'v2-noop', max: 1, label: 'flotilla no-op up -d faster than compose v2' },
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
  // At scale: one round each, docker-compose v1 left out (minutes per round at 500).
  upDownWorkload('up', '200', 200, 1.1, 1, { v1: false }),
  upDownWorkload('down', '200', 200, 1.1, 1, { v1: false }),
  upDownWorkload('up', '500', 500, 1.1, 1, { v1: false }),
  upDownWorkload('down', '500', 500, 1.1, 1, { v1: false }),
  runningWorkload(),
  buildWorkload(),
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
      {
        id: 'v2',
        label: 'docker compose (v2) version',
        command: 'docker',
        args: ['compose', 'version'],
        env: composeV2Env(),
        role: 'reference',
        skip: needsComposeV2,
      },
    ],
    targets: [
      { row: 'version', of: 'node', max: 1.5 },
      { row: 'version', of: 'v2', max: 1, label: 'flotilla version faster than compose v2' },
    ],
  },
  {
    name: 'config',
    description: 'the loader on a generated 500-service file (~450 KB)',
    rounds: 7,
    // docker compose v2's row is shown as `> 60 s` if it takes longer.
    limitMs: 60_000,
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
          id: 'v2-json',
          label: 'docker compose (v2) config --format json',
          command: 'docker',
          args: ['compose', '-f', file, 'config', '--format', 'json'],
          env: composeV2Env(),
          cwd,
          role: 'reference',
          skip: needsComposeV2,
        },
        {
          id: 'v2-quiet',
          label: 'docker compose (v2) config -q',
          command: 'docker',
          args: ['compose', '-f', file, 'config', '-q'],
          env: composeV2Env(),
          cwd,
          role: 'reference',
          skip: needsComposeV2,
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
      {
        row: 'json',
        of: 'v2-json',
        max: 1,
        label: 'flotilla config --format json faster than compose v2',
      },
      { row: 'quiet', of: 'v2-quiet', max: 1, label: 'flotilla config -q faster than compose v2' },
      { row: 'json', of: 'v1', max: 1, label: 'flotilla config --format json faster than v1' },
      { row: 'quiet', of: 'v1', max: 1, label: 'flotilla config -q faster than v1' },
    ],
  },
  ...engineWorkloads,
  ...stackWorkloads,
];
