import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyDockerGlobals,
  enterPluginMode,
  enterStandaloneMode,
  pluginMetadata,
  splitPluginArgv,
  splitStandaloneArgv,
} from './plugin.js';

test('splitPluginArgv separates docker global flags from the compose arguments', () => {
  assert.deepEqual(splitPluginArgv(['--context', 'ctx', '-D', 'compose', 'up', '-d']), {
    globals: { context: 'ctx', debug: true },
    args: ['up', '-d'],
  });
  assert.deepEqual(splitPluginArgv(['-H=tcp://1.2.3.4:2375', '--tlsverify', 'compose', 'ps']), {
    globals: { host: 'tcp://1.2.3.4:2375', tlsVerify: true },
    args: ['ps'],
  });
  assert.deepEqual(splitPluginArgv(['up', 'compose']).args, ['up', 'compose']);
  assert.throws(() => splitPluginArgv(['--host']), /needs a value/);
});

test('applyDockerGlobals sets the DOCKER_* variables the engine client reads', () => {
  const env: Record<string, string | undefined> = { DOCKER_HOST: 'unix:///old' };
  applyDockerGlobals({ context: 'remote', config: '/cfg', tlsCaCert: '/certs/ca.pem' }, env);
  assert.deepEqual(env, {
    DOCKER_CONTEXT: 'remote',
    DOCKER_CONFIG: '/cfg',
    DOCKER_CERT_PATH: '/certs',
  });
});

test('enterPluginMode returns the arguments after compose; metadata passes through', () => {
  const env: Record<string, string | undefined> = {};
  assert.deepEqual(enterPluginMode(['-H', 'unix:///x.sock', 'compose', 'version'], env), [
    'version',
  ]);
  assert.equal(env.DOCKER_HOST, 'unix:///x.sock');
  assert.deepEqual(enterPluginMode(['docker-cli-plugin-metadata'], {}), [
    'docker-cli-plugin-metadata',
  ]);
});

test('pluginMetadata satisfies docker: schema below 2.0.0 and a vendor', () => {
  const meta = JSON.parse(pluginMetadata()) as Record<string, string>;
  assert.equal(meta.SchemaVersion, '0.1.0');
  assert.ok(meta.Vendor.length > 0);
  assert.match(meta.Version, /^v\d/);
});

test('splitStandaloneArgv takes docker root flags out before the command, as docker compose standalone does', () => {
  assert.deepEqual(
    splitStandaloneArgv([
      '-H',
      'unix:///x.sock',
      '-f',
      'a.yaml',
      '--verbose',
      'compose',
      'ps',
      '-H',
    ]),
    { globals: { host: 'unix:///x.sock', debug: true }, args: ['-f', 'a.yaml', 'ps', '-H'] },
  );
  assert.deepEqual(splitStandaloneArgv(['--context=ctx', '--tlsverify', '-p', 'compose', 'up']), {
    globals: { context: 'ctx', tlsVerify: true },
    args: ['-p', 'compose', 'up'],
  });
  assert.deepEqual(splitStandaloneArgv(['-h']).args, ['--help']);
  assert.deepEqual(splitStandaloneArgv(['exec', 'web', 'compose']).args, [
    'exec',
    'web',
    'compose',
  ]);
  assert.throws(() => splitStandaloneArgv(['--host']), /flag needs an argument: '--host'/);
});

test('enterStandaloneMode applies the docker flags to the environment', () => {
  const env: Record<string, string | undefined> = { DOCKER_HOST: 'unix:///old' };
  assert.deepEqual(enterStandaloneMode(['--host', 'tcp://127.0.0.1:1', 'compose', 'ps'], env), [
    'ps',
  ]);
  assert.equal(env.DOCKER_HOST, 'tcp://127.0.0.1:1');
});
