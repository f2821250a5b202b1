// The multi-node swarm of scripts/setup/swarm-cluster.sh for the stack tests: its engines, the
// docker CLI and flotilla pointed at its manager, a lock that keeps the node-killing test from
// running beside the others, and clean-up of each test file's stacks on every node.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { createEngineClient, isEngineError, type EngineClient } from '../../../src/engine/index.js';
import { repoRoot, runFlotilla, type CliResult } from './cli.js';

/** The cluster's work dir, as swarm-cluster.sh uses it. */
export const SWARM_DIR = process.env.FLOTILLA_SWARM_DIR ?? '/var/lib/flotilla-swarm';
/** Node sockets: node1 is the manager, node2 and node3 are workers. */
export const NODE_SOCKETS = [1, 2, 3].map((n) => `unix://${SWARM_DIR}/n${n}.sock`);
export const MANAGER = NODE_SOCKETS[0];
/** Each node's address on the cluster's network (reachable from the hub namespace only). */
export const NODE_ADDRESSES = ['10.213.0.11', '10.213.0.12', '10.213.0.13'];
/** The registry every node can pull from. */
export const REGISTRY = '10.213.0.1:5000';
const CLUSTER_SCRIPT = join(repoRoot, 'scripts/setup/swarm-cluster.sh');

/** The environment that points the docker CLI and flotilla at node `n` (1-based). */
export function nodeEnv(n = 1): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: NODE_SOCKETS[n - 1] };
  delete env.DOCKER_CONTEXT;
  delete env.COMPOSE_PROJECT_NAME;
  delete env.COMPOSE_FILE;
  return env;
}

/** Runs `flotilla ARGS` against the manager, in `cwd`. */
export function flotillaOnSwarm(
  args: readonly string[],
  cwd?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  return runFlotilla(['--progress', 'plain', ...args], { cwd, env: { ...nodeEnv(1), ...env } });
}

/** Runs a command; resolves with its status and output, never rejects. */
export function run(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      {
        env: options.env,
        cwd: options.cwd,
        maxBuffer: 16 << 20,
        timeout: options.timeoutMs ?? 120_000,
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** The docker CLI (28, negotiating API 1.41) against node `n`. */
export function dockerOn(n: number, args: readonly string[], cwd?: string): Promise<CliResult> {
  return run('docker', args, { env: nodeEnv(n), cwd });
}

/** `curl` from the hub namespace, the cluster's outside: the body, or undefined when it fails. */
export async function curlFromHub(url: string): Promise<string | undefined> {
  const r = await run('bash', [CLUSTER_SCRIPT, 'hub', 'curl', '-fsS', '--max-time', '3', url], {
    timeoutMs: 10_000,
  });
  return r.code === 0 ? r.stdout : undefined;
}

/** `swarm-cluster.sh kill-node N` / `start-node N`. */
export async function clusterScript(...args: string[]): Promise<void> {
  const r = await run('bash', [CLUSTER_SCRIPT, ...args], { timeoutMs: 180_000 });
  if (r.code !== 0) throw new Error(`swarm-cluster.sh ${args.join(' ')} failed: ${r.stderr}`);
}

/** Polls `check` every 250 ms until it returns a value that is not undefined. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 90_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`,
  );
}

/** A test file's use of the cluster. */
export interface SwarmScope {
  /** Engine clients of node1 (manager), node2, node3. */
  readonly nodes: readonly EngineClient[];
  readonly manager: EngineClient;
  /** A unique stack name, `e2e<topic><n>-<random>`. */
  stack(suffix: string): string;
  /** Node hostname by node ID. */
  hostnames(): Promise<Map<string, string>>;
}

/**
 * Joins the cluster for one test file: waits for the cluster lock (shared, or exclusive for a
 * test that takes nodes down), and after the file removes its stacks (services, networks,
 * secrets, configs, then volumes on every node).
 */
export function swarmScope(topic: string, options: { exclusive?: boolean } = {}): SwarmScope {
  const nodes = NODE_SOCKETS.map((host) => createEngineClient({ host }));
  const id = randomBytes(2).toString('hex');
  const stacks = new Set<string>();
  let release: (() => void) | undefined;
  before(
    async () => {
      release = await lockCluster(options.exclusive === true);
    },
    { timeout: 30 * 60_000 },
  );
  after(
    async () => {
      try {
        for (const stack of stacks) await removeEverywhere(nodes, stack);
      } finally {
        release?.();
        for (const n of nodes) n.close();
      }
    },
    { timeout: 5 * 60_000 },
  );
  return {
    nodes,
    manager: nodes[0],
    stack(suffix) {
      const name = `e2e${topic}${suffix}-${id}`;
      stacks.add(name);
      return name;
    },
    async hostnames() {
      const list = await nodes[0].nodes.list();
      return new Map(list.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
    },
  };
}

/** Removes a stack with the docker CLI's labels from the swarm, then its volumes on every node. */
export async function removeEverywhere(
  nodes: readonly EngineClient[],
  stack: string,
): Promise<void> {
  const manager = nodes[0];
  const filters = { label: [`com.docker.stack.namespace=${stack}`] };
  const ignore = (err: unknown): void => {
    if (!isEngineError(err)) throw err;
  };
  for (const s of await manager.services.list({ filters }))
    await manager.services.remove(s.ID).catch(ignore);
  for (const s of await manager.secrets.list({ filters }))
    await manager.secrets.remove(s.ID).catch(ignore);
  for (const c of await manager.configs.list({ filters }))
    await manager.configs.remove(c.ID).catch(ignore);
  await waitFor(
    async () => {
      for (const n of nodes) {
        const left = await n.containers.list({ filters }).catch(() => []);
        if (left.length > 0) return undefined;
      }
      return true;
    },
    `the containers of stack ${stack} to stop`,
    120_000,
  ).catch(() => undefined);
  // Swarm leaves the containers of completed job tasks behind.
  for (const n of nodes) {
    for (const c of await n.containers.list({ all: true, filters }).catch(() => [])) {
      await n.containers.remove(c.Id, { force: true }).catch(ignore);
    }
  }
  for (const n of await manager.networks.list({ filters }))
    await manager.networks.remove(n.Id).catch(ignore);
  for (const n of nodes) {
    const { Volumes } = await n.volumes.list({ filters }).catch(() => ({ Volumes: [] }));
    for (const v of Volumes) await n.volumes.remove(v.Name, { force: true }).catch(ignore);
  }
}

/**
 * A readers-writer lock between test processes: shared holders leave a file named after their
 * pid, the exclusive holder creates (atomically) a file holding its pid; holders whose process
 * is gone do not count.
 */
async function lockCluster(exclusive: boolean): Promise<() => void> {
  const dir = join(SWARM_DIR, 'e2e-locks');
  mkdirSync(dir, { recursive: true });
  const writer = join(dir, 'exclusive');
  const mine = join(dir, `shared-${process.pid}`);
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const writerAlive = (): boolean => {
    let pid: number;
    try {
      pid = Number(readFileSync(writer, 'utf8'));
    } catch {
      return false;
    }
    if (pid === process.pid || (Number.isInteger(pid) && pid > 0 && alive(pid))) return true;
    rmSync(writer, { force: true });
    return false;
  };
  const readers = (): number =>
    readdirSync(dir).filter((f) => {
      const m = /^shared-(\d+)$/.exec(f);
      if (m === null || Number(m[1]) === process.pid) return false;
      if (alive(Number(m[1]))) return true;
      rmSync(join(dir, f), { force: true });
      return false;
    }).length;
  const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 500));
  if (exclusive) {
    for (;;) {
      try {
        writeFileSync(writer, String(process.pid), { flag: 'wx' });
        break;
      } catch {
        writerAlive();
        await pause();
      }
    }
    while (readers() > 0) await pause();
    return () => {
      rmSync(writer, { force: true });
    };
  }
  for (;;) {
    writeFileSync(mine, '');
    if (!writerAlive()) break;
    rmSync(mine, { force: true });
    await pause();
  }
  return () => {
    rmSync(mine, { force: true });
  };
}
