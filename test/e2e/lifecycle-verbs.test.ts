// The other lifecycle verbs through the built CLI against the real engine: ps formats, logs
// options, the state transitions of stop/start/restart/kill/rm/pause/unpause, and what they do
// with `-p` alone (no file) and a service name that has no containers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngineClient } from '../../src/engine/index.js';
import { scaled } from './support/timing.js';

const engine = createEngineClient();
const project = `fe2e-lcverbs-${randomBytes(3).toString('hex')}`;
const port = 20000 + Math.floor(Math.random() * 20000);
const dir = join(import.meta.dirname, 'testdata', 'lifecycle-verbs');
const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const byProject = { label: [`com.docker.compose.project=${project}`] };

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, '-p', project, '-f', 'compose.yaml', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, WEB_PORT: String(port), NO_COLOR: '1' },
    timeout: scaled(120_000),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(...args: string[]): { stdout: string; stderr: string } {
  const r = run(...args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r;
}

function states(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of ok('ps', '-a', '--format', '{{.Service}} {{.State}}')
    .stdout.trim()
    .split('\n')) {
    if (line === '') continue;
    const [service, state] = line.split(' ');
    out[service] = state;
  }
  return out;
}

async function cleanup(): Promise<void> {
  for (const c of await engine.containers.list({ all: true, filters: byProject })) {
    await engine.containers.remove(c.Id, { force: true }).catch(() => undefined);
  }
  for (const n of await engine.networks.list({ filters: byProject })) {
    await engine.networks.remove(n.Id).catch(() => undefined);
  }
}

before(async () => {
  await cleanup();
  ok('up', '-d', '--progress', 'quiet');
});
after(cleanup);

test('lifecycle ps prints the table, json, ids, services and filters by status', () => {
  const table = ok('ps').stdout.split('\n');
  assert.match(table[0], /^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/);
  assert.match(
    table[1],
    new RegExp(
      `^${project}-web-1\\s+busybox:latest\\s+"sh -c 'echo first l…"\\s+web\\s+.* ago\\s+Up .*127\\.0\\.0\\.1:${port}->80/tcp$`,
    ),
  );
  assert.match(table[2], new RegExp(`^${project}-worker-1\\s+busybox:latest`));

  const json = ok('ps', '--format', 'json')
    .stdout.trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(json.length, 2);
  const web = json.find((j) => j.Service === 'web')!;
  assert.equal(web.Name, `${project}-web-1`);
  assert.equal(web.State, 'running');
  assert.equal(web.Project, project);
  assert.deepEqual(web.Publishers, [
    { URL: '127.0.0.1', TargetPort: 80, PublishedPort: port, Protocol: 'tcp' },
  ]);

  const ids = ok('ps', '-q').stdout.trim().split('\n');
  assert.equal(ids.length, 2);
  for (const id of ids) assert.match(id, /^[0-9a-f]{64}$/);
  assert.equal(ok('ps', '--services').stdout, 'web\nworker\n');
  assert.equal(ok('ps', '--status', 'exited', '-q').stdout, '');
  assert.equal(
    ok('ps', '--filter', 'status=running', '--format', '{{.Service}}').stdout,
    'web\nworker\n',
  );
  const bad = run('ps', 'nosuch');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /no such service: nosuch/);
  // docker compose's words for a filter it does not have and for one without a value.
  const filter = run('ps', '--filter', 'service=web');
  assert.equal(filter.code, 1);
  assert.equal(filter.stderr, 'unknown filter service\n');
  const form = run('ps', '--filter', 'status');
  assert.equal(form.code, 1);
  assert.equal(form.stderr, 'arguments to --filter should be in form KEY=VAL\n');
});

test('lifecycle logs honour --tail, --no-log-prefix, -t and service selection', () => {
  const all = ok('logs', 'web').stdout;
  assert.match(all, /^web-1 {2}\| first line$/m);
  assert.match(all, /^web-1 {2}\| to stderr$/m);
  assert.equal(ok('logs', '--no-log-prefix', '--tail', '1', 'worker').stdout, 'working\n');
  const stamped = ok('logs', '-t', '--no-log-prefix', 'worker').stdout;
  assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z working$/m);
  const both = ok('logs', '--no-log-prefix');
  assert.ok(both.stdout.includes('working') && both.stdout.includes('second line'));
});

/** `-p project VERB ARGS` with no compose file: the project is what its containers' labels say. */
function fileless(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, '-p', project, '--progress', 'plain', ...args], {
    cwd: '/',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: scaled(120_000),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('with -p alone, a name no container has acts on nothing (never on every service)', () => {
  assert.deepEqual(states(), { web: 'running', worker: 'running' });
  // As docker compose: a typo and a service already removed look alike without the file, so
  // these verbs skip the name; with no name left there is nothing to do.
  for (const [verb, said] of [
    ['stop', ''],
    ['pause', ''],
    ['unpause', ''],
    ['kill', 'No container to kill\n'],
    ['rm', 'No stopped containers\n'],
    ['down', `Any of the services [nosuch] not running in project "${project}"\n`],
  ] as const) {
    const r = fileless(verb, 'nosuch');
    assert.equal(r.code, 0, `${verb}: ${r.stderr}`);
    assert.equal(r.stderr, said, verb);
    assert.deepEqual(states(), { web: 'running', worker: 'running' }, verb);
  }
  // The plan of that down says the same.
  const plan = fileless('--dry-run', 'down', 'nosuch');
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /nothing to do/);
  assert.match(plan.stderr, /Any of the services \[nosuch\] not running/);
  // A known name next to an unknown one: the known one alone.
  const one = fileless('stop', 'nosuch', 'worker');
  assert.equal(one.code, 0, one.stderr);
  assert.deepEqual(states(), { web: 'running', worker: 'exited' });
  // start and restart refuse the name, as docker compose does, and change nothing.
  for (const verb of ['start', 'restart']) {
    const r = fileless(verb, 'worker', 'nosuch');
    assert.equal(r.code, 1, `${verb}: ${r.stderr}`);
    assert.match(r.stderr, /no such service: nosuch/);
    assert.deepEqual(states(), { web: 'running', worker: 'exited' }, verb);
  }
  ok('start', 'worker');
});

test('lifecycle stop, start, restart, kill, pause, unpause and rm move containers between states', () => {
  let r = ok('stop', '-t', '1', 'worker', '--progress', 'plain');
  assert.match(r.stderr, new RegExp(`^ Container ${project}-worker-1 Stopped $`, 'm'));
  assert.deepEqual(states(), { web: 'running', worker: 'exited' });

  ok('start', 'worker');
  assert.deepEqual(states(), { web: 'running', worker: 'running' });

  r = ok('pause', 'web', '--progress', 'json');
  assert.ok(
    r.stderr.includes(`{"id":"Container ${project}-web-1","status":"Done","text":"Paused"}`),
    r.stderr,
  );
  assert.equal(states().web, 'paused');
  const again = run('pause', 'web');
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already paused/);
  ok('unpause', 'web');
  assert.equal(states().web, 'running');

  r = ok('restart', '-t', '1', '--progress', 'plain');
  assert.match(r.stderr, new RegExp(`^ Container ${project}-web-1 Restarting $`, 'm'));
  assert.deepEqual(states(), { web: 'running', worker: 'running' });

  ok('kill', 'worker');
  assert.equal(states().worker, 'exited');
  r = ok('kill', 'worker');
  assert.match(r.stderr, /No container to kill/);

  r = ok('rm', '-f');
  assert.equal(r.stdout, `Going to remove ${project}-worker-1\n`);
  assert.deepEqual(states(), { web: 'running' });
  r = ok('rm', '-f');
  assert.match(r.stderr, /No stopped containers/);

  ok('rm', '-s', '-f', 'web');
  assert.deepEqual(states(), {});
});
