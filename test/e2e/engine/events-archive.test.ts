import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { tarArchive } from '../../../src/build/tar-writer.js';
import { collectOutput, isEngineError, type EngineEvent } from '../../../src/engine/index.js';
import { engineScope } from '../support/engine.js';

const scope = engineScope('events');
const { engine } = scope;

test('events stream filtered by label and type sees create, start and die', async () => {
  const role = `${scope.prefix}-ev`;
  const since = Math.floor(Date.now() / 1000) - 1;
  const events = await engine.events({
    since,
    filters: { type: ['container'], label: [`role=${role}`] },
  });
  const { Id } = await engine.containers.create({
    Image: 'busybox',
    Cmd: ['true'],
    Labels: { ...scope.labels, role },
  });
  // Noise that the filter must exclude.
  await engine.containers.create({ Image: 'busybox', Cmd: ['true'], Labels: scope.labels });
  await engine.containers.start(Id);
  const seen: EngineEvent[] = [];
  for await (const e of events) {
    seen.push(e);
    if (e.Action === 'die') break;
  }
  assert.deepEqual(
    seen.map((e) => e.Action).filter((a) => ['create', 'start', 'die'].includes(a)),
    ['create', 'start', 'die'],
  );
  assert.ok(seen.every((e) => e.Actor.ID === Id && e.Type === 'container'));
  const die = seen.at(-1)!;
  assert.equal(die.Actor.Attributes?.exitCode, '0');
  assert.equal(die.Actor.Attributes.role, role);
});

test('events with until end by themselves', async () => {
  const now = Math.floor(Date.now() / 1000);
  const events = await engine.events({
    since: now - 5,
    until: now,
    filters: { type: ['network'], label: [`x=${scope.prefix}`] },
  });
  const seen: EngineEvent[] = [];
  for await (const e of events) seen.push(e);
  assert.deepEqual(seen, []);
});

test('archive put, stat and get round-trip a file into a container', async () => {
  const { Id } = await engine.containers.create({
    Image: 'busybox',
    Cmd: ['cat', '/tmp/app/config.txt'],
    Labels: scope.labels,
  });
  const tar = tarArchive([
    { name: 'app', type: 'directory', mode: 0o755 },
    { name: 'app/config.txt', type: 'file', mode: 0o600, content: 'key=value\n' },
  ]);
  await engine.containers.putArchive(Id, '/tmp', Readable.from([tar]));
  const stat = await engine.containers.statPath(Id, '/tmp/app/config.txt');
  assert.equal(stat.name, 'config.txt');
  assert.equal(stat.size, 10);
  assert.equal(stat.mode & 0o777, 0o600);
  const { stat: dirStat, tar: out } = await engine.containers.getArchive(Id, '/tmp/app');
  assert.equal(dirStat.name, 'app');
  const chunks: Buffer[] = [];
  for await (const c of out) chunks.push(c as Buffer);
  assert.ok(Buffer.concat(chunks).includes('key=value'));
  await engine.containers.start(Id);
  await engine.containers.wait(Id);
  assert.equal((await collectOutput(await engine.containers.logs(Id))).stdout, 'key=value\n');
  await assert.rejects(engine.containers.statPath(Id, '/nope'), (e: unknown) =>
    isEngineError(e, 404),
  );
  await assert.rejects(engine.containers.putArchive(Id, '/nope/dir', tar), (e: unknown) =>
    isEngineError(e, 404),
  );
});
