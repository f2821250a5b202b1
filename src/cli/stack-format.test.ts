import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StackTask } from '../api/stack.js';
import {
  displayImage,
  formatStackList,
  formatStackServices,
  formatStackTasks,
} from './stack-format.js';

test('formatStackList: docker stack ls table, json and templates', () => {
  const stacks = [
    { name: 'shop', services: 2 },
    { name: 'web', services: 10 },
  ];
  assert.equal(formatStackList(stacks, ''), 'NAME      SERVICES\nshop      2\nweb       10\n');
  assert.equal(
    formatStackList(stacks, 'json'),
    '{"Name":"shop","Services":"2"}\n{"Name":"web","Services":"10"}\n',
  );
  assert.equal(formatStackList(stacks, '{{.Name}}:{{.Services}}'), 'shop:2\nweb:10\n');
  assert.throws(() => formatStackList(stacks, '{{.Nope}}'), /can't evaluate field Nope/);
});

test('formatStackServices: ID NAME MODE REPLICAS IMAGE PORTS, digests left out of images', () => {
  const services = [
    {
      id: 'abcdefghijklmnop',
      name: 'shop_web',
      mode: 'replicated',
      running: 2,
      desired: 3,
      completed: undefined,
      image: 'reg:5000/web:1@sha256:00',
      ports: ['*:8080->80/tcp'],
    },
    {
      id: 'qrstuvwxyz0123456',
      name: 'shop_job',
      mode: 'replicated job',
      running: 0,
      desired: 2,
      completed: 2,
      image: 'busybox',
      ports: [],
    },
  ];
  assert.equal(
    formatStackServices(services, { format: '' }),
    'ID             NAME       MODE             REPLICAS              IMAGE            PORTS\n' +
      'abcdefghijkl   shop_web   replicated       2/3                   reg:5000/web:1   *:8080->80/tcp\n' +
      // Go's tabwriter pads a cell before an empty last one, as the docker CLI prints it.
      'qrstuvwxyz01   shop_job   replicated job   0/2 (2/2 completed)   busybox          \n',
  );
  assert.equal(
    formatStackServices(services, { format: '', quiet: true }),
    'abcdefghijklmnop\nqrstuvwxyz0123456\n',
  );
  assert.equal(displayImage('busybox@sha256:00'), 'busybox@sha256:00');
});

test('formatStackTasks indents the history of a slot under its current task', () => {
  const base: StackTask = {
    id: '0123456789abcdef',
    name: 'shop_web.1',
    serviceName: 'shop_web',
    slot: 1,
    image: 'busybox:latest',
    node: 'node2',
    nodeId: 'n2',
    desiredState: 'running',
    state: 'running',
    stateSince: '2026-01-01T00:00:00Z',
    error: '',
    exitCode: undefined,
    ports: ['*:8080->80/tcp'],
    createdAt: '2026-01-01T00:00:00Z',
  };
  const old: StackTask = {
    ...base,
    id: 'fedcba9876543210',
    desiredState: 'shutdown',
    state: 'failed',
    error: 'task: non-zero exit (1): something long went wrong',
    ports: [],
  };
  const now = Date.parse('2026-01-01T00:00:05Z');
  const out = formatStackTasks([base, old], { format: '', now }).split('\n');
  assert.match(out[0], /^ID +NAME +IMAGE +NODE +DESIRED STATE +CURRENT STATE +ERROR +PORTS$/);
  assert.match(
    out[1],
    /^0123456789ab +shop_web\.1 +busybox:latest +node2 +Running +Running 5 seconds ago +\*:8080->80\/tcp$/,
  );
  assert.match(
    out[2],
    /^fedcba987654 + \\_ shop_web\.1 +busybox:latest +node2 +Shutdown +Failed 5 seconds ago +"task: non-zero exit \(1\): some…" +$/,
  );
  assert.equal(
    formatStackTasks([base], { format: '{{.Name}} {{.Node}}', now }),
    'shop_web.1 node2\n',
  );
  assert.equal(formatStackTasks([base], { format: '', quiet: true, now }), '0123456789ab\n');
});
