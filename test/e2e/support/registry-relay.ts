// Makes a registry of this machine's loopback (scripts/setup/registry.sh, 127.0.0.1:5050)
// reachable from the swarm nodes under the same name: each node's own 127.0.0.1:PORT is relayed,
// through a Unix socket in the cluster's work dir, to 127.0.0.1:PORT here. So an image pushed from
// the main engine as 127.0.0.1:5050/... is pulled by every node by that very name, as from a
// registry that both a CI runner and the swarm reach. Nothing is added to any network
// namespace's links, routes or firewall: only four relay processes.
//
// Test files that run at once share the relays: each registers itself (a file named after its
// pid) and the last one to leave stops them. The relays end by themselves once their marker file
// is gone (the last user removed it, or `swarm-cluster.sh down` removed the work dir), so a test
// process that died leaves nothing running for long.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, SWARM_DIR, waitFor } from './swarm.js';

const RELAY = join(import.meta.dirname, 'tcp-relay.mjs');

/** The relays, as one test file uses them. */
export interface RegistryRelay {
  /** Unregisters this process; the last user stops the relays. */
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` holding a lock directory (a holder gone for 60 s no longer counts). */
async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(dir, 'lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { recursive: true });
      } catch {
        // removed meanwhile
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Starts one relay, detached; resolves once it listens. */
function startRelay(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('ready')) {
        child.stdout.destroy();
        child.stderr.destroy();
        child.unref();
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      reject(new Error(`relay ${args.join(' ')} ended (${code}) before it was ready: ${output}`));
    });
  });
}

/** Whether node `n` reaches the registry on its own 127.0.0.1:`port`. */
async function nodeReaches(n: number, port: number): Promise<boolean> {
  const r = await run(
    'ip',
    [
      'netns',
      'exec',
      `flotilla-swarm-${n}`,
      'curl',
      '-fsS',
      '-o',
      '/dev/null',
      '--max-time',
      '3',
      `http://127.0.0.1:${port}/v2/`,
    ],
    { timeoutMs: 10_000 },
  );
  return r.code === 0;
}

/** Whether something listens on 127.0.0.1:`port` in node `n`. */
async function nodeListens(n: number, port: number): Promise<boolean> {
  const r = await run(
    'ip',
    ['netns', 'exec', `flotilla-swarm-${n}`, 'ss', '-Hltn', `sport = :${port}`],
    {
      timeoutMs: 10_000,
    },
  );
  return r.stdout.trim() !== '';
}

/** The relay in this namespace (Unix socket to the registry) and one in each node. */
async function startRelays(port: number, socket: string, marker: string): Promise<void> {
  await startRelay(process.execPath, [RELAY, `unix:${socket}`, `tcp:127.0.0.1:${port}`, marker]);
  for (const n of [1, 2, 3]) {
    await startRelay('ip', [
      'netns',
      'exec',
      `flotilla-swarm-${n}`,
      process.execPath,
      RELAY,
      `tcp:127.0.0.1:${port}`,
      `unix:${socket}`,
      marker,
    ]);
  }
}

/** The marker files of running relay generations in `dir`. */
function markers(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith('running.'))
    .map((f) => join(dir, f));
}

/** Registers this process as a user of the relays of 127.0.0.1:`port`, starting them if needed. */
export async function relayRegistryToNodes(port = 5050): Promise<RegistryRelay> {
  const dir = join(SWARM_DIR, `registry-relay-${port}`);
  const users = join(dir, 'users');
  mkdirSync(users, { recursive: true });
  await withLock(dir, async () => {
    writeFileSync(join(users, String(process.pid)), '');
    if (markers(dir).length > 0) {
      const reached = await Promise.all([1, 2, 3].map((n) => nodeReaches(n, port)));
      if (reached.every(Boolean)) return;
    }
    // Every generation of relays has its own marker and socket, so relays of an earlier one end
    // (within a second of their marker going) without a new marker keeping them alive or their
    // exit unlinking the new socket. Their ports are waited for, whether a marker was seen or not:
    // the last user of the previous generation may have left a moment ago.
    for (const old of markers(dir)) rmSync(old, { force: true });
    await waitFor(
      async () =>
        (await Promise.all([1, 2, 3].map((n) => nodeListens(n, port)))).some(Boolean)
          ? undefined
          : true,
      `the old registry relays to end`,
      15_000,
    );
    const generation = `${process.pid}-${Date.now()}`;
    const marker = join(dir, `running.${generation}`);
    writeFileSync(marker, '');
    try {
      await startRelays(port, join(dir, `relay-${generation}.sock`), marker);
    } catch (err) {
      rmSync(marker, { force: true });
      throw err;
    }
  });
  return {
    async stop() {
      await withLock(dir, () => {
        rmSync(join(users, String(process.pid)), { force: true });
        const left = readdirSync(users).filter((f) => {
          if (alive(Number(f))) return true;
          rmSync(join(users, f), { force: true });
          return false;
        });
        if (left.length === 0) for (const m of markers(dir)) rmSync(m, { force: true });
        return Promise.resolve();
      });
    },
  };
}
