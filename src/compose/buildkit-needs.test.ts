import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildkitSyntax,
  classicBuilderGaps,
  dockerDriverGaps,
  sshAgentGaps,
} from './buildkit-needs.js';

test('buildkitSyntax finds the Dockerfile features only BuildKit reads, with their lines', () => {
  const text = [
    '# syntax=docker/dockerfile:1',
    'FROM busybox',
    'RUN --mount=type=cache,target=/c echo',
    'RUN --network=none echo',
    'COPY --link a /a',
    'COPY --chown=1:1 b /b',
    'RUN <<EOF',
    'echo hi',
    'EOF',
    'RUN echo plain',
  ].join('\n');
  assert.deepEqual(
    buildkitSyntax(text).map((n) => n.what),
    [
      'Dockerfile line 3 (RUN --mount)',
      'Dockerfile line 4 (RUN --network/--security)',
      'Dockerfile line 5 (COPY/ADD --link/--chmod)',
      'Dockerfile line 7 (a heredoc)',
    ],
  );
  assert.deepEqual(buildkitSyntax('FROM busybox\nCOPY --from=x /a /a\nRUN echo "<<"'), []);
});

test('classicBuilderGaps names the build fields the classic builder cannot do', () => {
  assert.deepEqual(
    classicBuilderGaps({
      name: 's',
      command: null,
      entrypoint: null,
      build: {
        secrets: [{ source: 'x' }],
        ssh: [{ id: 'default' }],
        cacheTo: ['type=inline'],
        additionalContexts: { a: '/a' },
        platforms: ['linux/amd64'],
        cacheFrom: ['x'],
        network: 'host',
      },
    }).map((n) => n.what),
    ['build.secrets', 'build.ssh', 'build.cache_to', 'build.additional_contexts'],
  );
  assert.deepEqual(
    classicBuilderGaps({ name: 's', command: null, entrypoint: null, image: 'x' }),
    [],
  );
});

test("dockerDriverGaps: only inline cache export, and no named contexts on Engine 20.10's builder", () => {
  const service = {
    name: 's',
    command: null,
    entrypoint: null,
    build: {
      cacheTo: ['type=inline', 'type=local,dest=/tmp/c'],
      additionalContexts: { a: '/a' },
    },
  };
  const old = dockerDriverGaps(service, { modernFrontend: false }, 'FROM x\nRUN <<EOF\nEOF');
  assert.equal(old.length, 3);
  assert.match(old[0].what, /^build\.cache_to\[1\] "type=local,dest=\/tmp\/c"/);
  assert.match(old[1].what, /^build\.additional_contexts \(named contexts need Engine 23\+/);
  assert.match(old[2].what, /^Dockerfile line 2 \(a heredoc\)/);
  const modern = dockerDriverGaps(service, { modernFrontend: true }, 'FROM x\nRUN <<EOF\nEOF');
  assert.equal(modern.length, 1);
});

test('sshAgentGaps: forwarding the agent needs SSH_AUTH_SOCK; a key path does not', () => {
  const service = {
    name: 's',
    command: null,
    entrypoint: null,
    build: { ssh: [{ id: 'default' }, { id: 'deploy', path: '/k' }] },
  };
  const gaps = sshAgentGaps(service, {});
  assert.equal(gaps.length, 1);
  assert.match(
    gaps[0].what,
    /^build\.ssh "default" \(forwards the ssh agent of SSH_AUTH_SOCK, which is not set/,
  );
  assert.deepEqual(sshAgentGaps(service, { SSH_AUTH_SOCK: '/tmp/agent' }), []);
});
