// The run report through the CLI and the library: an OOM-killed service, an unhealthy one, a
// dependency that exits 1 under service_completed_successfully and a `run` whose command exits
// 3 each give the right reason, exit code and log tail on stderr and in the `--report` JSON; the
// secret's value (also an environment value) appears in neither; a success writes a report too.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isComposeError } from '../../src/api/errors.js';
import type { RunReport, ServiceRunReport } from '../../src/api/report.js';
import { createCompose } from '../../src/compose/compose.js';
import { loadProjectSync } from '../../src/loader/load-project.js';
import { ensureBuilt, runFlotilla, type CliResult } from './support/cli.js';
import { engineScope } from './support/engine.js';

const scope = engineScope('ci-report');
const dir = join(import.meta.dirname, 'testdata/ci-report');
const secret = `s3cr3t-${scope.prefix}-value`;
const tmp = mkdtempSync(join(tmpdir(), 'flotilla-report-'));
const env = {
  ...process.env,
  E2E_SCOPE: scope.prefix,
  REPORT_SECRET: secret,
  COMPOSE_PROGRESS: 'plain',
  GITHUB_ACTIONS: '',
  FLOTILLA_REPORT: '',
};

before(() => {
  ensureBuilt();
});

after(async () => {
  await scope.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the CLI in the fixture directory with a report file; returns the result and report. */
async function flotilla(
  suffix: string,
  args: readonly string[],
  extra: NodeJS.ProcessEnv = {},
): Promise<{ r: CliResult; report: RunReport; raw: string }> {
  const file = join(tmp, `${suffix}.json`);
  const r = await runFlotilla(['-p', scope.name(suffix), ...args], {
    cwd: dir,
    env: { ...env, FLOTILLA_REPORT: file, ...extra },
  });
  const raw = readFileSync(file, 'utf8');
  return { r, report: JSON.parse(raw) as RunReport, raw };
}

function service(report: RunReport, name: string): ServiceRunReport {
  const s = report.services.find((x) => x.name === name);
  assert.ok(s !== undefined, `no service ${name} in ${JSON.stringify(report.services)}`);
  return s;
}

function assertNoSecret(...texts: string[]): void {
  for (const t of texts) assert.ok(!t.includes(secret), `the secret leaked:\n${t}`);
}

test('an OOM-killed service: reason, exit code 137 and its log tail, on stderr and in the JSON', async () => {
  const { r, report, raw } = await flotilla('oom', [
    '--profile',
    'oom',
    'up',
    '--exit-code-from',
    'hog',
  ]);
  assert.equal(r.code, 137, r.stderr);
  assert.match(r.stderr, /service "hog": OOM-killed: exceeded its memory limit \(exit code 137\)/);
  assert.match(r.stderr, /container \S+-hog-1: exited, exit code 137, OOM-killed/);
  assert.match(r.stderr, /last 1 log lines:\n {6}hog-start\n/);
  const hog = service(report, 'hog');
  assert.deepEqual(hog.failure, { kind: 'oom-killed', exitCode: 137 });
  assert.equal(hog.containers[0].oomKilled, true);
  assert.equal(hog.containers[0].exitCode, 137);
  assert.deepEqual(hog.containers[0].logTail, ['hog-start']);
  assert.equal(report.exitStatus, 137);
  assert.equal(report.command, 'up');
  assert.equal(report.schemaVersion, 1);
  assertNoSecret(r.stdout, r.stderr, raw);
});

test('an unhealthy service: the health log with output and exit codes, in both forms', async () => {
  const { r, report, raw } = await flotilla('sick', [
    '--profile',
    'unhealthy',
    'up',
    '--wait',
    '--wait-timeout',
    '120',
  ]);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.split('\n');
  const errorLine = lines.findIndex((l) => /container \S+-sick-1 is unhealthy/.test(l));
  const diagnosis = lines.indexOf('service "sick": unhealthy: its health check failed');
  assert.ok(errorLine >= 0 && diagnosis > errorLine, r.stderr);
  assert.match(r.stderr, /health unhealthy/);
  assert.match(r.stderr, /exit 2: probe-says-no/);
  assert.match(r.stderr, /sick-start/);
  const sick = service(report, 'sick');
  assert.deepEqual(sick.failure, { kind: 'unhealthy' });
  const health = sick.containers[0].health;
  assert.ok(health !== undefined);
  assert.equal(health.status, 'unhealthy');
  assert.ok(health.log.length >= 2, JSON.stringify(health));
  for (const probe of health.log) {
    assert.equal(probe.exitCode, 2);
    assert.equal(probe.output.trim(), 'probe-says-no');
  }
  assert.equal(report.error?.code, 'RUNTIME');
  assert.deepEqual((sick.config as { environment: Record<string, string> }).environment, {
    API_TOKEN: '[redacted]',
  });
  assertNoSecret(r.stdout, r.stderr, raw);
});

test('a dependency exiting 1 under service_completed_successfully: both services diagnosed', async () => {
  const { r, report, raw } = await flotilla('dep', ['--profile', 'dependency', 'up', '--wait'], {
    GITHUB_ACTIONS: 'true',
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /service "migrate" didn't complete successfully: exit 1/);
  assert.match(r.stderr, /::group::service "migrate": exited with code 1\n/);
  // Both lines in the group; their order is the engine's, which stamps each stream as it reads it.
  const group = /::group::service "migrate"[^\n]*\n([\s\S]*?)::endgroup::/.exec(r.stderr);
  assert.ok(group, r.stderr);
  assert.match(group[1], /^ {4}migration 7 failed$/m);
  assert.match(group[1], /^ {4}migrate-start$/m);
  assert.match(
    r.stderr,
    /::group::service "app": dependency "migrate" did not meet condition service_completed_successfully\n/,
  );
  assert.deepEqual(service(report, 'migrate').failure, { kind: 'exited', exitCode: 1 });
  assert.deepEqual([...service(report, 'migrate').containers[0].logTail].sort(), [
    'migrate-start',
    'migration 7 failed',
  ]);
  assert.deepEqual(service(report, 'app').failure, {
    kind: 'dependency',
    dependency: 'migrate',
    condition: 'service_completed_successfully',
  });
  assert.equal(service(report, 'app').containers[0].state, 'created');
  assertNoSecret(r.stdout, r.stderr, raw);
});

test('run whose command exits 3: exit status 3, the last 20 lines, and --rm still removes it', async () => {
  const file = join(tmp, 'run-flag.json');
  const project = scope.name('run');
  const r = await runFlotilla(
    ['-p', project, '--profile', 'run', 'run', '--rm', '--report', file, 'tests'],
    { cwd: dir, env },
  );
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /test-line-30/);
  // The secret from the environment reached the one-off container's /run/secrets/token.
  assert.match(r.stdout, /secret-present/);
  assert.match(r.stderr, /service "tests": exited with code 3/);
  assert.match(r.stderr, /last 20 log lines:\n {6}test-line-12\n/);
  const raw = readFileSync(file, 'utf8');
  const report = JSON.parse(raw) as RunReport;
  assert.equal(report.command, 'run');
  assert.equal(report.exitStatus, 3);
  const tests = service(report, 'tests');
  assert.deepEqual(tests.failure, { kind: 'exited', exitCode: 3 });
  const tail = tests.containers[0].logTail;
  assert.equal(tail.length, 20);
  assert.equal(tail[0], 'test-line-12');
  assert.equal(tail[19], 'secret-present');
  assertNoSecret(r.stdout, r.stderr, raw);
  const left = await scope.engine.containers.list({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  assert.deepEqual(
    left.map((c) => c.Names[0]),
    [],
    'run --rm left its container behind',
  );
});

test('run beside the service’s own container: the report and diagnosis are of the one-off alone', async () => {
  const project = scope.name('run-beside');
  const cli = (...args: string[]) =>
    runFlotilla(['-p', project, '--profile', 'ok', ...args], { cwd: dir, env });
  const up = await cli('up', '-d', 'web');
  assert.equal(up.code, 0, up.stderr);
  const file = join(tmp, 'run-beside.json');
  const r = await cli(
    'run',
    '--rm',
    '--report',
    file,
    'web',
    'sh',
    '-c',
    'echo one-off-ran; exit 4',
  );
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /service "web": exited with code 4/);
  assert.match(r.stderr, /last 1 log lines:\n {6}one-off-ran\n/);
  // web-1 keeps running and took no part: it is neither diagnosed nor reported.
  assert.doesNotMatch(r.stderr, new RegExp(`container ${project}-web-1:`));
  assert.doesNotMatch(r.stderr, /web-up/);
  const web = service(JSON.parse(readFileSync(file, 'utf8')) as RunReport, 'web');
  assert.deepEqual(
    web.containers.map((c) => c.name.replace(project, 'P').replace(/[0-9a-f]{12}$/, 'ID')),
    ['P-web-run-ID'],
  );
  assert.deepEqual(web.failure, { kind: 'exited', exitCode: 4 });
});

test('a successful up --wait writes the report too: every service, no failure', async () => {
  const { r, report, raw } = await flotilla('ok', ['--profile', 'ok', 'up', '--wait']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(report.exitStatus, 0);
  assert.equal(report.error, undefined);
  assert.equal(service(report, 'web').failure, undefined);
  assert.equal(service(report, 'web').containers[0].state, 'running');
  assert.equal(service(report, 'seed').failure, undefined);
  assert.equal(service(report, 'seed').containers[0].exitCode, 0);
  assert.doesNotMatch(r.stderr, /^service "/m);
  assertNoSecret(r.stdout, r.stderr, raw);
});

test('the library: the report on the thrown ComposeError, and from onReport on success', async () => {
  const load = (profile: string) =>
    loadProjectSync({
      cwd: dir,
      projectName: scope.name(`lib-${profile}`),
      profiles: [profile],
      environment: { ...env, REPORT_SECRET: secret },
    });
  const compose = createCompose();
  const failing = load('dependency');
  const seen: RunReport[] = [];
  const err = await compose.up(failing, { wait: true, onReport: (rep) => seen.push(rep) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isComposeError(err, 'RUNTIME'), String(err));
  assert.ok(err.report !== undefined);
  assert.equal(seen[0], err.report, 'onReport receives the same object');
  assert.deepEqual(err.report.services.find((s) => s.name === 'migrate')?.failure, {
    kind: 'exited',
    exitCode: 1,
  });
  const ok = load('ok');
  let success: RunReport | undefined;
  await compose.up(ok, { wait: true, report: 'always', onReport: (rep) => (success = rep) });
  assert.ok(success !== undefined);
  assert.equal(success.exitStatus, 0);
  assert.deepEqual(
    success.services.map((s) => [s.name, s.failure]),
    [
      ['web', undefined],
      ['seed', undefined],
    ],
  );
  assertNoSecret(JSON.stringify(err.report), JSON.stringify(success));
});

test('GitHub Actions: a compose file error is an annotation, and the report file still appears', async () => {
  const file = join(tmp, 'bad.json');
  const r = await runFlotilla(['-p', scope.name('bad'), 'up', '--wait', '--report', file], {
    cwd: join(dir, 'bad'),
    env: { ...env, GITHUB_ACTIONS: 'true' },
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^compose\.yaml:6:9: services\.web\.ports\[0\]: /m);
  assert.match(r.stderr, /^::error file=compose\.yaml,line=6,col=9::services\.web\.ports\[0\]: /m);
  const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
  assert.equal(report.exitStatus, 1);
  assert.equal(report.error?.code, 'SCHEMA');
  assert.deepEqual(report.services, []);
});
