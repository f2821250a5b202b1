import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { deprecatedFlagWarnings } from './hidden-root-flags.js';

const cli = join(import.meta.dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'flotilla-root-flags-'));
mkdirSync(join(dir, 'other'));
writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n');
writeFileSync(join(dir, 'other', 'compose.yaml'), 'services:\n  db:\n    image: busybox\n');
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

type Mode = 'plugin' | 'standalone';

/**
 * Runs the CLI as docker runs the plugin (`docker [docker flags] compose ARGS`: the plugin gets
 * `[docker flags] compose ARGS` and DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND) or standalone.
 */
function run(
  mode: Mode,
  args: readonly string[],
  dockerFlags: readonly string[] = [],
): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: 'tcp://127.0.0.1:1' };
  delete env.DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND;
  delete env.COMPOSE_ANSI;
  delete env.COMPOSE_PROGRESS;
  let argv: string[];
  if (mode === 'plugin') {
    env.DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND = '/usr/bin/docker';
    argv = [...dockerFlags, 'compose', ...args];
  } else {
    argv = [...dockerFlags, ...args];
  }
  const r = spawnSync(process.execPath, ['--', cli, ...argv], { cwd: dir, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

for (const mode of ['plugin', 'standalone'] as const) {
  test(`${mode}: the hidden root flags --verbose and --insecure-registry are accepted and change nothing`, () => {
    for (const args of [
      ['--verbose', '--insecure-registry', 'localhost:5000', 'config', '--services'],
      ['--insecure-registry=a', 'config', '--services', '--verbose', '--insecure-registry', 'b'],
    ]) {
      const r = run(mode, args);
      assert.deepEqual(r, { code: 0, stdout: 'web\n', stderr: '' }, args.join(' '));
    }
  });

  test(`${mode}: --no-ansi warns as docker compose does and turns ANSI off`, () => {
    const r = run(mode, ['--no-ansi', 'config', '--services']);
    assert.deepEqual(r, {
      code: 0,
      stdout: 'web\n',
      stderr: "option '--no-ansi' is DEPRECATED ! Please use '--ansi' instead.\n",
    });
    // ANSI off: a TTY progress display is refused, as with --ansi never.
    const tty = run(mode, ['--no-ansi', '--progress', 'tty', 'ps']);
    assert.equal(tty.code, 1);
    assert.match(tty.stderr, /can't use --progress tty while ANSI support is disabled/);
    const both = run(mode, ['--ansi', 'always', '--no-ansi', 'config', '--services']);
    assert.equal(both.code, 1);
    assert.equal(both.stdout, '');
    assert.match(
      both.stderr,
      /^cannot specify DEPRECATED "--no-ansi" and "--ansi"\. Please use only "--ansi"\n$/,
    );
    assert.equal(run(mode, ['--no-ansi', '--ansi', 'auto', 'config', '--services']).code, 0);
  });

  test(`${mode}: --workdir is the deprecated --project-directory and warns`, () => {
    const r = run(mode, ['--workdir', 'other', '-f', 'other/compose.yaml', 'config', '--services']);
    assert.deepEqual(r, {
      code: 0,
      stdout: 'db\n',
      stderr:
        "option '--workdir' is DEPRECATED at root level! Please use '--project-directory' instead.\n",
    });
    const both = run(mode, ['--workdir', 'other', '--project-directory', 'other', 'config']);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /^cannot specify DEPRECATED "--workdir" and "--project-directory"/);
  });

  test(`${mode}: -v and --version print the version line`, () => {
    for (const flag of ['-v', '--version']) {
      const r = run(mode, [flag]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Docker Compose version v2\.\d+\.\d+\+flotilla\.\d+\.\d+\.\d+\n$/);
    }
  });
}

test('plugin: docker global flags before compose are taken, every one of them', () => {
  for (const flags of [
    ['-D', '-l', 'warn', '-c', 'default', '-H', 'tcp://127.0.0.1:1', '--tls'],
    ['--debug', '--log-level=error', '--config', dir, '--context', 'default'],
    ['--host=tcp://127.0.0.1:1', '--tlsverify', '--tlscacert', '/x/ca.pem'],
    ['--tlscert', '/x/cert.pem', '--tlskey=/x/key.pem'],
  ]) {
    const r = run('plugin', ['config', '--services'], flags);
    assert.deepEqual(r, { code: 0, stdout: 'web\n', stderr: '' }, flags.join(' '));
  }
});

test('standalone: docker compose standalone flags before the command are taken', () => {
  for (const flags of [
    ['--verbose', '-D', '--log-level', 'warn', '-H', 'tcp://127.0.0.1:1', '--tls'],
    ['--debug', '--context', 'default', '--tlsverify', '--tlscacert', '/x/ca.pem'],
    ['--host=tcp://127.0.0.1:1', '--tlscert=/x/cert.pem', '--tlskey', '/x/key.pem'],
  ]) {
    const r = run('standalone', ['config', '--services'], flags);
    assert.deepEqual(r, { code: 0, stdout: 'web\n', stderr: '' }, flags.join(' '));
  }
  const help = run('standalone', ['-h']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage:/);
});

test('deprecatedFlagWarnings words the warnings and conflicts as docker compose does', () => {
  assert.deepEqual(deprecatedFlagWarnings({}), []);
  assert.deepEqual(deprecatedFlagWarnings({ noAnsi: true, ansiGiven: 'auto' }), [
    "option '--no-ansi' is DEPRECATED ! Please use '--ansi' instead.",
  ]);
  assert.throws(
    () => deprecatedFlagWarnings({ noAnsi: true, ansiGiven: 'never' }),
    /cannot specify DEPRECATED "--no-ansi" and "--ansi"/,
  );
  assert.throws(
    () => deprecatedFlagWarnings({ workdir: 'x', projectDirectoryGiven: true }),
    /cannot specify DEPRECATED "--workdir" and "--project-directory"/,
  );
});
