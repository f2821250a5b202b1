// `flotilla convert --to kubernetes` through the built CLI: the formats written to a directory
// (no secret value written unless --include-secrets, and then in private files), the manifests
// to stdout, the report on stderr and as JSON (never a secret value), --strict failing before anything is written, and a directory that
// another tool wrote refused.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, runFlotilla } from './support/cli.js';

const project = join(import.meta.dirname, 'testdata/cli-convert');
const work = mkdtempSync(join(tmpdir(), 'flotilla-convert-cli-'));
const base = ['-f', join(project, 'compose.yaml')];

before(() => {
  ensureBuilt();
});
after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Every file below `dir`, read whole. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

test('convert writes manifests by kind, the report to stderr and as JSON, no secret written or printed', async () => {
  const out = join(work, 'manifests');
  const report = join(work, 'report.json');
  const r = await runFlotilla([
    ...base,
    'convert',
    '--to',
    'kubernetes',
    '-o',
    out,
    '--report',
    report,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    readdirSync(out).sort(),
    [
      '.flotilla-convert',
      'configmap.yaml',
      'networkpolicy.yaml',
      'persistentvolumeclaim.yaml',
      'service.yaml',
      'deployment.yaml',
      'statefulset.yaml',
    ].sort(),
  );
  assert.equal(statSync(join(out, 'service.yaml')).mode & 0o777, 0o644);
  // The Secret with REDIS_PASSWORD is left out; the pod still refers to it; the report says how
  // to create it.
  const written = allText(out);
  for (const v of ['s3cret-value', Buffer.from('s3cret-value').toString('base64')]) {
    assert.equal(written.includes(v), false, `${v} written`);
  }
  assert.match(written, /secretRef:\n\s+name: web-env/);
  assert.match(
    r.stderr,
    /services\.web\.environment +approximated +not written.*\(kubectl create secret generic web-env --from-literal=REDIS_PASSWORD=\.\.\.\).* -> Secret\/web-env$/m,
  );
  assert.match(r.stderr, /^web: Deployment\/web \(a long-running service\)$/m);
  assert.match(r.stderr, /compose\.yaml:14:5 +stop_signal +dropped/);
  assert.match(r.stderr, /mapped, \d+ approximated, 1 dropped/);
  const json = readFileSync(report, 'utf8');
  const parsed = JSON.parse(json) as { target: string; summary: { dropped: number } };
  assert.equal(parsed.target, 'kubernetes');
  assert.equal(parsed.summary.dropped, 1);
  for (const text of [r.stderr, json]) assert.equal(text.includes('s3cret-value'), false);
});

test('convert --include-secrets writes the Secret with its value, readable by its owner only', async () => {
  const out = join(work, 'with-secrets');
  const r = await runFlotilla([
    ...base,
    'convert',
    '--to',
    'kubernetes',
    '-o',
    out,
    '--include-secrets',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(statSync(join(out, 'secret.yaml')).mode & 0o777, 0o600);
  assert.equal(statSync(join(out, 'service.yaml')).mode & 0o777, 0o644);
  assert.match(
    readFileSync(join(out, 'secret.yaml'), 'utf8'),
    new RegExp(Buffer.from('s3cret-value').toString('base64')),
  );
  assert.equal(r.stderr.includes('s3cret-value'), false);
});

test('convert -o - prints one manifest stream; a second run replaces its own files only', async () => {
  const r = await runFlotilla([
    ...base,
    'convert',
    '--to',
    'kubernetes',
    '-o',
    '-',
    '--namespace',
    'demo',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^kind: StatefulSet$/m);
  assert.equal(
    (r.stdout.match(/^ {2}namespace: demo$/gm) ?? []).length,
    (r.stdout.match(/^---$/gm) ?? []).length,
  );
  const out = join(work, 'again');
  assert.equal((await runFlotilla([...base, 'convert', '--to', 'kubernetes', '-o', out])).code, 0);
  writeFileSync(join(out, 'stale.yaml'), 'kept\n');
  const second = await runFlotilla([
    ...base,
    'convert',
    '--to',
    'kubernetes',
    '-o',
    out,
    '--single-file',
  ]);
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['.flotilla-convert', 'manifests.yaml', 'stale.yaml']);
});

test('convert --format kustomize writes a base and one overlay per override file', async () => {
  const out = join(work, 'kustomize');
  const r = await runFlotilla([
    '-f',
    join(project, 'compose.yaml'),
    '-f',
    join(project, 'compose.prod.yaml'),
    'convert',
    '--to',
    'kubernetes',
    '--format',
    'kustomize',
    '-o',
    out,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(out, 'base', 'kustomization.yaml')));
  const patch = readFileSync(
    join(out, 'overlays', 'compose.prod', 'patch-deployment-web.yaml'),
    'utf8',
  );
  assert.match(patch, /path: \/spec\/replicas\n {2}value: 3/);
});

test('convert --strict fails before writing anything, naming the dropped field', async () => {
  const out = join(work, 'strict');
  const report = join(work, 'strict.json');
  const r = await runFlotilla([
    ...base,
    'convert',
    '--to',
    'kubernetes',
    '--strict',
    '-o',
    out,
    '--report',
    report,
  ]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--strict: 1 field would be dropped/);
  assert.match(r.stderr, /compose\.yaml:14:5: services\.web\.stop_signal/);
  assert.equal(existsSync(out), false);
  assert.equal(existsSync(report), false);
});

test('convert refuses a directory it did not write, and a missing --to', async () => {
  const out = join(work, 'foreign');
  mkdirSync(out);
  writeFileSync(join(out, 'notes.txt'), 'mine\n');
  const r = await runFlotilla([...base, 'convert', '--to', 'kubernetes', '-o', out]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is not empty and was not written by flotilla convert/);
  assert.deepEqual(readdirSync(out), ['notes.txt']);
  const none = await runFlotilla([...base, 'convert']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /convert needs --to kubernetes/);
});
