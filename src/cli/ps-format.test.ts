import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerSummary } from '../api/compose.js';
import { formatCommand, formatPorts, formatPs, humanDuration } from './ps-format.js';

const now = 1_700_000_100_000;
const web: ContainerSummary = {
  id: 'a'.repeat(64),
  name: 'p-web-1',
  image: 'nginx:latest',
  command: '/docker-entrypoint.sh nginx -g daemon off;',
  project: 'p',
  service: 'web',
  created: 1_700_000_000,
  state: 'running',
  status: 'Up 2 minutes',
  health: '',
  exitCode: 0,
  publishers: [
    { url: '0.0.0.0', targetPort: 80, publishedPort: 8080, protocol: 'tcp' },
    { url: '', targetPort: 443, publishedPort: 0, protocol: 'tcp' },
  ],
  labels: {},
  networks: ['p_default'],
  mounts: [],
  localVolumes: 0,
};

test('ps-format table has compose columns, truncated command and docker port text', () => {
  assert.equal(
    formatPs([web], 'table', now),
    'NAME      IMAGE          COMMAND                  SERVICE   CREATED              STATUS         PORTS\n' +
      'p-web-1   nginx:latest   "/docker-entrypoint.…"   web       About a minute ago   Up 2 minutes   0.0.0.0:8080->80/tcp, 443/tcp\n',
  );
  assert.equal(formatPorts([]), '');
  assert.equal(humanDuration(500), 'Less than a second');
  assert.equal(humanDuration(3 * 86_400_000), '3 days');
});

test('ps-format keeps the padding of a column before an empty last one, as tabwriter does', () => {
  const quiet = { ...web, publishers: [] };
  assert.equal(
    formatPs([quiet], 'table {{.Name}}\\t{{.Status}}\\t{{.Ports}}', now),
    'NAME      STATUS         PORTS\np-web-1   Up 2 minutes   \n',
  );
});

test('ps-format templates render fields, labels, json and table headers', () => {
  assert.equal(formatPs([web], '{{.Name}} {{.Service}}', now), 'p-web-1 web\n');
  assert.equal(formatPs([web], '{{json .Publishers}}', now).startsWith('[{"URL":"0.0.0.0"'), true);
  assert.equal(
    formatPs([web], 'table {{.Name}}\\t{{.State}}', now),
    'NAME      STATE\np-web-1   running\n',
  );
  const labelled = { ...web, labels: { 'com.example.tier': 'front' } };
  assert.equal(
    formatPs([labelled], 'table {{.Name}}\\t{{.Label "com.example.tier"}}', now),
    'NAME      tier\np-web-1   front\n',
  );
  assert.throws(
    () => formatPs([web], '{{.Nope}}', now),
    /^ComposeError: template parsing error: template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type \*formatter.ContainerContext$/,
  );
});

test('ps-format json is one object per line with docker compose keys, sorted, ID and command cut', () => {
  const line = formatPs([web], 'json', now);
  assert.ok(line.endsWith('}\n'));
  const parsed = JSON.parse(line) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), Object.keys(parsed).sort());
  assert.equal(parsed.ID, 'a'.repeat(12));
  assert.equal(parsed.Command, '"/docker-entrypoint.…"');
  assert.equal(parsed.State, 'running');
  assert.equal(parsed.Label, undefined);
  const full = JSON.parse(formatPs([web], 'json', now, true)) as Record<string, unknown>;
  assert.equal(full.ID, 'a'.repeat(64));
  assert.equal(formatPs([web], '{{json .}}', now), line);
});

test('formatCommand quotes as Go strconv.Quote: inner quotes and backslashes escaped', () => {
  assert.equal(formatCommand(`sh -c 'trap "exit 0" TERM'`), '"sh -c \'trap \\"exit 0…"');
  assert.equal(formatCommand('echo a\\b', true), '"echo a\\\\b"');
  assert.equal(formatCommand('short'), '"short"');
});
