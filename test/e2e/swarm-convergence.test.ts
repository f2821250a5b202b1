// Re-deploying a stack on the swarm changes only what changed in the file: nothing for an
// unchanged file (same service versions, same tasks), one service for an edited environment
// value, a new secret (and the old one removed) for a changed secret; --prune removes the
// services the file no longer has; stack rm keeps volumes unless --volumes.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { join } from 'node:path';
import type { Plan } from '../../src/api/plan.js';
import { ensureBuilt } from './support/cli.js';
import { flotillaOnSwarm, swarmScope, waitFor } from './support/swarm.js';

const dir = join(import.meta.dirname, 'testdata/swarm-convergence');
const swarm = swarmScope('conv');
const stack = swarm.stack('1');
const label = { label: [`com.docker.stack.namespace=${stack}`] };

function deploy(
  env: Record<string, string>,
  ...flags: string[]
): ReturnType<typeof flotillaOnSwarm> {
  return flotillaOnSwarm(
    [
      'stack',
      'deploy',
      '--wait',
      '--wait-timeout',
      '150',
      '--resolve-image',
      'never',
      ...flags,
      stack,
    ],
    dir,
    { CHANGER_VALUE: 'one', E2E_PASSWORD: 'first password', ...env },
  );
}

/** Each service's version index and the IDs of its running tasks. */
async function snapshot(): Promise<Map<string, { version: number; tasks: string[] }>> {
  const out = new Map<string, { version: number; tasks: string[] }>();
  for (const s of await swarm.manager.services.list({ filters: label })) {
    const tasks = await swarm.manager.tasks.list({
      filters: { service: [s.ID], 'desired-state': ['running'] },
    });
    out.set(s.Spec.Name, { version: s.Version.Index, tasks: tasks.map((t) => t.ID).sort() });
  }
  return out;
}

before(async () => {
  ensureBuilt();
  const r = await deploy({}, '--profile', 'extra');
  assert.equal(r.code, 0, r.stderr);
});

test('re-deploying an unchanged file updates nothing: same service versions, same tasks', async () => {
  const first = await snapshot();
  assert.deepEqual([...first.keys()].sort(), [
    `${stack}_changer`,
    `${stack}_extra`,
    `${stack}_keeper`,
  ]);
  const r = await deploy({}, '--profile', 'extra');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`Service ${stack}_keeper Unchanged`));
  assert.doesNotMatch(r.stderr, /Updat|Creat/);
  assert.deepEqual(await snapshot(), first);
});

test('deploy --dry-run lists what would change and why, and changes nothing', async () => {
  const before = await snapshot();
  const secrets = (await swarm.manager.secrets.list({ filters: label })).map((x) => x.Spec.Name);
  const env = { CHANGER_VALUE: 'two', E2E_PASSWORD: 'second password' };
  const r = await deploy(env, '--prune', '--dry-run', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as Plan;
  assert.equal(plan.command, 'stack deploy');
  assert.equal(plan.project, stack);
  const step = (kind: string, name: string): Plan['steps'][number] | undefined =>
    plan.steps.find((x) => x.kind === kind && x.name === name);
  const changer = step('service', `${stack}_changer`);
  assert.equal(changer?.action, 'update', r.stdout);
  const fields = changer.reasons.map((x) => x.field);
  assert.ok(fields.includes('environment.VALUE'), fields.join(', '));
  assert.ok(
    fields.some((f) => /Secrets\[0\]\.SecretName$/.test(f)),
    fields.join(', '),
  );
  assert.equal(step('service', `${stack}_keeper`)?.action, 'keep');
  assert.equal(step('service', `${stack}_extra`)?.action, 'remove');
  assert.equal(step('secret', secrets[0])?.action, 'remove');
  const created = plan.steps.filter((x) => x.kind === 'secret' && x.action === 'create');
  assert.equal(created.length, 1, r.stdout);
  assert.notEqual(created[0].name, secrets[0]);
  assert.equal(plan.steps.filter((x) => x.kind === 'config')[0]?.action, 'keep');
  assert.doesNotMatch(r.stdout, /VALUE=two|second password|"two"/);
  // Nothing changed on the swarm.
  assert.deepEqual(await snapshot(), before);
  assert.deepEqual(
    (await swarm.manager.secrets.list({ filters: label })).map((x) => x.Spec.Name),
    secrets,
  );
  // The text form, one line per object.
  const text = await deploy(env, '--prune', '--dry-run');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`Service ${stack}_changer +update\n`));
  assert.match(text.stdout, /environment\.VALUE: changed \(values redacted\)/);
  assert.match(text.stdout, new RegExp(`Service ${stack}_extra +remove\n`));
});

test('an edited environment value updates only that service, in place', async () => {
  const before = await snapshot();
  const r = await deploy({ CHANGER_VALUE: 'two' }, '--profile', 'extra');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /changed: TaskTemplate\.ContainerSpec\.Env\[0\]/);
  const after = await snapshot();
  assert.deepEqual(after.get(`${stack}_keeper`), before.get(`${stack}_keeper`));
  assert.deepEqual(after.get(`${stack}_extra`), before.get(`${stack}_extra`));
  const changer = after.get(`${stack}_changer`)!;
  assert.ok(changer.version > before.get(`${stack}_changer`)!.version);
  assert.equal(
    changer.tasks.filter((t) => before.get(`${stack}_changer`)!.tasks.includes(t)).length,
    0,
  );
  const [service] = await swarm.manager.services.list({ filters: { name: [`${stack}_changer`] } });
  assert.ok(service.Spec.TaskTemplate.ContainerSpec?.Env?.includes('VALUE=two'));
});

test('a changed secret is rotated: a new name for the new content, the old secret removed', async () => {
  const old = await swarm.manager.secrets.list({ filters: label });
  assert.equal(old.length, 1);
  assert.match(old[0].Spec.Name, new RegExp(`^${stack}_password_[0-9a-f]{12}$`));
  const r = await deploy(
    { CHANGER_VALUE: 'two', E2E_PASSWORD: 'second password' },
    '--profile',
    'extra',
  );
  assert.equal(r.code, 0, r.stderr);
  const now = await swarm.manager.secrets.list({ filters: label });
  assert.equal(now.length, 1, now.map((s) => s.Spec.Name).join(','));
  assert.notEqual(now[0].Spec.Name, old[0].Spec.Name);
  const [service] = await swarm.manager.services.list({ filters: { name: [`${stack}_changer`] } });
  assert.deepEqual(
    service.Spec.TaskTemplate.ContainerSpec?.Secrets?.map((s) => [s.SecretName, s.SecretID]),
    [[now[0].Spec.Name, now[0].ID]],
  );
  // The config did not change: the same one is still used.
  assert.equal((await swarm.manager.configs.list({ filters: label })).length, 1);
});

test('--prune removes the services the file no longer has; without it they stay', async () => {
  const kept = await deploy({ CHANGER_VALUE: 'two', E2E_PASSWORD: 'second password' });
  assert.equal(kept.code, 0, kept.stderr);
  assert.ok((await snapshot()).has(`${stack}_extra`));
  const pruned = await deploy({ CHANGER_VALUE: 'two', E2E_PASSWORD: 'second password' }, '--prune');
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.match(pruned.stderr, new RegExp(`Service ${stack}_extra Removed`));
  assert.deepEqual([...(await snapshot()).keys()].sort(), [`${stack}_changer`, `${stack}_keeper`]);
});

test('stack rm removes services, networks, secrets and configs but keeps volumes unless --volumes', async () => {
  const volumes = async (): Promise<string[]> =>
    (await swarm.manager.volumes.list({ filters: label })).Volumes.map((v) => v.Name);
  assert.deepEqual(await volumes(), [`${stack}_data`]);
  const rm = await flotillaOnSwarm(['stack', 'rm', stack]);
  assert.equal(rm.code, 0, rm.stderr);
  assert.deepEqual(await swarm.manager.services.list({ filters: label }), []);
  assert.deepEqual(await swarm.manager.secrets.list({ filters: label }), []);
  assert.deepEqual(await swarm.manager.configs.list({ filters: label }), []);
  // The manager drops a removed network once its allocator has released it.
  await waitFor(
    async () =>
      (await swarm.manager.networks.list({ filters: label })).length === 0 ? true : undefined,
    'the stack network to go',
  );
  // The volume outlives its tasks' containers.
  await waitFor(
    async () =>
      (await swarm.manager.containers.list({ all: true, filters: label })).length === 0
        ? true
        : undefined,
    'the stack containers to go',
  );
  assert.deepEqual(await volumes(), [`${stack}_data`]);
  const rmv = await flotillaOnSwarm(['stack', 'rm', '--volumes', stack]);
  assert.equal(rmv.code, 0, rmv.stderr);
  assert.deepEqual(await volumes(), []);
});
