// Makes a registry of this machine's loopback (scripts/setup/registry.sh, 127.0.0.1:5050)
// reachable from the swarm nodes under the same name: each node's own 127.0.0.1:PORT is relayed,
// through a Unix socket in the cluster's work dir, to 127.0.0.1:PORT here. So an image pushed from
// the main engine as 127.0.0.1:5050/... is pulled by every node by that very name, as a registry
// both the CI runner and the swarm reach would be. Nothing is added to any network namespace's
// links, routes or firewall: only four relay processes, stopped by `stop()`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SWARM_DIR } from './swarm.js';

const RELAY = join(import.meta.dirname, 'tcp-relay.mjs');

/** The running relays of one registry port. */
export interface RegistryRelay {
  /** Kills the relay processes (by their pids) and removes the socket. */
  stop(): Promise<void>;
}

function startRelay(command: string, args: readonly string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // stdin stays open while this process lives: the relay ends with it.
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('ready')) resolve(child);
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

/** Starts the relays of 127.0.0.1:`port` into nodes 1..3 of the swarm cluster. */
export async function relayRegistryToNodes(port = 5050): Promise<RegistryRelay> {
  const socket = join(SWARM_DIR, `registry-relay-${randomBytes(3).toString('hex')}.sock`);
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((done) => {
            if (c.exitCode !== null || c.signalCode !== null) {
              done();
              return;
            }
            c.once('exit', () => {
              done();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    rmSync(socket, { force: true });
  };
  try {
    children.push(
      await startRelay(process.execPath, [RELAY, `unix:${socket}`, `tcp:127.0.0.1:${port}`]),
    );
    for (const n of [1, 2, 3]) {
      children.push(
        await startRelay('ip', [
          'netns',
          'exec',
          `flotilla-swarm-${n}`,
          process.execPath,
          RELAY,
          `tcp:127.0.0.1:${port}`,
          `unix:${socket}`,
        ]),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
