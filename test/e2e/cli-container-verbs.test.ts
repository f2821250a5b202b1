// The container-level verbs through the built CLI against the real engine: exec (exit codes,
// env/user/workdir, piped stdin, an interactive TTY in tmux with resize), cp round trips with
// modes and owners, port, top, images, ls, events (replayed and live), wait, attach and stats
// (one reading and streaming).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { engineScope, eventually } from './support/engine.js';
import { startEngineProxy } from './support/engine-proxy.js';
import { assertInteractiveTty } from './support/terminal.js';
import { ensureBuilt } from './support/cli.js';

const scope = engineScope('cliverbs');
const { engine } = scope;
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const composeFile = join(import.meta.dirname, 'testdata/cli-container-verbs/compose.yaml');
const env = { ...process.env, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'plain' };
const work = mkdtempSync(join(tmpdir(), 'flotilla-cli-verbs-'));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with `-p <project>` and the given arguments. */
function cli(args: readonly string[], input?: string, cliEnv = env): Promise<Result> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [bin, '-p', project, ...args],
      { env: cliEnv, cwd: work, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

before(async () => {
  ensureBuilt();
  const up = await cli(['-f', composeFile, 'up', '-d']);
  assert.equal(up.code, 0, up.stderr);
});

after(async () => {
  await cli(['-f', composeFile, 'down', '-t', '0']);
  rmSync(work, { recursive: true, force: true });
});

test('exec propagates the exit code and applies -e, -u and -w', async () => {
  const r = await cli([
    'exec',
    '-T',
    '-e',
    'GREETING=hello',
    '-u',
    '1000',
    '-w',
    '/tmp',
    'web',
    'sh',
    '-c',
    'echo "$GREETING $(id -u) $(pwd)"; mkdir -p /tmp/x; exit 5',
  ]);
  assert.equal(r.code, 5, r.stderr);
  assert.equal(r.stdout, 'hello 1000 /tmp\n');
});

test('exec feeds piped stdin to the command and keeps stdout and stderr apart', async () => {
  const r = await cli(['exec', 'web', 'sh', '-c', 'cat; echo oops >&2'], 'piped input\n');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'piped input\n');
  assert.match(r.stderr, /oops/);
});

test('exec --index picks a replica and a missing one fails as compose does', async () => {
  const second = await cli(['exec', '--index', '2', 'web', 'hostname']);
  const inspect = await engine.containers.inspect(`${project}-web-2`);
  assert.equal(second.stdout.trim(), inspect.Config.Hostname);
  const missing = await cli(['exec', '--index', '3', 'web', 'true']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /service "web" is not running container #3/);
  const detached = await cli(['exec', '-d', 'web', 'sh', '-c', 'touch /tmp/detached']);
  assert.equal(detached.code, 0, detached.stderr);
  await eventually(
    async () => (await cli(['exec', 'web', 'test', '-f', '/tmp/detached'])).code === 0,
    'the detached exec to create its file',
  );
});

test('exec --privileged asks the engine for a privileged process', async () => {
  const plain = await cli(['exec', 'web', 'grep', 'CapEff', '/proc/self/status']);
  assert.equal(plain.code, 0, plain.stderr);
  const privileged = await cli([
    'exec',
    '--privileged',
    'web',
    'grep',
    'CapEff',
    '/proc/self/status',
  ]);
  if (privileged.code === 0) {
    // Every capability: more than the default set.
    assert.notEqual(privileged.stdout, plain.stdout);
  } else {
    // An engine in a sandbox that forbids it refuses the privileged exec at the runtime (126);
    // the plain exec above shows that only the privilege differs.
    // (the runtime's message comes through the exec's output stream).
    assert.equal(privileged.code, 126, privileged.stderr);
    assert.match(privileged.stdout + privileged.stderr, /unable to apply caps/);
  }
});

test('cp -L copies the file a symbolic link points at; without -L the link itself', async () => {
  const setup = await cli([
    'exec',
    '--index',
    '1',
    'web',
    'sh',
    '-c',
    'echo linked > /data/target.txt && ln -sf /data/target.txt /data/link',
  ]);
  assert.equal(setup.code, 0, setup.stderr);
  const followed = join(work, 'followed');
  const kept = join(work, 'kept-link');
  assert.equal((await cli(['cp', '-L', 'web:/data/link', followed])).code, 0);
  assert.equal((await cli(['cp', 'web:/data/link', kept])).code, 0);
  assert.equal(lstatSync(followed).isFile(), true);
  assert.equal(readFileSync(followed, 'utf8'), 'linked\n');
  assert.equal(lstatSync(kept).isSymbolicLink(), true);
  assert.equal(readlinkSync(kept), '/data/target.txt');
});

test('exec in a real terminal gets a TTY that follows the window size', async () => {
  await assertInteractiveTty(
    `'${process.execPath}' '${bin}' -p ${project} exec web sh`,
    `${project}-tty`,
    join(work, 'tty-status'),
    env,
  );
});

test('cp copies a directory tree into every replica and back with its modes', async () => {
  const src = join(work, 'tree');
  mkdirSync(join(src, 'nested/deeper'), { recursive: true });
  writeFileSync(join(src, 'plain.txt'), 'plain\n');
  chmodSync(join(src, 'plain.txt'), 0o640);
  writeFileSync(join(src, 'nested/run.sh'), '#!/bin/sh\necho run\n');
  chmodSync(join(src, 'nested/run.sh'), 0o755);
  writeFileSync(join(src, 'nested/deeper/secret'), 'x'.repeat(70_000));
  chmodSync(join(src, 'nested/deeper/secret'), 0o600);
  chmodSync(join(src, 'nested/deeper'), 0o700);
  symlinkSync('plain.txt', join(src, 'link'));

  const to = await cli(['cp', src, 'web:/data/tree']);
  assert.equal(to.code, 0, to.stderr);
  // Progress as docker compose prints it: the container, Copied, what went where.
  for (const n of ['1', '2']) {
    const name = `${project}-web-${n}`;
    assert.ok(to.stderr.includes(` ${name} Copied ${src} to ${name}:/data/tree\n`), to.stderr);
  }
  for (const index of ['1', '2']) {
    const stat = await cli([
      'exec',
      '--index',
      index,
      'web',
      'stat',
      '-c',
      '%a %n',
      '/data/tree/plain.txt',
      '/data/tree/nested/run.sh',
      '/data/tree/nested/deeper',
    ]);
    assert.equal(
      stat.stdout,
      '640 /data/tree/plain.txt\n755 /data/tree/nested/run.sh\n700 /data/tree/nested/deeper\n',
    );
  }

  const back = join(work, 'back');
  const from = await cli(['cp', 'web:/data/tree', back]);
  assert.equal(from.code, 0, from.stderr);
  assert.equal(readFileSync(join(back, 'plain.txt'), 'utf8'), 'plain\n');
  assert.equal(lstatSync(join(back, 'plain.txt')).mode & 0o777, 0o640);
  assert.equal(lstatSync(join(back, 'nested/run.sh')).mode & 0o777, 0o755);
  assert.equal(lstatSync(join(back, 'nested/deeper')).mode & 0o777, 0o700);
  assert.equal(readFileSync(join(back, 'nested/deeper/secret'), 'utf8').length, 70_000);
  assert.equal(readlinkSync(join(back, 'link')), 'plain.txt');

  // Into an existing directory the source keeps its name; a single file can be renamed.
  const into = join(work, 'into');
  mkdirSync(into);
  assert.equal((await cli(['cp', '--index', '2', 'web:/data/tree', into])).code, 0);
  assert.equal(readFileSync(join(into, 'tree/plain.txt'), 'utf8'), 'plain\n');
  assert.equal((await cli(['cp', 'web:/data/tree/plain.txt', join(work, 'renamed.txt')])).code, 0);
  assert.equal(readFileSync(join(work, 'renamed.txt'), 'utf8'), 'plain\n');
  const missing = await cli(['cp', 'web:/no/such/file', work]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /could not find \/no\/such\/file/);
});

test('cp -a keeps the local uid/gid in the container; without -a the files belong to root', async () => {
  const src = join(work, 'owned');
  mkdirSync(join(src, 'sub'), { recursive: true });
  writeFileSync(join(src, 'sub/file'), 'owned\n');
  for (const p of [src, join(src, 'sub'), join(src, 'sub/file')]) chownSync(p, 1234, 2345);
  const owners = async (dir: string): Promise<string> =>
    (await cli(['exec', '--index', '1', 'web', 'stat', '-c', '%u:%g', dir, `${dir}/sub/file`]))
      .stdout;
  assert.equal((await cli(['cp', '-a', '--index', '1', src, 'web:/data/kept'])).code, 0);
  assert.equal(await owners('/data/kept'), '1234:2345\n1234:2345\n');
  assert.equal((await cli(['cp', '--index', '1', src, 'web:/data/root'])).code, 0);
  assert.equal(await owners('/data/root'), '0:0\n0:0\n');

  // From a container, docker cp (and compose) never chown: the copy belongs to the caller,
  // with or without -a.
  const chown = await cli([
    'exec',
    '--index',
    '1',
    'web',
    'chown',
    '-R',
    '4321:5432',
    '/data/kept',
  ]);
  assert.equal(chown.code, 0, chown.stderr);
  for (const flags of [['-a'], []]) {
    const back = join(work, `owned-back${flags.join('')}`);
    const r = await cli(['cp', ...flags, 'web:/data/kept', back]);
    assert.equal(r.code, 0, r.stderr);
    const st = statSync(join(back, 'sub/file'));
    assert.deepEqual([st.uid, st.gid], [process.getuid?.(), process.getgid?.()]);
    assert.equal(readFileSync(join(back, 'sub/file'), 'utf8'), 'owned\n');
  }
});

test('port prints the published address of a replica', async () => {
  for (const index of [1, 2]) {
    const r = await cli(['port', '--index', String(index), 'web', '80']);
    assert.equal(r.code, 0, r.stderr);
    const info = await engine.containers.inspect(`${project}-web-${index}`);
    const binding = info.NetworkSettings.Ports?.['80/tcp']?.[0];
    assert.equal(r.stdout, `${binding?.HostIp}:${binding?.HostPort}\n`);
  }
  const udp = await cli(['port', '--protocol', 'udp', 'web', '80']);
  assert.equal(udp.code, 1);
  assert.match(udp.stderr, new RegExp(`no port 80/udp for container ${project}-web-1`));
});

test('top lists the processes of every container by service and replica', async () => {
  const r = await cli(['top', 'web']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^SERVICE\s+#\s+UID\s+PID\s+PPID.*CMD$/);
  assert.ok(
    lines.some((l) => /^web\s+1\s.*sleep 3600$/.test(l)),
    r.stdout,
  );
  assert.ok(
    lines.some((l) => /^web\s+2\s.*sleep 3600$/.test(l)),
    r.stdout,
  );
});

test('images lists each container image as a table, JSON and IDs', async () => {
  const table = await cli(['images']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(
    table.stdout,
    /^CONTAINER\s+REPOSITORY\s+TAG\s+PLATFORM\s+IMAGE ID\s+SIZE\s+CREATED/,
  );
  assert.match(table.stdout, new RegExp(`${project}-web-2\\s+busybox\\s+latest\\s+linux/`));
  const json = JSON.parse((await cli(['images', '--format', 'json'])).stdout) as {
    ContainerName: string;
    Repository: string;
    ID: string;
  }[];
  assert.deepEqual(json.map((i) => i.ContainerName).sort(), [
    `${project}-job-1`,
    `${project}-talker-1`,
    `${project}-web-1`,
    `${project}-web-2`,
  ]);
  const busybox = await engine.images.inspect('busybox:latest');
  assert.ok(json.every((i) => i.ID === busybox.Id && i.Repository === 'busybox'));
  // The ID without `sha256:`, as docker compose prints it.
  assert.equal((await cli(['images', '-q'])).stdout, `${busybox.Id.replace(/^sha256:/, '')}\n`);
});

test('ls shows the project with its state counts and config file', async () => {
  const r = await cli(['ls', '--filter', `name=^${project}$`, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout) as { Name: string; Status: string; ConfigFiles: string }[];
  assert.equal(list.length, 1);
  assert.equal(list[0].Name, project);
  assert.match(list[0].Status, /running\(\d\)/);
  assert.equal(list[0].ConfigFiles, composeFile);
  const quiet = await cli(['ls', '-q', '--filter', `name=^${project}$`]);
  assert.equal(quiet.stdout, `${project}\n`);
  const table = await cli(['ls', '--filter', `name=^${project}$`]);
  assert.match(table.stdout, new RegExp(`^NAME\\s+STATUS\\s+CONFIG FILES\\n${project}\\s+running`));
});

test('events replays the project container events as JSON and text', async () => {
  // The engine keeps only its last 256 events for replay, and the test files running alongside
  // make many: the replayed window is a restart of this project made here, not its first start.
  const since = String(Math.floor(Date.now() / 1000) - 1);
  const restart = await cli(['-f', composeFile, 'restart', '-t', '0']);
  assert.equal(restart.code, 0, restart.stderr);
  const until = String(Math.floor(Date.now() / 1000) + 1);
  const json = await cli(['events', '--json', '--since', since, '--until', until]);
  assert.equal(json.code, 0, json.stderr);
  const events = json.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const starts = events.filter((e) => e.action === 'start');
  assert.deepEqual([...new Set(starts.map((e) => e.service))].sort(), ['job', 'talker', 'web']);
  for (const e of events) {
    assert.equal(e.type, 'container');
    const attributes = e.attributes as Record<string, string>;
    assert.ok(!Object.keys(attributes).some((k) => k.startsWith('com.docker.compose.')));
  }
  const text = await cli(['events', 'web', '--since', since, '--until', until]);
  assert.match(
    text.stdout,
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} container start [0-9a-f]{64} \(.*name=.*-web-1.*\)$/m,
  );
  assert.ok(!text.stdout.includes('-job-1'));
});

test('stats --no-stream reports every running container', async () => {
  const r = await cli(['stats', '--no-stream', '--format', 'json', 'web']);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, string>);
  assert.deepEqual(rows.map((s) => s.Name).sort(), [`${project}-web-1`, `${project}-web-2`]);
  assert.ok(
    rows.every((s) => /%$/.test(s.CPUPerc) && /\//.test(s.MemUsage) && Number(s.PIDs) >= 1),
  );
});

test('stats streams repeated readings until SIGINT, in the --format template', async () => {
  const child = spawn(
    process.execPath,
    [
      bin,
      '-p',
      project,
      'stats',
      '--format',
      'row {{.Name}} cpu={{.CPUPerc}} pids={{.PIDs}}',
      'web',
    ],
    { env, cwd: work },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  const rows = (): string[] => out.split('\n').filter((l) => l.startsWith(`row ${project}-web-1 `));
  try {
    // Streaming means readings keep coming: at least three for the same container.
    await eventually(() => Promise.resolve(rows().length >= 3), `three readings\n${out}`, 20_000);
    child.kill('SIGINT');
    assert.equal(await exited, 130);
  } finally {
    child.kill('SIGKILL');
  }
  for (const row of rows()) assert.match(row, /^row \S+-web-1 cpu=\d+\.\d\d% pids=\d+$/);
  assert.ok(
    out.split('\n').some((l) => l.startsWith(`row ${project}-web-2 `)),
    out,
  );
  assert.ok(!out.includes('CONTAINER ID'), 'a template without "table" prints no header');
});

test('every --format runs one Go template engine: ps, stats, images, ls, events, version', async () => {
  const psJson = await cli(['ps', '--format', 'json']);
  assert.equal(psJson.code, 0, psJson.stderr);
  // The same objects (but for the times, which move on between the two runs).
  const rows = (out: string): Record<string, unknown>[] =>
    out
      .trim()
      .split('\n')
      .map((l) => {
        const { Status: _s, RunningFor: _r, ...rest } = JSON.parse(l) as Record<string, unknown>;
        return rest;
      });
  const psTemplate = await cli(['ps', '--format', '{{json .}}']);
  assert.deepEqual(rows(psTemplate.stdout), rows(psJson.stdout));
  const ps = await cli([
    'ps',
    '--format',
    'table {{.Service}}\\t{{upper .State}}\\t{{.Label "com.docker.compose.container-number"}}',
    'web',
  ]);
  assert.equal(
    ps.stdout,
    'SERVICE   STATE     container number\nweb       RUNNING   1\nweb       RUNNING   2\n',
  );
  // What the npm docker-compose package runs: the template inside double quotes.
  const stats = await cli(['stats', '--no-stream', '--format', '"{{ json . }}"', 'web']);
  assert.equal(stats.code, 0, stats.stderr);
  for (const line of stats.stdout.trimEnd().split('\n')) {
    assert.match(line, /^"\{.*\}"$/);
    const reading = JSON.parse(line.slice(1, -1)) as Record<string, string>;
    assert.match(reading.Name, new RegExp(`^${project}-web-[12]$`));
    assert.equal(reading.Container.length, 64);
  }
  const statsTable = await cli([
    'stats',
    '--no-stream',
    '--format',
    'table {{.Name}}\\t{{.PIDs}}',
    'web',
  ]);
  assert.match(
    statsTable.stdout,
    new RegExp(`^NAME\\s+PIDS\\n(${project}-web-[12]\\s+\\d+\\n){2}$`),
  );
  const images = await cli([
    'images',
    '--format',
    '{{.ContainerName}} {{.Repository}}:{{.Tag}}',
    'web',
  ]);
  assert.equal(images.stdout, `${project}-web-1 busybox:latest\n${project}-web-2 busybox:latest\n`);
  const ls = await cli([
    'ls',
    '--filter',
    `name=^${project}$`,
    '--format',
    '{{.Name}} {{printf "%.7s" .Status}}',
  ]);
  assert.equal(ls.stdout, `${project} running\n`);
  const since = String(Math.floor(Date.now() / 1000) - 1);
  const restart = await cli(['-f', composeFile, 'restart', '-t', '0', 'web']);
  assert.equal(restart.code, 0, restart.stderr);
  const until = String(Math.floor(Date.now() / 1000) + 1);
  const events = await cli([
    'events',
    '--since',
    since,
    '--until',
    until,
    '--format',
    '{{.Action}} {{.Service}}',
    'web',
  ]);
  assert.equal(events.code, 0, events.stderr);
  assert.ok(events.stdout.split('\n').includes('start web'), events.stdout);
  const version = await cli(['version', '--format', '{{.Version}}']);
  assert.match(version.stdout, /^v2\.\d+\.\d+\+flotilla\.\d+\.\d+\.\d+\n$/);
  const bad = await cli(['ps', '--format', '{{.Nope}}']);
  assert.equal(bad.code, 1);
  assert.equal(
    bad.stderr,
    'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext\n',
  );
  const unknown = await cli(['images', '--format', 'xml']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /format value "xml" could not be parsed/);
});

test('events started before a restart prints its events live, as text and as JSON', async () => {
  for (const json of [false, true]) {
    const args = [bin, '-p', project, 'events', ...(json ? ['--json'] : []), 'web'];
    // The CLI talks to the engine through a proxy that says when the stream is in place.
    const proxy = await startEngineProxy();
    const child = spawn(process.execPath, args, {
      env: { ...env, DOCKER_HOST: proxy.host },
      cwd: work,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await eventually(
        () => Promise.resolve(proxy.answered(/^GET \/v[\d.]+\/events\b/)),
        `the event stream to be subscribed\n${proxy.lines().join('\n')}`,
      );
      // Nothing happens to web before the restart.
      assert.equal(out, '');
      const restart = await cli(['-f', composeFile, 'restart', '-t', '0', 'web']);
      assert.equal(restart.code, 0, restart.stderr);
      const web1 = (await engine.containers.inspect(`${project}-web-1`)).Id;
      if (json) {
        await eventually(
          () => Promise.resolve(/"action":"restart"/.test(out)),
          `the restart event\n${out}`,
        );
        const events = out
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { action: string; id: string; service: string });
        assert.ok(
          events.some((e) => e.action === 'restart' && e.id === web1 && e.service === 'web'),
        );
        assert.ok(events.some((e) => e.action === 'start'));
      } else {
        await eventually(
          () => Promise.resolve(new RegExp(`container restart ${web1} `).test(out)),
          `the restart event\n${out}`,
        );
        assert.match(out, new RegExp(`container start ${web1} \\(.*name=${project}-web-1`));
      }
      child.kill('SIGINT');
      assert.equal(await exited, 130);
    } finally {
      child.kill('SIGKILL');
      await proxy.close();
    }
  }
});

test('attach shows the container output and exits with its status; wait returns the exit code', async (t) => {
  // Both CLIs talk to the engine through a proxy that says when their streams are in place.
  const proxy = await startEngineProxy();
  t.after(() => proxy.close());
  const viaProxy = { ...env, DOCKER_HOST: proxy.host };
  const attach = spawn(process.execPath, [bin, '-p', project, 'attach', '--no-stdin', 'talker'], {
    env: viaProxy,
    cwd: work,
  });
  let attached = '';
  attach.stdout.on('data', (d: Buffer) => (attached += d.toString()));
  const attachExit = new Promise<number | null>((r) => attach.on('exit', r));
  const waited = cli(['wait', 'job'], undefined, viaProxy);
  // Both are connected before the services are told to finish.
  await eventually(
    () =>
      Promise.resolve(
        proxy.answered(/^POST \/v[\d.]+\/containers\/\w+\/attach\b/) &&
          proxy.answered(/^POST \/v[\d.]+\/containers\/\w+\/wait\b/),
      ),
    `attach and wait to be connected\n${proxy.lines().join('\n')}`,
  );
  assert.equal((await cli(['exec', 'talker', 'touch', '/tmp/go'])).code, 0);
  assert.equal((await cli(['exec', 'job', 'touch', '/tmp/go'])).code, 0);
  const w = await waited;
  assert.equal(w.code, 3, w.stderr);
  const job = await engine.containers.inspect(`${project}-job-1`);
  assert.equal(w.stdout, `container "${job.Id}" exited with status code 3\n`);
  assert.equal(await attachExit, 4);
  assert.equal(attached, 'bye\n');
  const notRunning = await cli(['exec', 'job', 'true']);
  assert.equal(notRunning.code, 1);
  assert.match(notRunning.stderr, /service "job" is not running/);
});
