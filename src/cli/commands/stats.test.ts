import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatStats } from './stats.js';

const sample = {
  id: 'f'.repeat(64),
  name: 'p-web-1',
  cpuPercent: 1.234,
  memoryUsage: 1536 * 1024,
  memoryLimit: 2 * 1024 ** 3,
  memoryPercent: 0.07,
  netRx: 1200,
  netTx: 0,
  blockRead: 0,
  blockWrite: 4_500_000,
  pids: 2,
};

test('formatStats renders the docker stats table, templates and JSON', () => {
  const table = formatStats([sample], 'table');
  assert.match(
    table,
    /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS\n/,
  );
  assert.match(
    table,
    /ffffffffffff\s+p-web-1\s+1\.23%\s+1\.5MiB \/ 2GiB\s+0\.07%\s+1\.2kB \/ 0B\s+0B \/ 4\.5MB\s+2\n$/,
  );
  assert.equal(formatStats([sample], '{{.Name}}: {{.PIDs}}'), 'p-web-1: 2\n');
  assert.equal((JSON.parse(formatStats([sample], 'json')) as { Name: string }).Name, 'p-web-1');
});
