import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { collectOutput, isEngineError } from '../../../src/engine/index.js';
import { engineScope, eventually } from '../support/engine.js';

const scope = engineScope('exec');
const { engine } = scope;
let id = '';

before(async () => {
  ({ Id: id } = await engine.containers.create({
    Image: 'busybox',
    Cmd: ['sleep', '300'],
    Labels: scope.labels,
  }));
  await engine.containers.start(id);
});

test('exec output is demultiplexed and the exit code is inspectable', async () => {
  const { Id } = await engine.exec.create(id, {
    Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'],
    AttachStdout: true,
    AttachStderr: true,
  });
  const out = await collectOutput((await engine.exec.start(Id)).output);
  assert.deepEqual(out, { stdout: 'out\n', stderr: 'err\n' });
  const info = await engine.exec.inspect(Id);
  assert.equal(info.Running, false);
  assert.equal(info.ExitCode, 3);
});

test('exec with stdin and environment, user and working directory', async () => {
  const { Id } = await engine.exec.create(id, {
    Cmd: ['sh', '-c', 'cat; echo "$GREETING $(id -u) $(pwd)"'],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Env: ['GREETING=hi'],
    User: '1000',
    WorkingDir: '/tmp',
  });
  const s = await engine.exec.start(Id);
  await s.write('from stdin\n');
  s.closeStdin();
  const out = await collectOutput(s.output);
  assert.equal(out.stdout, 'from stdin\nhi 1000 /tmp\n');
});

test('exec with a TTY is a raw stream and can be resized', async () => {
  const { Id } = await engine.exec.create(id, {
    Cmd: ['sh', '-c', 'sleep 0.3; stty size'],
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
  });
  const s = await engine.exec.start(Id);
  await engine.exec.resize(Id, { h: 33, w: 101 });
  const out = await collectOutput(s.output);
  assert.equal(out.stdout.trim(), '33 101');
});

test('exec detached runs on; inspect shows it', async () => {
  const { Id } = await engine.exec.create(id, { Cmd: ['sh', '-c', 'touch /tmp/detached'] });
  await engine.exec.startDetached(Id);
  const check = await engine.exec.create(id, {
    Cmd: [
      'sh',
      '-c',
      'for i in 1 2 3 4 5 6 7 8 9 10; do [ -f /tmp/detached ] && exit 0; sleep 0.1; done; exit 1',
    ],
  });
  await engine.exec.startDetached(check.Id);
  await eventually(
    async () => !(await engine.exec.inspect(check.Id)).Running,
    'the checking exec to end',
  );
  assert.equal((await engine.exec.inspect(check.Id)).ExitCode, 0);
});

test('exec in a stopped container is a 409', async () => {
  const { Id } = await engine.containers.create({ Image: 'busybox', Labels: scope.labels });
  await assert.rejects(
    engine.exec.create(Id, { Cmd: ['true'], AttachStdout: true }),
    (e: unknown) => isEngineError(e, 409),
  );
});
