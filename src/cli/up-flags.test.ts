import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkUpServices, upOptionsFrom, type UpFlags } from './up-flags.js';

const base: UpFlags = { recreate: true, deps: true, start: true, color: true, logPrefix: true };

test('upOptionsFrom rejects the flag combinations compose rejects, with its messages', () => {
  const cases: [Partial<UpFlags>, string][] = [
    [{ build: true, noBuild: true }, '--build and --no-build are incompatible'],
    [
      { forceRecreate: true, recreate: false },
      '--force-recreate and --no-recreate are incompatible',
    ],
    [{ detach: true, abortOnContainerExit: true }, '--detach cannot be combined with'],
    [{ wait: true, attach: ['web'] }, '--wait cannot be combined with'],
    [{ waitTimeout: '-1' }, '--wait-timeout must be a non-negative integer'],
    [{ pull: 'sometimes' }, 'invalid --pull option "sometimes"'],
    [{ scale: ['web'] }, 'invalid --scale option "web". Should be SERVICE=NUM'],
    [
      { abortOnContainerExit: true, abortOnContainerFailure: true },
      '--abort-on-container-failure cannot be combined',
    ],
    [
      { attach: ['a'], attachDependencies: true },
      'cannot combine --attach and --attach-dependencies',
    ],
  ];
  for (const [flags, message] of cases) {
    assert.throws(
      () => upOptionsFrom({ ...base, ...flags }, [], {}),
      (err: Error) => err.message.startsWith(message),
      message,
    );
  }
  assert.throws(
    () => upOptionsFrom({ ...base, removeOrphans: true }, [], { COMPOSE_IGNORE_ORPHANS: 'true' }),
    /cannot combine COMPOSE_IGNORE_ORPHANS and --remove-orphans/,
  );
});

test('upOptionsFrom maps flags to options', () => {
  const o = upOptionsFrom(
    { ...base, wait: true, scale: ['web=3'], recreate: false, timeout: '5' },
    ['web'],
    { COMPOSE_REMOVE_ORPHANS: '1' },
  );
  assert.equal(o.detach, true);
  assert.deepEqual(o.scale, { web: 3 });
  assert.equal(o.recreate, 'never');
  assert.equal(o.removeOrphans, true);
  assert.equal(o.timeout, 5);
  assert.deepEqual(o.services, ['web']);
  const attached = upOptionsFrom({ ...base, exitCodeFrom: 'web' }, [], {});
  assert.equal(attached.abortOnContainerExit, true);
  assert.equal(attached.detach, false);
});

test('checkUpServices names unknown services before any engine call', () => {
  const known = (s: string): boolean => s === 'web' || s === 'db';
  assert.throws(() => {
    checkUpServices({ services: ['nope'] }, known, ['web', 'db']);
  }, /no such service: nope/);
  assert.throws(() => {
    checkUpServices({ scale: { x: 1 } }, known, ['web', 'db']);
  }, /no such service: x/);
  assert.doesNotThrow(() => {
    checkUpServices({ services: ['web'] }, known, ['web', 'db']);
  });
});
