// flotilla installed as the Docker CLI plugin runs `docker compose ...` with the machine's own
// docker client: discovery through the metadata command, docker's global flags before
// `compose`, and a real project brought up and down; run standalone, the same binary takes
// docker's flags before the command as docker compose's standalone binary does.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { engineScope } from './support/engine.js';
import { ensureBuilt } from './support/cli.js';

const scope = engineScope('cliplugin');
const root = resolve(import.meta.dirname, '../..');
const composeFile = join(import.meta.dirname, 'testdata/cli-plugin/compose.yaml');
const config = mkdtempSync(join(tmpdir(), 'flotilla-plugin-'));
const env = { ...process.env, DOCKER_CONFIG: config, E2E_SCOPE: scope.prefix };
const plugin = join(config, 'cli-plugins/docker-compose');
const hasDocker = spawnSync('docker', ['--version']).status === 0;

function run(
  cmd: string,
  args: readonly string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { env: { ...env, ...extraEnv }, cwd: root }, (err, stdout, stderr) => {
      done({
        code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1,
        stdout,
        stderr,
      });
    });
  });
}

before(async () => {
  ensureBuilt();
  const r = await run('bash', ['scripts/install-plugin.sh']);
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  if (hasDocker) await run('docker', ['compose', '-p', scope.prefix, 'down', '-t', '0']);
  rmSync(config, { recursive: true, force: true });
});

test('install-plugin.sh installs an executable docker-compose that answers the metadata call', async () => {
  assert.equal(statSync(plugin).mode & 0o111, 0o111);
  const r = await run(plugin, ['docker-cli-plugin-metadata']);
  assert.equal(r.code, 0, r.stderr);
  const meta = JSON.parse(r.stdout) as Record<string, string>;
  assert.equal(meta.SchemaVersion, '0.1.0');
  assert.ok(meta.Vendor !== '');
  assert.match(meta.Version, /^v2\.\d+\.\d+\+flotilla\.\d+\.\d+\.\d+$/);
});

test('docker compose version runs flotilla, with docker global flags before compose', async () => {
  assert.ok(hasDocker, 'the docker client is needed for this test (docker.io installs it)');
  const plain = await run('docker', ['compose', 'version']);
  assert.equal(plain.code, 0, plain.stderr);
  // The docker compose release flotilla implements, with flotilla's version as build metadata:
  // clients that check for compose 2 or newer read it as what it is.
  assert.match(plain.stdout, /^Docker Compose version v2\.\d+\.\d+\+flotilla\.\d+\.\d+\.\d+\n$/);
  const short = await run('docker', ['compose', 'version', '--short']);
  assert.match(short.stdout, /^2\.\d+\.\d+\+flotilla\.\d+\.\d+\.\d+\n$/);
  const json = await run('docker', [
    '--log-level',
    'warn',
    '-H',
    'unix:///var/run/docker.sock',
    'compose',
    'version',
    '--format',
    'json',
  ]);
  assert.equal(json.code, 0, json.stderr);
  assert.equal((JSON.parse(json.stdout) as { version: string }).version, `v${short.stdout.trim()}`);
  const context = await run('docker', ['--context', 'default', 'compose', 'version', '--short']);
  assert.equal(context.stdout, short.stdout);
  const info = await run('docker', ['info', '--format', '{{json .ClientInfo.Plugins}}']);
  assert.ok(info.stdout.includes(plugin), info.stdout);
});

test('docker compose up -d, ps and down run flotilla against the engine', async () => {
  assert.ok(hasDocker, 'the docker client is needed for this test (docker.io installs it)');
  const up = await run('docker', ['compose', '-f', composeFile, '-p', scope.prefix, 'up', '-d']);
  assert.equal(up.code, 0, up.stderr);
  const [container] = await scope.engine.containers.list({
    filters: { label: [`com.docker.compose.project=${scope.prefix}`] },
  });
  assert.equal(container.Labels?.['com.docker.compose.service'], 'app');
  assert.equal(container.State, 'running');
  const ps = await run('docker', ['compose', '-p', scope.prefix, 'ps', '--format', 'json']);
  assert.equal(ps.code, 0, ps.stderr);
  assert.equal((JSON.parse(ps.stdout.trim()) as { Name: string }).Name, `${scope.prefix}-app-1`);
  // docker compose's hidden root flags pass through docker to the plugin.
  const verbose = await run('docker', ['compose', '--verbose', '-p', scope.prefix, 'ps', '-q']);
  assert.equal(verbose.code, 0, verbose.stderr);
  assert.match(verbose.stdout, /^[0-9a-f]{64}\n$/);
  const noAnsi = await run('docker', ['compose', '--no-ansi', '-p', scope.prefix, 'ps', '-q']);
  assert.equal(noAnsi.code, 0, noAnsi.stderr);
  assert.equal(noAnsi.stdout, verbose.stdout);
  assert.equal(noAnsi.stderr, "option '--no-ansi' is DEPRECATED ! Please use '--ansi' instead.\n");
  // What the npm docker-compose package runs for stats(): a template inside quotes.
  const stats = await run('docker', [
    'compose',
    '-p',
    scope.prefix,
    'stats',
    '--no-stream',
    '--format',
    '"{{ json . }}"',
    'app',
  ]);
  assert.equal(stats.code, 0, stats.stderr);
  const reading = JSON.parse(stats.stdout.trim().slice(1, -1)) as Record<string, string>;
  assert.deepEqual(Object.keys(reading), [
    'BlockIO',
    'CPUPerc',
    'Container',
    'ID',
    'MemPerc',
    'MemUsage',
    'Name',
    'NetIO',
    'PIDs',
  ]);
  assert.equal(reading.Name, `${scope.prefix}-app-1`);
  assert.equal(reading.Container, container.Id);
  assert.match(reading.CPUPerc, /^\d+\.\d\d%$/);
  const exec = await run('docker', [
    'compose',
    '-p',
    scope.prefix,
    'exec',
    '-T',
    'app',
    'sh',
    '-c',
    'exit 6',
  ]);
  assert.equal(exec.code, 6);
  const down = await run('docker', ['compose', '-p', scope.prefix, 'down', '-t', '0']);
  assert.equal(down.code, 0, down.stderr);
  const left = await scope.engine.containers.list({
    all: true,
    filters: { label: [`com.docker.compose.project=${scope.prefix}`] },
  });
  assert.equal(left.length, 0);
});

test('run standalone, the plugin binary takes docker flags and a compose word before the command', async () => {
  const up = await run(plugin, ['-f', composeFile, '-p', scope.prefix, 'up', '-d']);
  assert.equal(up.code, 0, up.stderr);
  // DOCKER_HOST points nowhere: only -H (applied as docker compose standalone applies it) works.
  const nowhere = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
  const failing = await run(plugin, ['-p', scope.prefix, 'ps', '-q'], nowhere);
  assert.notEqual(failing.code, 0);
  const ps = await run(
    plugin,
    ['-H', 'unix:///var/run/docker.sock', '-p', scope.prefix, 'compose', 'ps', '--format', 'json'],
    nowhere,
  );
  assert.equal(ps.code, 0, ps.stderr);
  assert.equal((JSON.parse(ps.stdout.trim()) as { Name: string }).Name, `${scope.prefix}-app-1`);
  const elsewhere = await run(plugin, ['--host=tcp://127.0.0.1:1', '-p', scope.prefix, 'ps']);
  assert.notEqual(elsewhere.code, 0);
  assert.match(elsewhere.stderr, /127\.0\.0\.1:1/);
  const missing = await run(plugin, ['-p', scope.prefix, '--context']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, "flag needs an argument: '--context'\n");
  const down = await run(plugin, ['--verbose', '-p', scope.prefix, 'down', '-t', '0']);
  assert.equal(down.code, 0, down.stderr);
});
