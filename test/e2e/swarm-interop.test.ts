// flotilla stacks and docker CLI stacks are the same thing: the docker CLI (28, on this
// machine) lists, inspects and removes a stack flotilla deployed, and flotilla lists and
// removes a stack `docker stack deploy` made, because both name and label the objects alike.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { join } from 'node:path';
import { ensureBuilt } from './support/cli.js';
import { dockerOn, flotillaOnSwarm, swarmScope, waitFor } from './support/swarm.js';

const dir = join(import.meta.dirname, 'testdata/swarm-interop');
const swarm = swarmScope('interop');
const ours = swarm.stack('flo');
const theirs = swarm.stack('dkr');

before(async () => {
  ensureBuilt();
  const [a, b] = await Promise.all([
    flotillaOnSwarm(
      ['stack', 'deploy', '--wait', '--wait-timeout', '150', '--resolve-image', 'never', ours],
      dir,
    ),
    dockerOn(1, ['stack', 'deploy', '--resolve-image', 'never', '-c', 'compose.yaml', theirs], dir),
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
});

test('docker stack ls, services and ps see the stack flotilla deployed', async () => {
  const ls = await dockerOn(1, ['stack', 'ls', '--format', '{{.Name}} {{.Services}}']);
  assert.ok(ls.stdout.split('\n').includes(`${ours} 2`), ls.stdout);
  // On a busy machine the swarm may mark a node down for a moment and reschedule: what the
  // docker CLI shows is checked once the stack has settled (every task running, one per slot).
  const settled = await waitFor(async () => {
    const services = await dockerOn(1, [
      'stack',
      'services',
      ours,
      '--format',
      '{{.Name}} {{.Mode}} {{.Replicas}}',
    ]);
    const ps = await dockerOn(1, [
      'stack',
      'ps',
      ours,
      '--filter',
      'desired-state=running',
      '--format',
      '{{.Name}} {{.CurrentState}}',
    ]);
    const lines = ps.stdout.trim().split('\n');
    const rows = services.stdout.trim().split('\n').sort();
    const stable =
      rows.join(',') === `${ours}_web replicated 2/2,${ours}_worker global 3/3` &&
      lines.length === 5 &&
      lines.every((l) => / Running /.test(l));
    return stable ? { rows, lines } : undefined;
  }, 'the flotilla stack to settle as the docker CLI sees it');
  assert.deepEqual(settled.rows, [`${ours}_web replicated 2/2`, `${ours}_worker global 3/3`]);
  assert.equal(settled.lines.filter((l) => l.startsWith(`${ours}_web.`)).length, 2);
});

test('flotilla stack ls, services and ps see the stack docker stack deploy made', async () => {
  const ls = await flotillaOnSwarm(['stack', 'ls', '--format', '{{.Name}} {{.Services}}']);
  assert.ok(ls.stdout.split('\n').includes(`${theirs} 2`), ls.stdout);
  await waitFor(async () => {
    const s = await flotillaOnSwarm([
      'stack',
      'services',
      theirs,
      '--format',
      '{{.Name}} {{.Replicas}}',
    ]);
    const lines = s.stdout.trim().split('\n').sort();
    return lines.join(',') === `${theirs}_web 2/2,${theirs}_worker 3/3` ? true : undefined;
  }, 'the docker stack to run');
  // A task the swarm replaced while a node was marked down keeps `desired-state=running` until
  // that node reports again: checked are the slots and nodes, not the number of lines.
  const seen = await waitFor(async () => {
    const ps = await flotillaOnSwarm([
      'stack',
      'ps',
      theirs,
      '-f',
      'desired-state=running',
      '--format',
      '{{.Name}} {{.Node}}',
    ]);
    const lines = ps.stdout.trim().split('\n');
    const web = [
      ...new Set(lines.filter((n) => n.startsWith(`${theirs}_web.`)).map((n) => n.split(' ')[0])),
    ].sort();
    const workerNodes = [
      ...new Set(
        lines.filter((n) => n.startsWith(`${theirs}_worker.`)).map((n) => n.split(' ')[1]),
      ),
    ].sort();
    return web.length === 2 && workerNodes.length === 3 ? { web, workerNodes } : undefined;
  }, 'both web slots and a worker on each node in the docker stack');
  assert.deepEqual(seen.web, [`${theirs}_web.1`, `${theirs}_web.2`]);
  assert.deepEqual(seen.workerNodes, ['node1', 'node2', 'node3']);
});

test('docker stack rm removes a flotilla stack and flotilla stack rm a docker one', async () => {
  const label = (s: string): { label: string[] } => ({
    label: [`com.docker.stack.namespace=${s}`],
  });
  const byDocker = await dockerOn(1, ['stack', 'rm', ours]);
  assert.equal(byDocker.code, 0, byDocker.stderr);
  const byFlotilla = await flotillaOnSwarm(['stack', 'rm', theirs]);
  assert.equal(byFlotilla.code, 0, byFlotilla.stderr);
  assert.match(byFlotilla.stderr, new RegExp(`Secret ${theirs}_key Removed`));
  for (const s of [ours, theirs]) {
    assert.deepEqual(await swarm.manager.services.list({ filters: label(s) }), []);
    assert.deepEqual(await swarm.manager.secrets.list({ filters: label(s) }), []);
  }
  const ls = await flotillaOnSwarm(['stack', 'ls']);
  assert.doesNotMatch(ls.stdout, new RegExp(`${ours}|${theirs}`));
});
