// The plan (`up --dry-run`, `up --explain`, `create --dry-run`, `down --dry-run`) against the
// real engine: each kind of change to a running service — an environment value, the image
// behind its tag, a published port, a volume, a network — is named as the reason of its
// recreation, the dependent sharing its network namespace is recreated "because db is", no
// environment value is printed, and a dry run sends no write to the engine and leaves its
// state exactly as it was.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Plan, PlanStep } from '../../src/api/plan.js';
import { ensureBuilt, runFlotilla, type CliResult } from './support/cli.js';
import { engineScope } from './support/engine.js';
import { startEngineProxy, type EngineProxy } from './support/engine-proxy.js';

const scope = engineScope('plan');
const { engine, prefix } = scope;
const dir = join(import.meta.dirname, 'testdata', 'plan');
/** A tag of the scope's own, moved from busybox to the Debian image to change the digest. */
const appImage = `${prefix}-app:stable`;
let proxy: EngineProxy;

function env(vars: Record<string, string>, host?: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    ...process.env,
    E2E_SCOPE: prefix,
    APP_IMAGE: appImage,
    COMPOSE_PROGRESS: 'plain',
    ...vars,
  };
  if (host !== undefined) out.DOCKER_HOST = host;
  return out;
}

function flotilla(
  args: readonly string[],
  vars: Record<string, string> = {},
  host?: string,
): Promise<CliResult> {
  return runFlotilla(['-p', prefix, ...args], { cwd: dir, env: env(vars, host) });
}

/** Everything of the project the engine has, in a comparable form. */
async function engineState(): Promise<string> {
  const filters = { label: [`com.docker.compose.project=${prefix}`] };
  const containers = await engine.containers.list({ all: true, filters });
  const networks = await engine.networks.list({ filters });
  const { Volumes } = await engine.volumes.list({ filters });
  const inspected = await Promise.all(containers.map((c) => engine.containers.inspect(c.Id)));
  return JSON.stringify({
    containers: inspected
      .map((c) => `${c.Name} ${c.Id} ${c.State.Status} ${c.State.StartedAt}`)
      .sort(),
    networks: networks.map((n) => `${n.Name} ${n.Id}`).sort(),
    volumes: Volumes.map((v) => v.Name).sort(),
  });
}

/** Runs the dry run through the proxy and checks that it changed nothing and wrote nothing. */
async function dryRun(args: readonly string[], vars: Record<string, string> = {}): Promise<Plan> {
  const before = await engineState();
  const seen = proxy.lines().length;
  const run = await flotilla(['--dry-run', ...args, '--format', 'json'], vars, proxy.host);
  assert.equal(run.code, 0, run.stderr);
  const sent = proxy.lines().slice(seen);
  assert.ok(
    sent.some((l) => /^GET \S+\/containers\/json/.test(l)),
    `the dry run went through the proxy: ${sent.join(', ')}`,
  );
  const writes = sent.filter((l) => !/^(GET|HEAD) /.test(l));
  assert.deepEqual(writes, [], 'a dry run sends no write to the engine');
  assert.equal(await engineState(), before, 'a dry run leaves the engine as it was');
  for (const value of [
    'redis-primary',
    'redis-replica',
    'first-token-value',
    'second-token-value',
  ]) {
    assert.ok(!run.stdout.includes(value), `the value ${value} is not printed`);
    assert.ok(!run.stderr.includes(value), `the value ${value} is not printed on stderr`);
  }
  return JSON.parse(run.stdout) as Plan;
}

function step(plan: Plan, name: string): PlanStep {
  const found = plan.steps.find((s) => s.name === name);
  assert.ok(found !== undefined, `${name} in ${JSON.stringify(plan.steps)}`);
  return found;
}

function reasons(plan: Plan, service: string): string[] {
  return step(plan, `${prefix}-${service}-1`).reasons.map((r) => r.text);
}

/** db is recreated for `expected` (and for that only), web because db is, cache kept. */
function assertRecreatedFor(plan: Plan, expected: readonly string[]): void {
  const db = step(plan, `${prefix}-db-1`);
  assert.equal(db.action, 'recreate');
  assert.equal(db.hashRules, 'current');
  assert.deepEqual(reasons(plan, 'db'), expected);
  assert.equal(step(plan, `${prefix}-web-1`).action, 'recreate');
  assert.deepEqual(reasons(plan, 'web'), ['depends on "db", which is recreated']);
  assert.equal(step(plan, `${prefix}-cache-1`).action, 'keep');
}

before(async () => {
  ensureBuilt();
  proxy = await startEngineProxy();
  await engine.images.tag('busybox:latest', { repo: `${prefix}-app`, tag: 'stable' });
  const up = await flotilla(['up', '-d']);
  assert.equal(up.code, 0, up.stderr);
});

after(async () => {
  await proxy.close();
});

test('an up-to-date project: every resource is kept, and the text says so', async () => {
  const plan = await dryRun(['up', '-d']);
  assert.equal(plan.schemaVersion, 1);
  assert.equal(plan.command, 'up');
  const actions = plan.steps.map((s) => `${s.kind} ${s.name} ${s.action}`);
  assert.deepEqual(actions.sort(), [
    `container ${prefix}-cache-1 keep`,
    `container ${prefix}-db-1 keep`,
    `container ${prefix}-web-1 keep`,
    `network ${prefix}_default keep`,
    `network ${prefix}_front keep`,
    `volume ${prefix}_data keep`,
  ]);
  const text = await flotilla(['--dry-run', 'up', '-d']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`Container ${prefix}-db-1 +keep`));
  assert.match(text.stderr, new RegExp(`DRY-RUN MODE - Container ${prefix}-db-1 Running`));
});

test('a changed environment value is the reason, its values redacted', async () => {
  const plan = await dryRun(['up', '-d'], {
    REDIS_HOST: 'redis-replica',
    API_TOKEN: 'second-token-value',
  });
  assertRecreatedFor(plan, [
    'environment.REDIS_HOST: changed (values redacted)',
    'environment.API_TOKEN: changed (values redacted)',
  ]);
  const env = step(plan, `${prefix}-db-1`).reasons[0];
  assert.equal(env.redacted, true);
  assert.equal(env.old, undefined);
  assert.equal(env.new, undefined);
});

test('a new image behind the same tag is the reason: its digest changed', async () => {
  const old = await engine.images.inspect('busybox:latest');
  await engine.images.tag('flotilla/debian:bookworm', { repo: `${prefix}-app`, tag: 'stable' });
  try {
    const now = await engine.images.inspect('flotilla/debian:bookworm');
    const plan = await dryRun(['up', '-d']);
    const short = (id: string) => id.replace('sha256:', '').slice(0, 12);
    assertRecreatedFor(plan, [`image: digest changed (${short(old.Id)} -> ${short(now.Id)})`]);
  } finally {
    await engine.images.tag('busybox:latest', { repo: `${prefix}-app`, tag: 'stable' });
  }
});

test('a changed published port is the reason, with old and new', async () => {
  const plan = await dryRun(['up', '-d'], { DB_PORT: '81' });
  assertRecreatedFor(plan, ['ports: "127.0.0.1::80/tcp" -> "127.0.0.1::81/tcp"']);
});

test('a different volume is the reason, and the plan creates it first', async () => {
  const plan = await dryRun(['up', '-d'], { DB_VOLUME: 'data2' });
  assertRecreatedFor(plan, [`volumes: "${prefix}_data:/data:rw" -> "${prefix}_data2:/data:rw"`]);
  assert.equal(step(plan, `${prefix}_data2`).action, 'create');
  const order = plan.steps.map((s) => s.name);
  assert.ok(order.indexOf(`${prefix}_data2`) < order.indexOf(`${prefix}-db-1`));
});

test('a new network membership is the reason, and the network is created', async () => {
  const plan = await dryRun(['-f', 'compose.yaml', '-f', 'more-networks.yaml', 'up', '-d']);
  assertRecreatedFor(plan, [`networks: added "${prefix}_back"`]);
  assert.equal(step(plan, `${prefix}_back`).action, 'create');
});

test('create --dry-run plans the same without starting; --format is refused without a plan', async () => {
  const plan = await dryRun(['create'], { REDIS_HOST: 'redis-replica' });
  assert.equal(plan.command, 'create');
  const db = step(plan, `${prefix}-db-1`);
  assert.equal(db.action, 'recreate');
  assert.equal(db.start, false);
  const refused = await flotilla(['create', '--format', 'json']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /--format applies to the plan of `create`: use it with --dry-run/);
});

test('up --explain prints the reasons, then does what it said', async () => {
  const before = await engine.containers.inspect(`${prefix}-db-1`);
  const cache = await engine.containers.inspect(`${prefix}-cache-1`);
  const run = await flotilla(['up', '-d', '--explain'], { REDIS_HOST: 'redis-replica' });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /environment\.REDIS_HOST: changed \(values redacted\)/);
  assert.match(run.stderr, /depends on "db", which is recreated/);
  assert.match(run.stderr, /Config hashes compared under the rules of: current docker compose/);
  for (const value of ['redis-primary', 'redis-replica', 'first-token-value']) {
    assert.ok(!run.stderr.includes(value) && !run.stdout.includes(value), value);
  }
  // The explanation comes before the first action.
  const explained = run.stderr.indexOf('environment.REDIS_HOST');
  const acted = run.stderr.indexOf(`Container ${prefix}-db-1 Recreate`);
  assert.ok(explained >= 0 && acted > explained, run.stderr);
  const after = await engine.containers.inspect(`${prefix}-db-1`);
  assert.notEqual(after.Id, before.Id, 'db was recreated');
  assert.equal((await engine.containers.inspect(`${prefix}-cache-1`)).Id, cache.Id);
  // Once done, the same file plans nothing.
  const plan = await dryRun(['up', '-d'], { REDIS_HOST: 'redis-replica' });
  assert.ok(
    plan.steps.every((s) => s.action === 'keep'),
    JSON.stringify(plan.steps),
  );
});

test('down --dry-run -v lists what down would remove and removes nothing', async () => {
  const plan = await dryRun(['down', '-v']);
  assert.equal(plan.command, 'down');
  const actions = plan.steps.map((s) => `${s.kind} ${s.name} ${s.action}`);
  for (const expected of [
    `container ${prefix}-web-1 remove`,
    `container ${prefix}-db-1 remove`,
    `container ${prefix}-cache-1 remove`,
    `network ${prefix}_front remove`,
    `network ${prefix}_default remove`,
    `volume ${prefix}_data remove`,
  ]) {
    assert.ok(actions.includes(expected), `${expected} in ${actions.join(', ')}`);
  }
  // web depends on db: removed first, as down does.
  assert.ok(
    actions.indexOf(`container ${prefix}-web-1 remove`) <
      actions.indexOf(`container ${prefix}-db-1 remove`),
  );
  const text = await flotilla(['--dry-run', 'down']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stderr, new RegExp(`DRY-RUN MODE - Container ${prefix}-db-1 Removed`));
  assert.match(text.stdout, new RegExp(`Container ${prefix}-db-1 +stop and remove`));
});
