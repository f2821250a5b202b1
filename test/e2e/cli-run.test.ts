// `run` and `scale` through the built CLI against the real engine: one-off containers (exit
// codes, --rm, -d, labels and names, container_name, dependencies and --no-deps,
// -e/-w/-u/--entrypoint, --env-from-file, -p/-P, aliases, signals, -i=false, --quiet-build, an
// interactive TTY in tmux) and replica numbering.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { isEngineError } from '../../src/engine/index.js';
import { engineScope, eventually } from './support/engine.js';
import { assertInteractiveTty } from './support/terminal.js';
import { ensureBuilt } from './support/cli.js';

const scope = engineScope('clirun');
const { engine } = scope;
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const composeFile = join(import.meta.dirname, 'testdata/cli-run/compose.yaml');
const env = {
  ...process.env,
  E2E_SCOPE: scope.prefix,
  COMPOSE_PROGRESS: 'plain',
  FROM_OUTSIDE: 'outer-value',
};
const work = mkdtempSync(join(tmpdir(), 'flotilla-cli-run-'));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with the fixture, `-p <name>` and the given arguments. */
function cli(
  args: readonly string[],
  options: { input?: string; name?: string } = {},
): Promise<Result> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--', bin, '-f', composeFile, '-p', options.name ?? project, ...args],
      { env, cwd: work, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** The project's containers, one-offs or service containers. */
async function containers(oneoff: boolean, name = project) {
  return engine.containers.list({
    all: true,
    filters: {
      label: [
        `com.docker.compose.project=${name}`,
        `com.docker.compose.oneoff=${oneoff ? 'True' : 'False'}`,
      ],
    },
  });
}

before(() => {
  ensureBuilt();
});

after(async () => {
  await cli(['down', '-t', '0', '--remove-orphans']);
  await cli(['down', '-t', '0', '--remove-orphans'], { name: scope.name('nodeps') });
  rmSync(work, { recursive: true, force: true });
});

test('run --rm starts the healthy dependency, returns the exit code and leaves no container', async () => {
  const r = await cli(['run', '--rm', 'web', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(r.code, 3, r.stderr);
  assert.equal(r.stdout, 'out\n');
  assert.match(r.stderr, /err/);
  const db = await engine.containers.inspect(`${project}-db-1`);
  assert.equal(db.State.Health?.Status, 'healthy');
  assert.deepEqual(await containers(true), []);
  // Only the dependency runs: `run` creates no service container for the target.
  assert.deepEqual(
    (await containers(false)).map((c) => c.Labels?.['com.docker.compose.service']),
    ['db'],
  );
});

test('run --no-deps leaves the dependencies alone', async () => {
  const name = scope.name('nodeps');
  const r = await cli(['run', '--rm', '--no-deps', 'web', 'echo', 'alone'], { name });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'alone\n');
  assert.deepEqual(await containers(false, name), []);
  await assert.rejects(engine.containers.inspect(`${name}-db-1`), (err) => isEngineError(err, 404));
});

test('run -d prints the ID of a one-off labelled and named as compose does', async () => {
  const r = await cli(['run', '-d', '-l', 'extra=1', 'web', 'sleep', '300']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^[0-9a-f]{64}\n$/);
  const id = r.stdout.trim();
  const info = await engine.containers.inspect(id);
  const labels = info.Config.Labels ?? {};
  const name = info.Name.slice(1);
  assert.match(name, new RegExp(`^${project}-web-run-[0-9a-f]{12}$`));
  assert.equal(labels['com.docker.compose.oneoff'], 'True');
  assert.match(labels['com.docker.compose.slug'] ?? '', /^[0-9a-f]{64}$/);
  assert.equal(name.slice(-12), labels['com.docker.compose.slug'].slice(0, 12));
  assert.equal(labels['com.docker.compose.container-number'], undefined);
  assert.match(labels['com.docker.compose.config-hash'] ?? '', /^[0-9a-f]{64}$/);
  assert.equal(labels['com.docker.compose.service'], 'web');
  assert.equal(labels.extra, '1');
  assert.equal(info.State.Running, true);
  assert.deepEqual(info.Config.Cmd, ['sleep', '300']);
  // No restart policy, no service ports, and no service alias without --use-aliases.
  assert.equal(info.HostConfig.RestartPolicy?.Name, 'no');
  assert.deepEqual(info.HostConfig.PortBindings ?? {}, {});
  const aliases = info.NetworkSettings.Networks?.[`${project}_default`]?.Aliases ?? [];
  assert.ok(aliases.includes(name), JSON.stringify(aliases));
  assert.ok(!aliases.includes('web') && !aliases.includes('www'), JSON.stringify(aliases));

  const withAliases = await cli(['run', '-d', '--use-aliases', 'web', 'sleep', '300']);
  assert.equal(withAliases.code, 0, withAliases.stderr);
  const aliased = await engine.containers.inspect(withAliases.stdout.trim());
  const all = aliased.NetworkSettings.Networks?.[`${project}_default`]?.Aliases ?? [];
  assert.ok(all.includes('web') && all.includes('www'), JSON.stringify(all));
  // `ps` lists one-offs only with -a.
  const ps = await cli(['ps', '--format', '{{.Name}}']);
  assert.ok(!ps.stdout.includes('-run-'), ps.stdout);
  const psAll = await cli(['ps', '-a', '--format', '{{.Name}}']);
  assert.ok(psAll.stdout.includes(name), psAll.stdout);
});

test('run applies -e (resolved from the environment), --env-from-file, -u, -w and --entrypoint', async () => {
  const envFile = join(work, 'run.env');
  writeFileSync(envFile, 'FROM_FILE=file-value\nGREETING=overridden\n');
  const r = await cli([
    'run',
    '--rm',
    '--env-from-file',
    envFile,
    '-e',
    'GREETING=hello',
    '-e',
    'FROM_OUTSIDE',
    '-u',
    '1000',
    '-w',
    '/tmp',
    '--entrypoint',
    'sh -c',
    'web',
    'echo "$GREETING $FROM_OUTSIDE $FROM_FILE $FROM_SERVICE $(id -u) $(pwd)"',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'hello outer-value file-value service-value 1000 /tmp\n');
  // --entrypoint without a command drops the service's command.
  const bare = await cli(['run', '--rm', '--entrypoint', 'echo', 'web']);
  assert.equal(bare.code, 0, bare.stderr);
  assert.equal(bare.stdout, '\n');
});

test('run -p publishes a port and -P the service ports', async () => {
  const r = await cli([
    'run',
    '-d',
    '--rm',
    '-p',
    '127.0.0.1::8080',
    'web',
    'httpd',
    '-f',
    '-p',
    '8080',
    '-h',
    '/etc',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const info = await engine.containers.inspect(r.stdout.trim());
  assert.equal(info.HostConfig.AutoRemove, true);
  const binding = info.NetworkSettings.Ports?.['8080/tcp']?.[0];
  assert.ok(binding !== undefined, JSON.stringify(info.NetworkSettings.Ports));
  assert.equal(binding.HostIp, '127.0.0.1');
  let body = '';
  await eventually(async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${binding.HostPort}/hostname`);
      body = await res.text();
      return res.ok;
    } catch {
      return false;
    }
  }, 'the published port to answer');
  assert.equal(body.trim(), info.Config.Hostname);

  const service = await cli(['run', '-d', '--rm', '-P', 'web', 'sleep', '300']);
  assert.equal(service.code, 0, service.stderr);
  const ports = (await engine.containers.inspect(service.stdout.trim())).NetworkSettings.Ports;
  assert.match(ports?.['80/tcp']?.[0]?.HostPort ?? '', /^\d+$/);
});

test('run feeds piped stdin, refuses -t without a terminal and forwards signals', async () => {
  const piped = await cli(['run', '--rm', 'web', 'sh', '-c', 'cat; exit 4'], {
    input: 'piped input\n',
  });
  assert.equal(piped.code, 4, piped.stderr);
  assert.equal(piped.stdout, 'piped input\n');

  const refused = await cli(['run', '--rm', '-t', 'web', 'true'], { input: 'x' });
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /cannot attach stdin to a TTY-enabled container because stdin is not a terminal/,
  );

  const child = spawn(
    process.execPath,
    [
      '--',
      bin,
      '-f',
      composeFile,
      '-p',
      project,
      'run',
      '--rm',
      '-T',
      'web',
      'sh',
      '-c',
      "trap 'exit 42' TERM; echo ready; sleep 60 & wait",
    ],
    { env, cwd: work },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  try {
    await eventually(() => Promise.resolve(out.includes('ready')), 'the one-off to start');
    child.kill('SIGTERM');
    assert.equal(await exited, 42);
  } finally {
    child.kill('SIGKILL');
  }
  await eventually(
    async () => (await containers(true)).every((c) => c.State === 'running'),
    'the --rm one-off to be removed',
  );
});

test('run in a real terminal gets a TTY that follows the window size', async () => {
  await assertInteractiveTty(
    `'${process.execPath}' -- '${bin}' -f '${composeFile}' -p ${project} run --rm web sh`,
    `${project}-tty`,
    join(work, 'tty-status'),
    env,
  );
});

test('run -i=false and --interactive=false leave stdin unattached, as compose reads them', async () => {
  for (const flag of ['-i=false', '--interactive=false']) {
    const r = await cli(['run', '--rm', '--no-deps', flag, 'web', 'sh', '-c', 'cat; echo end'], {
      input: 'piped input\n',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'end\n', `${flag}: stdin must not reach the container`);
  }
  const closed = await cli(['run', '-d', '--no-deps', '-i=false', 'web', 'sleep', '300']);
  assert.equal(closed.code, 0, closed.stderr);
  assert.equal((await engine.containers.inspect(closed.stdout.trim())).Config.OpenStdin, false);
  const open = await cli(['run', '-d', '--no-deps', '-i=true', 'web', 'sleep', '300']);
  assert.equal(open.code, 0, open.stderr);
  assert.equal((await engine.containers.inspect(open.stdout.trim())).Config.OpenStdin, true);
  const bad = await cli(['run', '--rm', '-i=perhaps', 'web', 'true']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /invalid argument "perhaps" for "-i, --interactive" flag/);
});

test('run --quiet-build builds without printing the build output', async () => {
  const loud = await cli(['run', '--rm', '--build', 'built']);
  assert.equal(loud.code, 0, loud.stderr);
  assert.equal(loud.stdout, 'built-ran\n');
  assert.match(loud.stderr, /build-marker-42/);
  const quiet = await cli(['run', '--rm', '--build', '--quiet-build', 'built']);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stdout, 'built-ran\n');
  assert.match(quiet.stderr, /Image \S+-built Built/);
  assert.doesNotMatch(quiet.stderr, /build-marker|Step \d/);
});

test('run ignores container_name for the one-off, as compose does, so it runs beside the service', async () => {
  const up = await cli(['up', '-d', 'named']);
  assert.equal(up.code, 0, up.stderr);
  assert.equal((await engine.containers.inspect(`${project}-fixed-name`)).State.Running, true);
  const r = await cli(['run', '-d', 'named', 'sleep', '300']);
  assert.equal(r.code, 0, r.stderr);
  const info = await engine.containers.inspect(r.stdout.trim());
  assert.match(info.Name, new RegExp(`^/${project}-named-run-[0-9a-f]{12}$`));
  const once = await cli(['run', '--rm', 'named', 'echo', 'beside']);
  assert.equal(once.code, 0, once.stderr);
  assert.equal(once.stdout, 'beside\n');
});

test('scale numbers new replicas after the highest and removes the highest first', async () => {
  const numbers = async (): Promise<string[]> =>
    (await containers(false))
      .filter((c) => c.Labels?.['com.docker.compose.service'] === 'web')
      .map((c) => `${c.Labels?.['com.docker.compose.container-number']}:${c.State}`)
      .sort();
  const up = await cli(['scale', 'web=3']);
  assert.equal(up.code, 0, up.stderr);
  assert.deepEqual(await numbers(), ['1:running', '2:running', '3:running']);
  const down = await cli(['scale', 'web=1']);
  assert.equal(down.code, 0, down.stderr);
  assert.deepEqual(await numbers(), ['1:running']);
  assert.match(down.stderr, new RegExp(`Container ${project}-web-3 +Removed`));
  const again = await cli(['scale', 'web=2']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(await numbers(), ['1:running', '2:running']);
  const bad = await cli(['scale', 'web=x']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /invalid scale specifier/);
});
