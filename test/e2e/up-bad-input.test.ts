// Bad input changes nothing: an invalid compose file, an unknown service and a missing build
// context each fail with a clear message and a non-zero exit before anything of the project
// exists (or changes, when it is already running); a port already in use fails midway, naming
// the port, and the next `up -d` converges once the port is free.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { engineScope } from './support/engine.js';
import { scaled } from './support/timing.js';

const scope = engineScope('upbad');
const { engine } = scope;
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const dir = join(import.meta.dirname, 'testdata/up-bad-input');
const byProject = { label: [`com.docker.compose.project=${project}`] };
let port = 0;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[]): Promise<Result> {
  const env = { ...process.env, COMPOSE_PROGRESS: 'plain', WEB_PORT: String(port) };
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [bin, '-p', project, ...args],
      { env, cwd: dir, maxBuffer: 16 << 20, timeout: scaled(120_000) },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** Everything of the project on the engine, as sorted `kind name state` lines. */
async function resources(): Promise<string[]> {
  const containers = await engine.containers.list({ all: true, filters: byProject });
  const networks = await engine.networks.list({ filters: byProject });
  const { Volumes } = await engine.volumes.list({ filters: byProject });
  return [
    ...containers.map((c) => `container ${c.Names[0].slice(1)} ${c.Id} ${c.State}`),
    ...networks.map((n) => `network ${n.Name} ${n.Id}`),
    ...Volumes.map((v) => `volume ${v.Name}`),
  ].sort();
}

async function removeProject(): Promise<void> {
  for (const c of await engine.containers.list({ all: true, filters: byProject })) {
    await engine.containers.remove(c.Id, { force: true, volumes: true }).catch(() => undefined);
  }
  for (const n of await engine.networks.list({ filters: byProject })) {
    await engine.networks.remove(n.Id).catch(() => undefined);
  }
  for (const v of (await engine.volumes.list({ filters: byProject })).Volumes) {
    await engine.volumes.remove(v.Name, { force: true }).catch(() => undefined);
  }
}

/** Listens on 127.0.0.1 on a free port in the 20000-45000 range. */
async function holdPort(): Promise<Server> {
  for (;;) {
    const candidate = 20000 + Math.floor(Math.random() * 25000);
    const server = createServer();
    const ok = await new Promise<boolean>((done) => {
      server.once('error', () => {
        done(false);
      });
      server.listen(candidate, '127.0.0.1', () => {
        done(true);
      });
    });
    if (ok) {
      port = candidate;
      return server;
    }
  }
}

function httpStatus(): Promise<number> {
  return new Promise((done, fail) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    }).on('error', fail);
  });
}

/** The invalid inputs, each with what its error must say. */
const badInputs: { what: string; args: string[]; message: RegExp }[] = [
  {
    what: 'an invalid compose file',
    args: ['-f', 'invalid.yaml', 'up', '-d'],
    message: /invalid\.yaml:5:5: services\.web\.ports must be a(n)? (array|list)/,
  },
  {
    what: 'an unknown service',
    args: ['up', '-d', 'nosuch'],
    message: /^no such service: nosuch$/m,
  },
  {
    // A name on the command line is not in a file: no file location in front of the message.
    what: 'an unknown service to run',
    args: ['run', '--rm', 'nosuch', 'true'],
    message: /^no such service: nosuch$/m,
  },
  {
    what: 'a missing build context',
    args: ['-f', 'build.yaml', 'up', '-d'],
    message:
      /^build of service "app" failed: build context \/\S*\/up-bad-input\/nope does not exist$/m,
  },
];

before(async () => {
  if (!existsSync(join(root, 'dist/cli/main.js'))) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--no-lib'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(build.status, 0, build.stderr);
  }
  await removeProject();
});

after(removeProject);

test('up-bad-input fails with a clear message and creates nothing of the project', async () => {
  for (const { what, args, message } of badInputs) {
    const r = await cli(args);
    assert.notEqual(r.code, 0, `${what}: exit code`);
    assert.match(r.stderr, message, what);
    assert.doesNotMatch(r.stderr, /ENOENT|lstat/, `${what}: raw system error text`);
    assert.deepEqual(await resources(), [], `${what} left resources behind`);
  }
});

test('up-bad-input reports a port already in use, and the next up converges once it is free', async () => {
  const server = await holdPort();
  let failed: Result;
  try {
    failed = await cli(['up', '-d']);
  } finally {
    await new Promise((done) => server.close(done));
  }
  assert.notEqual(failed.code, 0, failed.stdout);
  assert.match(failed.stderr, new RegExp(`127\\.0\\.0\\.1:${port}\\b`));
  assert.match(failed.stderr, /address already in use|port is already allocated/);
  assert.match(failed.stderr, new RegExp(`${project}-web-1`));
  // The engine failed midway: db runs, web was created but could not start.
  const midway = await engine.containers.list({ all: true, filters: byProject });
  const state = Object.fromEntries(midway.map((c) => [c.Names[0].slice(1), c.State]));
  assert.deepEqual(state, { [`${project}-db-1`]: 'running', [`${project}-web-1`]: 'created' });

  const again = await cli(['up', '-d']);
  assert.equal(again.code, 0, again.stderr);
  const converged = await engine.containers.list({ all: true, filters: byProject });
  assert.deepEqual(converged.map((c) => `${c.Names[0].slice(1)} ${c.State}`).sort(), [
    `${project}-db-1 running`,
    `${project}-web-1 running`,
  ]);
  assert.equal(await httpStatus(), 404);
});

test('up-bad-input leaves a running project exactly as it was', async () => {
  const before = await resources();
  assert.equal(
    before.filter((r) => r.startsWith('container ') && r.endsWith(' running')).length,
    2,
  );
  for (const { what, args, message } of badInputs) {
    const r = await cli(args);
    assert.notEqual(r.code, 0, `${what}: exit code`);
    assert.match(r.stderr, message, what);
    assert.deepEqual(await resources(), before, `${what} changed the running project`);
  }
  const down = await cli(['down', '-v', '-t', '0']);
  assert.equal(down.code, 0, down.stderr);
  assert.deepEqual(await resources(), []);
});
