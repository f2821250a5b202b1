import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineEvent } from '../engine/index.js';
import { eventJson, formatEvent, toComposeEvent } from './events.js';

const base: EngineEvent = {
  Type: 'container',
  Action: 'start',
  Actor: {
    ID: 'a'.repeat(64),
    Attributes: {
      'com.docker.compose.project': 'p',
      'com.docker.compose.service': 'web',
      'com.docker.compose.oneoff': 'False',
      name: 'p-web-1',
      image: 'nginx',
    },
  },
  time: 1_700_000_000,
  timeNano: 1_700_000_000_123 * 1e6 + 456_789,
};

test('toComposeEvent keeps the service and drops compose labels and one-offs', () => {
  const e = toComposeEvent(base);
  assert.ok(e !== undefined);
  assert.equal(e.service, 'web');
  assert.deepEqual(e.attributes, { name: 'p-web-1', image: 'nginx' });
  const oneoff = {
    ...base,
    Actor: { ...base.Actor, Attributes: { 'com.docker.compose.oneoff': 'True' } },
  };
  assert.equal(toComposeEvent(oneoff), undefined);
  assert.equal(toComposeEvent({ ...base, Type: 'network' }), undefined);
});

test('formatEvent prints compose text form with sorted attributes', () => {
  const e = toComposeEvent(base)!;
  assert.match(
    formatEvent(e),
    new RegExp(
      `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.123000 container start ${'a'.repeat(64)} \\(image=nginx, name=p-web-1\\)$`,
    ),
  );
});

test('eventJson has the keys compose prints', () => {
  const json = JSON.parse(eventJson(toComposeEvent(base)!)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json), ['action', 'attributes', 'id', 'service', 'time', 'type']);
  assert.equal(json.time, '2023-11-14T22:13:20.123Z');
});
