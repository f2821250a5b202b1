// SIGTERM and SIGINT in the middle of `up`, `down`, `build` and `pull`: whatever state the
// interrupted run leaves, the next run converges from it: `up -d` brings every service up under
// its own name (no container left under a temporary one), `down` removes the rest, the build and
// the pull complete, and nothing the interrupted run started keeps running.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, flotillaBin } from './support/cli.js';
import { engineScope, eventually } from './support/engine.js';

const scope = engineScope('signals');
const { engine } = scope;
const root = resolve(import.meta.dirname, '../..');
const dir = join(import.meta.dirname, 'testdata/reliability-signals');
const env = { ...process.env, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'plain' };
const services = Array.from({ length: 12 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
const projects: string[] = [];

before(() => {
  ensureBuilt();
});

after(() => {
  for (const p of projects) {
    spawnSync(process.execPath, [flotillaBin, '-p', p, 'down', '-t', '0'], { cwd: dir, env });
  }
});

function cli(project: string, args: readonly string[], extra: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [flotillaBin, '-p', project, ...args], {
    cwd: dir,
    env: { ...env, ...extra },
    encoding: 'utf8',
    timeout: 300_000,
  });
}

/** A run in the background, with its stderr so far and its end. */
function start(project: string, args: readonly string[], extra: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [flotillaBin, '-p', project, ...args], {
    cwd: dir,
    env: { ...env, ...extra },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const out = { stderr: '' };
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('close', (code, signal) => {
      done({ code, signal });
    }),
  );
  after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, out, exited };
}

async function containers(project: string) {
  return engine.containers.list({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
}

/** Every service running under its own name, and nothing else of the project. */
async function assertAllUp(project: string): Promise<void> {
  const list = await containers(project);
  assert.deepEqual(
    list.map((c) => c.Names[0]).sort(),
    services.map((s) => `/${project}-${s}-1`),
  );
  for (const c of list) assert.equal(c.State, 'running', c.Names[0]);
}

test(
  'SIGTERM during up -d, then SIGINT during its recreation: the next up -d converges',
  { timeout: 900_000 },
  async () => {
    const project = scope.name('up');
    projects.push(project);
    const first = start(project, ['up', '-d']);
    await eventually(
      async () => (await containers(project)).length > 0,
      'the first container to be created',
      120_000,
    );
    first.child.kill('SIGTERM');
    const ended = await first.exited;
    assert.ok(ended.code !== 0 || ended.signal !== null, 'the interrupted up did not succeed');
    const again = cli(project, ['up', '-d']);
    assert.equal(again.status, 0, again.stderr);
    await assertAllUp(project);

    const recreate = start(project, ['up', '-d', '--force-recreate']);
    await eventually(
      () => Promise.resolve(/ Recreate(d)? /.test(recreate.out.stderr)),
      'a recreation to begin',
      120_000,
    );
    recreate.child.kill('SIGINT');
    await recreate.exited;
    const healed = cli(project, ['up', '-d']);
    assert.equal(healed.status, 0, healed.stderr);
    await assertAllUp(project);
  },
);

test('SIGTERM during down: the next down removes the rest', { timeout: 900_000 }, async () => {
  const project = scope.name('down');
  projects.push(project);
  const up = cli(project, ['up', '-d']);
  assert.equal(up.status, 0, up.stderr);
  const down = start(project, ['down']);
  await eventually(
    async () => (await containers(project)).length < services.length,
    'the first container to be removed',
    120_000,
  );
  down.child.kill('SIGTERM');
  await down.exited;
  const again = cli(project, ['down', '-t', '0']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal((await containers(project)).length, 0);
  const networks = await engine.networks.list({ filters: { name: [`${project}_default`] } });
  assert.equal(networks.filter((n) => n.Name === `${project}_default`).length, 0);
});

test(
  'SIGINT during a build step: the builder is stopped and the next build completes',
  { timeout: 900_000 },
  async () => {
    const project = scope.name('build');
    projects.push(project);
    const image = `${scope.prefix}-built:latest`;
    const build = start(project, ['--profile', 'build', 'build', 'built'], { PAUSE: '300' });
    // The classic builder names the RUN step's container: `---> Running in <id>`.
    const stepId = (): string | undefined =>
      build.out.stderr.includes(`step-started-${scope.prefix}`)
        ? /Running in ([0-9a-f]{12})/.exec(build.out.stderr)?.[1]
        : undefined;
    const stepOf = (c: { Id: string }) => c.Id.startsWith(stepId() ?? '-');
    await eventually(
      async () =>
        stepId() !== undefined && (await engine.containers.list({ all: true })).some(stepOf),
      'the RUN step to be running',
      300_000,
    );
    build.child.kill('SIGINT');
    await build.exited;
    // The engine stops the step when the build's connection closes: its container goes.
    await eventually(
      async () => !(await engine.containers.list({ all: true })).some(stepOf),
      'the interrupted step to be removed',
      60_000,
    );
    const again = cli(project, ['--profile', 'build', 'build', 'built'], { PAUSE: '0' });
    assert.equal(again.status, 0, again.stderr);
    assert.ok((await engine.images.inspect(image)).Id.startsWith('sha256:'));
  },
);

test('SIGINT during a pull: the next pull completes', { timeout: 900_000 }, async () => {
  const setup = spawnSync('bash', ['scripts/setup/registry.sh'], { cwd: root, encoding: 'utf8' });
  assert.equal(setup.status, 0, `registry set-up failed: ${setup.stderr}`);
  const project = scope.name('pull');
  projects.push(project);
  const reference = `127.0.0.1:5050/${scope.prefix}/big:1`;
  // An image with a large layer of its own, pushed to the local registry and removed here.
  const { Id: maker } = await engine.containers.create({
    Image: 'busybox:latest',
    Cmd: ['sh', '-c', 'head -c 48000000 /dev/urandom > /blob'],
    Labels: scope.labels,
  });
  await engine.containers.start(maker);
  await engine.containers.wait(maker);
  const { Id } = await engine.containers.commit(maker, { changes: ['CMD ["sh"]'] });
  await engine.containers.remove(maker, { force: true });
  await engine.images.tag(Id, { repo: reference.slice(0, reference.lastIndexOf(':')), tag: '1' });
  after(() => engine.images.remove(Id, { force: true }).catch(() => undefined));
  const repository = reference.slice(0, reference.lastIndexOf(':'));
  for await (const _ of await engine.images.push(repository, { tag: '1' })) {
    // progress
  }
  await engine.images.remove(reference, { force: true });

  const pull = start(project, ['--profile', 'pull', 'pull', 'pulled'], { PULL_IMAGE: reference });
  await eventually(
    () => Promise.resolve(/ Pulling \n/.test(pull.out.stderr)),
    'the pull to begin',
    120_000,
  );
  pull.child.kill('SIGINT');
  await pull.exited;
  const again = cli(project, ['--profile', 'pull', 'pull', 'pulled'], { PULL_IMAGE: reference });
  assert.equal(again.status, 0, again.stderr);
  assert.equal((await engine.images.inspect(reference)).Id, Id);
});
