import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceLocation } from '../api/errors.js';
import { isComposeError } from '../api/errors.js';
import { ReportBuilder, checkStrict } from './report.js';
import { formatReport } from './report-table.js';

const at = (line: number): SourceLocation => ({ file: 'compose.yaml', line, column: 5 });

test('the report locates each entry at its own path, else the nearest written one', () => {
  const written = new Map([
    ['services.web', at(2)],
    ['services.web.environment', at(4)],
    ['services.web.ports[0]', at(7)],
  ]);
  const b = new ReportBuilder(
    { target: 'kubernetes', format: 'manifests', project: 'p' },
    (path) => written.get(path),
    ['web', 'db'],
  );
  b.workload('web', 'Deployment', 'web', 'a long-running service');
  b.service('web', { path: 'services.web.ports[0]', outcome: 'approximated', reason: 'r1' });
  b.service('web', { path: 'services.web.environment.TOKEN', outcome: 'mapped', reason: 'r2' });
  b.service('web', { path: 'services.web.environment.TOKEN', outcome: 'mapped', reason: 'r2' });
  b.service('web', { path: 'services.web.user', outcome: 'dropped', reason: 'r3' });
  b.resource({
    path: 'volumes.data',
    outcome: 'mapped',
    reason: 'r4',
    target: 'PersistentVolumeClaim/data',
  });
  const r = b.build();
  assert.deepEqual(
    r.services[0].entries.map((e) => [e.path, e.location?.line]),
    [
      ['services.web.ports[0]', 7],
      ['services.web.environment.TOKEN', 4],
      ['services.web.user', 2],
    ],
  );
  assert.deepEqual(r.services[1], { service: 'db', workload: undefined, entries: [] });
  assert.deepEqual(r.summary, { mapped: 2, approximated: 1, dropped: 1 });
  assert.ok(b.covers('web', 'services.web.environment'));
  assert.ok(!b.covers('web', 'services.web.env'));
  const text = formatReport(r);
  assert.match(text, /^web: Deployment\/web \(a long-running service\)$/m);
  assert.match(text, /compose\.yaml:7:5 {2}ports\[0\] +approximated {2}r1/);
  assert.match(text, /^2 mapped, 1 approximated, 1 dropped$/m);
  assert.throws(
    () => {
      checkStrict(r);
    },
    (err: unknown) =>
      isComposeError(err, 'CONVERT') &&
      /1 field would be dropped/.test(err.message) &&
      /compose\.yaml:2:5: services\.web\.user: r3/.test(err.message),
  );
});

test('checkStrict passes a report without dropped fields', () => {
  const b = new ReportBuilder(
    { target: 'kubernetes', format: 'helm', project: 'p' },
    undefined,
    [],
  );
  b.resource({ path: 'networks.default', outcome: 'mapped', reason: 'policy' });
  checkStrict(b.build());
  assert.equal(b.build().resources[0].location, undefined);
});
