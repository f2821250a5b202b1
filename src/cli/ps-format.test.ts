import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerSummary } from '../api/compose.js';
import {
  formatCommand,
  formatPorts,
  formatPsTable,
  formatPsTemplate,
  humanDuration,
} from './ps-format.js';

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
    formatPsTable([web], now),
    'NAME      IMAGE          COMMAND                  SERVICE   CREATED              STATUS         PORTS\n' +
      'p-web-1   nginx:latest   "/docker-entrypoint.…"   web       About a minute ago   Up 2 minutes   0.0.0.0:8080->80/tcp, 443/tcp\n',
  );
  assert.equal(formatPorts([]), '');
  assert.equal(humanDuration(500), 'Less than a second');
  assert.equal(humanDuration(3 * 86_400_000), '3 days');
});

test('ps-format templates render fields, json and table headers', () => {
  assert.equal(formatPsTemplate([web], '{{.Name}} {{.Service}}', now), 'p-web-1 web\n');
  assert.equal(
    formatPsTemplate([web], '{{json .Publishers}}', now).startsWith('[{"URL":"0.0.0.0"'),
    true,
  );
  assert.equal(
    formatPsTemplate([web], 'table {{.Name}}\\t{{.State}}', now),
    'NAME      STATE\np-web-1   running\n',
  );
  assert.throws(() => formatPsTemplate([web], '{{.Nope}}', now), /can't evaluate field Nope/);
});

test('formatCommand quotes as Go strconv.Quote: inner quotes and backslashes escaped', () => {
  assert.equal(formatCommand(`sh -c 'trap "exit 0" TERM'`), '"sh -c \'trap \\"exit 0…"');
  assert.equal(formatCommand('echo a\\b', true), '"echo a\\\\b"');
  assert.equal(formatCommand('short'), '"short"');
});
