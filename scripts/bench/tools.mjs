// The programs `npm run bench` compares, and the untimed helpers its workloads share: flotilla,
// docker compose v2 (Debian 13's 2.26.1 in the private DOCKER_CONFIG that
// scripts/setup/compose-v2.sh prepares), Debian's docker-compose v1, and the engine floor.
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { repoRoot } from './generate.mjs';
import { cleanEnv, killRunning } from './harness.mjs';

export const node = process.execPath;
// FLOTILLA_BENCH_BIN measures another build of the CLI (a path to its entry script).
export const flotilla = process.env.FLOTILLA_BENCH_BIN
  ? resolve(process.env.FLOTILLA_BENCH_BIN)
  : join(repoRoot, 'bin', 'flotilla.js');
export const floors = join(repoRoot, 'scripts', 'bench', 'floors');
export const engineFloor = join(repoRoot, 'scripts', 'bench', 'engine-floor.mjs');

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

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const dockerComposeV1 = which('docker-compose');
export const needsDockerComposeV1 = () =>
  dockerComposeV1 ? undefined : 'docker-compose (Debian package docker-compose) is not installed';

/** The DOCKER_CONFIG whose cli-plugins hold docker compose v2 (and buildx). */
export const composeV2Config =
  process.env.FLOTILLA_COMPOSE_V2_CONFIG ?? '/var/cache/flotilla-ci/docker-config';
const docker = which('docker');
const composeV2Present =
  docker !== undefined && executable(join(composeV2Config, 'cli-plugins', 'docker-compose'));
export const needsComposeV2 = () =>
  composeV2Present
    ? undefined
    : `docker compose v2 is not in ${composeV2Config} (bash scripts/setup/compose-v2.sh)`;

/**
 * The environment of docker compose v2's runs: the private DOCKER_CONFIG, and the classic
 * builder (the BuildKit rows come with flotilla's BuildKit support).
 */
export const composeV2Env = () =>
  cleanEnv({ DOCKER_CONFIG: composeV2Config, DOCKER_BUILDKIT: '0' });

/** `docker compose version --short` of the v2 rows, or why there are none. */
export function composeV2Version() {
  if (!composeV2Present) return 'not set up';
  try {
    return execFileSync('docker', ['compose', 'version', '--short'], {
      env: composeV2Env(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'present (version unknown)';
  }
}

/**
 * The tools' commands for one project, each `[command, args, env]` (env undefined: the
 * harness's clean environment).
 */
export function tools(project) {
  const f = ['-p', project, '-f', 'compose.yaml'];
  return {
    flotilla: (...args) => [node, [flotilla, ...f, ...args], undefined],
    v1: (...args) => [dockerComposeV1 ?? 'docker-compose', [...f, ...args], undefined],
    v2: (...args) => ['docker', ['compose', ...f, ...args], composeV2Env()],
  };
}

/** Runs a command to completion (untimed hooks); rejects with its stderr when it fails. */
export function run(command, args, cwd, env = cleanEnv()) {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd, env, maxBuffer: 16 << 20 }, (err, _out, stderr) => {
      if (err) {
        const detail = String(stderr).trim().split('\n').slice(-4).join('\n  ');
        reject(new Error(`${[command, ...args].join(' ')} failed: ${detail || err.message}`));
      } else resolvePromise();
    });
  });
}

/** Every engine project the workloads use, for the clean-up on an interrupt. */
export const engineProjects = new Set();

/** Removes the projects' containers and networks, whichever tool made them. */
export const clean = (...projects) => run(node, [engineFloor, 'clean', ...projects]);

/** Extra clean-ups on an interrupt (images of the build workload). */
export const onInterrupt = [];

function cleanOnSignal(signal, code) {
  process.once(signal, () => {
    killRunning();
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
    for (const f of onInterrupt) f();
    process.exit(code);
  });
}
cleanOnSignal('SIGINT', 130);
cleanOnSignal('SIGTERM', 143);
cleanOnSignal('SIGHUP', 129);
