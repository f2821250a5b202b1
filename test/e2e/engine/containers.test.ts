import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectOutput, isEngineError } from '../../../src/engine/index.js';
import { engineScope } from '../support/engine.js';

const scope = engineScope('containers');
const { engine } = scope;

test('engine negotiates API 1.41 or lower with this engine', async () => {
  const ping = await engine.ping();
  const version = await engine.negotiate();
  assert.ok(Number(version.split('.')[1]) <= Number(ping.apiVersion.split('.')[1]));
  assert.equal(ping.osType, 'linux');
  const v = await engine.version();
  assert.equal(v.ApiVersion, ping.apiVersion);
});

test('containers lifecycle: create, list by label, start, inspect, stop, remove', async () => {
  const name = scope.name('life');
  const { Id } = await engine.containers.create(
    {
      Image: 'busybox',
      Cmd: ['sleep', '300'],
      Labels: { ...scope.labels, role: 'life' },
      StopTimeout: 1,
    },
    { name },
  );
  const listed = await engine.containers.list({
    all: true,
    filters: { label: [`dev.flotilla.e2e=${scope.prefix}`, 'role=life'] },
  });
  assert.deepEqual(
    listed.map((c) => c.Names),
    [[`/${name}`]],
  );
  assert.equal(listed[0].State, 'created');
  assert.equal((await engine.containers.list({ filters: { label: ['role=life'] } })).length, 0);

  await engine.containers.start(Id);
  await engine.containers.start(Id); // already started: 304, still fine
  const running = await engine.containers.inspect(name);
  assert.equal(running.State.Running, true);
  assert.equal(running.Config.Labels?.role, 'life');

  await engine.containers.stop(Id, { timeout: 1 });
  const stopped = await engine.containers.inspect(Id);
  assert.equal(stopped.State.Running, false);
  await assert.rejects(engine.containers.kill(Id), (e: unknown) => isEngineError(e, 409));

  await engine.containers.remove(Id);
  await assert.rejects(engine.containers.inspect(Id), (e: unknown) => {
    assert.ok(isEngineError(e, 404));
    assert.equal(e.method, 'GET');
    assert.equal(e.path, `/containers/${Id}/json`);
    assert.match(e.message, /No such container/);
    return true;
  });
});

test('containers create fails with 404 for a missing image and 409 for a taken name', async () => {
  await assert.rejects(
    engine.containers.create({ Image: 'flotilla-no-such-image:never', Labels: scope.labels }),
    (e: unknown) => isEngineError(e, 404),
  );
  const name = scope.name('dup');
  await engine.containers.create({ Image: 'busybox', Labels: scope.labels }, { name });
  await assert.rejects(
    engine.containers.create({ Image: 'busybox', Labels: scope.labels }, { name }),
    (e: unknown) => isEngineError(e, 409),
  );
});

test('containers wait returns the exit code; kill sends the signal', async () => {
  const { Id } = await engine.containers.create({
    Image: 'busybox',
    Cmd: ['sh', '-c', 'exit 7'],
    Labels: scope.labels,
  });
  const pending = await engine.containers.beginWait(Id, { condition: 'next-exit' });
  await engine.containers.start(Id);
  assert.equal((await pending.result).StatusCode, 7);

  const sleeper = await engine.containers.create({
    Image: 'busybox',
    Cmd: ['sleep', '300'],
    Labels: scope.labels,
  });
  await engine.containers.start(sleeper.Id);
  const exit = engine.containers.wait(sleeper.Id);
  await engine.containers.kill(sleeper.Id, { killSignal: 'SIGKILL' });
  assert.equal((await exit).StatusCode, 137);
});

test('containers logs: stdout and stderr apart, tail, timestamps, since/until', async () => {
  const { Id } = await engine.containers.create({
    Image: 'busybox',
    // stderr first, and a pause: the engine applies `tail` to both streams together.
    Cmd: ['sh', '-c', 'echo err >&2; sleep 0.3; for i in 1 2 3 4 5; do echo out$i; done'],
    Labels: scope.labels,
  });
  await engine.containers.start(Id);
  await engine.containers.wait(Id);
  const all = await collectOutput(await engine.containers.logs(Id));
  assert.equal(all.stdout, 'out1\nout2\nout3\nout4\nout5\n');
  assert.equal(all.stderr, 'err\n');
  const tail = await collectOutput(await engine.containers.logs(Id, { tail: 2, stderr: false }));
  assert.equal(tail.stdout, 'out4\nout5\n');
  const stamped = await collectOutput(
    await engine.containers.logs(Id, { timestamps: true, stderr: false }),
  );
  for (const line of stamped.stdout.trim().split('\n')) {
    assert.match(line, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z out\d$/);
  }
  const future = await collectOutput(
    await engine.containers.logs(Id, { since: Date.now() / 1000 + 3600 }),
  );
  assert.equal(future.stdout, '');
  const past = await collectOutput(
    await engine.containers.logs(Id, { until: '2000-01-01T00:00:00Z' }),
  );
  assert.equal(past.stdout, '');
});

test('containers logs follow streams until the container exits', async () => {
  const { Id } = await engine.containers.create({
    Image: 'busybox',
    Cmd: ['sh', '-c', 'echo first; sleep 1; echo second'],
    Labels: scope.labels,
  });
  await engine.containers.start(Id);
  const started = Date.now();
  const out = await collectOutput(await engine.containers.logs(Id, { follow: true }));
  assert.equal(out.stdout, 'first\nsecond\n');
  assert.ok(Date.now() - started >= 500, 'follow returned before the container finished');
});

test('containers logs of a TTY container are the raw stream', async () => {
  const { Id } = await engine.containers.create({
    Image: 'busybox',
    Cmd: ['sh', '-c', 'echo tty-out; echo tty-err >&2'],
    Tty: true,
    Labels: scope.labels,
  });
  await engine.containers.start(Id);
  await engine.containers.wait(Id);
  const logs = await engine.containers.logs(Id);
  assert.equal(logs.tty, true);
  const out = await collectOutput(logs);
  assert.equal(out.stdout, 'tty-out\r\ntty-err\r\n');
  assert.equal(out.stderr, '');
});

test('containers attach with stdin over a hijacked connection', async () => {
  const { Id } = await engine.containers.create({
    Image: 'busybox',
    Cmd: ['sh', '-c', 'read line; echo got:$line; echo oops >&2'],
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Labels: scope.labels,
  });
  const stream = await engine.containers.attach(Id, { stdin: true });
  const exit = await engine.containers.beginWait(Id, { condition: 'next-exit' });
  await engine.containers.start(Id);
  await stream.write('hello\n');
  stream.closeStdin();
  const out = await collectOutput(stream.output);
  assert.equal(out.stdout, 'got:hello\n');
  assert.equal(out.stderr, 'oops\n');
  assert.equal((await exit.result).StatusCode, 0);
});

test('containers rename, pause and unpause, top', async () => {
  const { Id } = await engine.containers.create({
    Image: 'busybox',
    Cmd: ['sleep', '300'],
    Labels: scope.labels,
  });
  const name = scope.name('renamed');
  await engine.containers.rename(Id, name);
  await engine.containers.start(name);
  await engine.containers.pause(Id);
  assert.equal((await engine.containers.inspect(Id)).State.Status, 'paused');
  await engine.containers.unpause(Id);
  const top = await engine.containers.top(Id);
  assert.ok(top.Processes.some((p) => p.join(' ').includes('sleep 300')));
  await engine.containers.remove(Id, { force: true });
});
