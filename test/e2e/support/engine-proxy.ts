// A pass-through proxy in front of the engine's socket that notes the requests a CLI sends and
// whether the engine has begun to answer them: the state a test polls for instead of sleeping
// ("the events stream is subscribed", "the wait is registered"). The engine answers a stream
// request (`/events`, `/containers/x/wait`, `/containers/x/attach`) once it is in place.
import { connect, createServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One request seen on the way to the engine. */
interface SeenRequest {
  /** `POST /v1.41/containers/abc/wait?condition=not-running` */
  readonly line: string;
  /** Whether the engine has sent any of its answer. */
  answered: boolean;
}

/** A proxy to hand to a CLI as DOCKER_HOST. */
export interface EngineProxy {
  /** `unix:///tmp/.../engine.sock`, for DOCKER_HOST. */
  readonly host: string;
  /** Whether a request whose line matches `pattern` has been answered (its answer begun). */
  answered(pattern: RegExp): boolean;
  /** The request lines seen so far, for failure messages. */
  lines(): string[];
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/;

/**
 * Starts a proxy to the engine's unix socket (DOCKER_HOST's, else /var/run/docker.sock).
 * @example const proxy = await startEngineProxy(); env.DOCKER_HOST = proxy.host;
 */
export async function startEngineProxy(): Promise<EngineProxy> {
  const upstreamHost = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (!upstreamHost.startsWith('unix://')) throw new Error(`not a unix socket: ${upstreamHost}`);
  const upstreamPath = upstreamHost.slice('unix://'.length);
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-proxy-'));
  const path = join(dir, 'engine.sock');
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(upstreamPath);
    sockets.add(client).add(upstream);
    let current: SeenRequest | undefined;
    client.on('data', (chunk: Buffer) => {
      const m = REQUEST_LINE.exec(chunk.toString('latin1'));
      if (m !== null) {
        current = { line: `${m[1]} ${m[2]}`, answered: false };
        seen.push(current);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (current !== undefined) current.answered = true;
      client.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    host: `unix://${path}`,
    answered: (pattern) => seen.some((r) => r.answered && pattern.test(r.line)),
    lines: () => seen.map((r) => `${r.line}${r.answered ? '' : ' (no answer yet)'}`),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
