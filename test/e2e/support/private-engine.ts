// A second, private Docker engine for tests that kill or restart one: its own socket, data root,
// exec root, pidfile, config file and cgroup parent, in a network namespace of its own (so it
// never sees the main engine's docker0 bridge nor the host's firewall: `--bridge none`,
// `--iptables=false`) and a PID namespace of its own whose first process is dockerd: SIGKILL to
// dockerd ends its containerd, shims and containers with it, as a crash of the engine's machine
// would. A private mount namespace gives it its own /sys (of its network namespace) and
// /run/containerd (its shims' sockets), so nothing it mounts is seen outside.
//
// Needs root (ip netns, nsenter, unshare). Everything is removed by cleanup().
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createEngineClient, type EngineClient } from '../../../src/engine/index.js';

/** A private engine; see the file comment. */
export interface PrivateEngine {
  /** `unix:///tmp/fl-e2e-…/docker.sock`. */
  readonly host: string;
  /** The process environment with DOCKER_HOST pointing at this engine. */
  readonly env: NodeJS.ProcessEnv;
  /** A client of this engine. */
  readonly engine: EngineClient;
  /** dockerd's output so far (started with --debug: every API call is logged). */
  log(): string;
  /** Starts dockerd (again, on the same data root) and resolves once it answers. */
  start(): Promise<void>;
  /** SIGKILL to dockerd: the engine dies with everything it ran; resolves once all is gone. */
  kill(): Promise<void>;
  /** SIGTERM to dockerd: an orderly stop; resolves once all is gone. */
  stop(): Promise<void>;
  /** True while dockerd runs. */
  readonly running: boolean;
  /** Stops whatever runs and removes every process, namespace, cgroup and directory. */
  cleanup(): Promise<void>;
}

/**
 * Starts a private engine and loads `images` (default busybox) into it from the main engine.
 * The caller registers {@link PrivateEngine.cleanup} (`after`, at the top of the test file; one
 * registered inside a `before` hook would run when that hook ends); a failed start cleans up
 * by itself.
 * @param topic short name, part of the namespace, cgroup and directory names
 */
export async function startPrivateEngine(
  topic: string,
  images: readonly string[] = ['busybox:latest'],
): Promise<PrivateEngine> {
  const id = `fl-e2e-${topic}-${randomBytes(3).toString('hex')}`;
  const base = mkdtempSync(`/tmp/${id}-`);
  const socket = join(base, 'docker.sock');
  const host = `unix://${socket}`;
  const netns = id;
  const cgroupParent = `/${id}`;
  for (const d of ['data', 'exec', 'cgroup']) mkdirSync(join(base, d));
  writeFileSync(join(base, 'daemon.json'), '{}\n');
  // Inside the new mount namespace: /sys of the network namespace, with the host's cgroups
  // mounted back; a /run/containerd of its own; then dockerd, as the PID namespace's first process.
  writeFileSync(
    join(base, 'start.sh'),
    [
      'set -e',
      `mount --rbind /sys/fs/cgroup ${base}/cgroup`,
      'mount -t sysfs sysfs /sys',
      `mount --move ${base}/cgroup /sys/fs/cgroup`,
      'mkdir -p /run/containerd',
      'mount -t tmpfs tmpfs /run/containerd',
      [
        'exec dockerd --debug',
        `--config-file ${base}/daemon.json`,
        `--host ${host}`,
        `--data-root ${base}/data`,
        `--exec-root ${base}/exec`,
        `--pidfile ${base}/dockerd.pid`,
        `--cgroup-parent ${cgroupParent}`,
        '--bridge none --iptables=false --ip-masq=false --ip-forward=false',
        '--storage-driver vfs --shutdown-timeout 2',
      ].join(' '),
      '',
    ].join('\n'),
  );
  execFileSync('ip', ['netns', 'add', netns]);
  execFileSync('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', 'lo', 'up']);
  const logPath = join(base, 'dockerd.log');
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let dockerdPid: number | undefined;
  const engine = createEngineClient({ host });

  const start = async (): Promise<void> => {
    const out = openSync(logPath, 'a');
    child = spawn(
      'nsenter',
      [
        `--net=/run/netns/${netns}`,
        'unshare',
        '--mount',
        '--propagation',
        'private',
        '--pid',
        '--fork',
        '--kill-child',
        '--mount-proc',
        'sh',
        join(base, 'start.sh'),
      ],
      { stdio: ['ignore', out, out] },
    );
    closeSync(out);
    const c = child;
    exited = new Promise((resolve) => {
      c.once('exit', () => {
        resolve();
      });
    });
    // dockerd is unshare's child (the shell execs it); its PID in our namespace is read from
    // the process tree, the pidfile holding 1, its PID in its own.
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (c.exitCode !== null || c.signalCode !== null) {
        throw new Error(`the private engine did not start:\n${tail(logPath)}`);
      }
      dockerdPid ??= childOf(c.pid ?? 0);
      if (dockerdPid !== undefined) {
        try {
          await engine.ping({ signal: AbortSignal.timeout(5000) });
          return;
        } catch {
          // not listening yet
        }
      }
      if (Date.now() > deadline) {
        throw new Error(`the private engine did not answer within 120 s:\n${tail(logPath)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    if (child === undefined || dockerdPid === undefined) return;
    try {
      process.kill(dockerdPid, sig);
    } catch {
      // already gone
    }
    await exited;
    child = undefined;
    dockerdPid = undefined;
  };

  const self: PrivateEngine = {
    host,
    env: { ...process.env, DOCKER_HOST: host },
    engine,
    log: () => readFileSync(logPath, 'utf8'),
    start,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    get running() {
      return child !== undefined;
    },
    async cleanup() {
      engine.close();
      await signal('SIGKILL');
      await removeCgroups(cgroupParent);
      try {
        execFileSync('ip', ['netns', 'delete', netns]);
      } catch {
        // not there
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
  try {
    await start();
    for (const image of images) await loadImage(image, host);
  } catch (err) {
    await self.cleanup();
    throw err;
  }
  return self;
}

/** The first child of process `pid`, from /proc. */
function childOf(pid: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    const first = Number(text.split(/\s+/)[0]);
    return Number.isInteger(first) && first > 0 ? first : undefined;
  } catch {
    return undefined;
  }
}

/** Copies an image of the main engine into the engine at `host`. */
function loadImage(image: string, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-o', 'pipefail', '-c', `docker save "$1" | docker -H "$2" load -q`, 'load', image, host],
      { env: { ...process.env, DOCKER_HOST: '' } },
      (err, _stdout, stderr) => {
        if (err) reject(new Error(`cannot load ${image} into ${host}: ${stderr}`));
        else resolve();
      },
    );
  });
}

/** Removes the cgroup `parent` (with the containers' cgroups under it) in every hierarchy. */
async function removeCgroups(parent: string): Promise<void> {
  const root = '/sys/fs/cgroup';
  let hierarchies: string[];
  try {
    hierarchies = readdirSync(root).map((h) => join(root, h));
  } catch {
    return;
  }
  for (const h of hierarchies) {
    // cpu and cpuacct are links to one hierarchy (cpu,cpuacct): visit it once.
    if (lstatSync(h).isSymbolicLink()) continue;
    const top = join(h, parent);
    try {
      if (!statSync(top).isDirectory()) continue;
    } catch {
      continue;
    }
    await removeTree(top);
  }
}

async function removeTree(dir: string): Promise<void> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await removeTree(join(dir, entry.name));
  }
  // The killed processes leave their cgroups within moments: poll until it is empty.
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      rmdirSync(dir);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
