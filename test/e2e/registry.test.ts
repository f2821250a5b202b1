// `push` and `pull` through the built CLI against the real engine and the two local registries
// of scripts/setup/registry.sh: an open one, and one with htpasswd auth whose credentials come
// from config.json (`auths`, then a credential helper); wrong credentials and an unreachable
// registry fail with messages naming the image and the registry.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { isEngineError } from '../../src/engine/index.js';
import { engineScope } from './support/engine.js';
import { ensureBuilt } from './support/cli.js';

const scope = engineScope('registry');
const { engine } = scope;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const composeFile = join(import.meta.dirname, 'testdata/registry/compose.yaml');
const work = mkdtempSync(join(tmpdir(), 'flotilla-registry-'));

// scripts/setup/registry.sh (its default ports: away from 5000/5001, which the demo and many
// applications use, since the registries keep running after the tests)
const OPEN = '127.0.0.1:5050';
const SECURE = '127.0.0.1:5051';
const USER = 'flotilla';
const PASSWORD = 'flotilla-secret';

const openImage = `${OPEN}/${scope.prefix}/app:1`;
const frontImage = `${OPEN}/${scope.prefix}/front:1`;
const secureImage = `${SECURE}/${scope.prefix}/app:1`;
let goneRegistry = '';
let goneImage = '';
/** Image ID of each pushed reference, as made by {@link makeImage}. */
const ids = new Map<string, string>();

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** A docker config directory whose config.json is `config`. */
function dockerConfig(name: string, config: unknown): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

const anonymous = (): string => dockerConfig('anonymous', {});
const basic = (user: string, password: string): string =>
  Buffer.from(`${user}:${password}`).toString('base64');

/** Runs the built CLI on the fixture with the given docker config directory. */
function cli(configDir: string, args: readonly string[], path?: string): Promise<Result> {
  const env = {
    ...process.env,
    DOCKER_CONFIG: configDir,
    OPEN_IMAGE: openImage,
    FRONT_IMAGE: frontImage,
    SECURE_IMAGE: secureImage,
    GONE_IMAGE: goneImage,
    COMPOSE_PROGRESS: 'plain',
    ...(path === undefined ? {} : { PATH: path }),
  };
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, '-p', scope.prefix, '-f', composeFile, ...args],
      { env, cwd: work, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** The JSON progress events of a `--progress json` run. */
function events(
  stderr: string,
): { id: string; parent_id?: string; status: string; text?: string }[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { id: string; parent_id?: string; status: string; text?: string });
}

async function localId(reference: string): Promise<string | undefined> {
  try {
    return (await engine.images.inspect(reference)).Id;
  } catch (err) {
    if (isEngineError(err, 404)) return undefined;
    throw err;
  }
}

async function untag(reference: string): Promise<void> {
  await engine.images.remove(reference, { noPrune: true }).catch((err: unknown) => {
    if (!isEngineError(err, 404)) throw err;
  });
  assert.equal(await localId(reference), undefined, `${reference} is still present`);
}

async function tag(reference: string): Promise<void> {
  const colon = reference.lastIndexOf(':');
  await engine.images.tag(ids.get(reference)!, {
    repo: reference.slice(0, colon),
    tag: reference.slice(colon + 1),
  });
}

/**
 * An image of its own for `reference`: busybox plus a layer with a unique file, so that removing
 * the tag removes the layer and a pull has to download it (and report its progress).
 */
async function makeImage(reference: string): Promise<void> {
  const { Id: container } = await engine.containers.create({
    Image: 'busybox:latest',
    Cmd: ['sh', '-c', `echo ${reference} $RANDOM > /unique`],
    Labels: scope.labels,
  });
  try {
    await engine.containers.start(container);
    await engine.containers.wait(container);
    const { Id } = await engine.containers.commit(container, { changes: ['CMD ["sh"]'] });
    ids.set(reference, Id);
    await tag(reference);
  } finally {
    await engine.containers.remove(container, { force: true });
  }
}

/** The tags a registry holds for a repository (empty when it has none). */
async function registryTags(registry: string, repository: string): Promise<string[]> {
  const headers: Record<string, string> =
    registry === SECURE ? { authorization: `Basic ${basic(USER, PASSWORD)}` } : {};
  const res = await fetch(`http://${registry}/v2/${repository}/tags/list`, { headers });
  if (res.status === 404) return [];
  assert.equal(res.status, 200, `tags of ${registry}/${repository}`);
  return ((await res.json()) as { tags: string[] | null }).tags ?? [];
}

before(async () => {
  const setup = spawnSync('bash', ['scripts/setup/registry.sh'], { cwd: root, encoding: 'utf8' });
  assert.equal(setup.status, 0, `registry set-up failed: ${setup.stderr}`);
  ensureBuilt();
  // A port nothing listens on: bound once by us, then released.
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  await new Promise((done) => server.close(done));
  goneRegistry = `127.0.0.1:${address.port}`;
  goneImage = `${goneRegistry}/${scope.prefix}/app:1`;
  for (const ref of [openImage, frontImage, secureImage]) await makeImage(ref);
});

after(async () => {
  // `run --rm` leaves the project's network behind, as docker compose does.
  await cli(anonymous(), ['down', '-t', '0']);
  for (const ref of [openImage, frontImage, secureImage]) await untag(ref).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

test('push sends only the named service, --include-deps its dependencies too, with layer progress', async () => {
  const config = anonymous();
  const front = await cli(config, ['--progress', 'json', 'push', 'front']);
  assert.equal(front.code, 0, front.stderr);
  assert.deepEqual(await registryTags(OPEN, `${scope.prefix}/front`), ['1']);
  assert.deepEqual(await registryTags(OPEN, `${scope.prefix}/app`), []);
  const pushed = events(front.stderr);
  assert.ok(
    pushed.some((e) => e.id === `Image ${frontImage}` && e.text === 'Pushed'),
    front.stderr,
  );
  assert.ok(
    pushed.some((e) => e.parent_id === `Image ${frontImage}`),
    `no layer progress under the image: ${front.stderr}`,
  );

  const withDeps = await cli(config, ['push', '-q', '--include-deps', 'front']);
  assert.equal(withDeps.code, 0, withDeps.stderr);
  assert.equal(withDeps.stderr, '', '-q prints nothing');
  assert.deepEqual(await registryTags(OPEN, `${scope.prefix}/app`), ['1']);
});

test('push skips services without build and image', async () => {
  const r = await cli(anonymous(), ['--progress', 'json', 'push', 'local-only']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(
    events(r.stderr).some((e) => e.id === 'Service local-only' && e.text === 'Skipped'),
    r.stderr,
  );
});

test('pull brings back removed images from the open registry, by service and with deps', async () => {
  const config = anonymous();
  await untag(openImage);
  await untag(frontImage);

  const front = await cli(config, ['--progress', 'json', 'pull', 'front']);
  assert.equal(front.code, 0, front.stderr);
  assert.equal(await localId(frontImage), ids.get(frontImage));
  assert.equal(await localId(openImage), undefined, 'pull without --include-deps took app');
  const pulled = events(front.stderr);
  assert.ok(pulled.some((e) => e.id === `Image ${frontImage}` && e.text === 'Pulled'));
  assert.ok(
    pulled.some((e) => e.parent_id === `Image ${frontImage}`),
    `no layer progress under the image: ${front.stderr}`,
  );

  const deps = await cli(config, ['--parallel', '1', 'pull', '--include-deps', 'front']);
  assert.equal(deps.code, 0, deps.stderr);
  assert.equal(await localId(openImage), ids.get(openImage));
});

test('pull --policy missing leaves present images alone; -q prints nothing', async () => {
  const config = anonymous();
  const missing = await cli(config, ['--progress', 'json', 'pull', '--policy', 'missing', 'app']);
  assert.equal(missing.code, 0, missing.stderr);
  assert.ok(
    !events(missing.stderr).some((e) => e.id === `Image ${openImage}`),
    `pulled a present image: ${missing.stderr}`,
  );
  await untag(openImage);
  const quiet = await cli(config, ['pull', '-q', '--policy', 'missing', 'app']);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
  assert.equal(await localId(openImage), ids.get(openImage));
});

test('create pulls a missing image with layer progress, and without it under --quiet-pull', async () => {
  const config = anonymous();
  try {
    for (const quiet of [false, true]) {
      await untag(openImage);
      const r = await cli(config, [
        '--progress',
        'json',
        'create',
        ...(quiet ? ['--quiet-pull'] : []),
        'app',
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await localId(openImage), ids.get(openImage));
      const seen = events(r.stderr);
      assert.ok(
        seen.some((e) => e.id === `Image ${openImage}` && e.text === 'Pulled'),
        r.stderr,
      );
      assert.equal(
        seen.some((e) => e.parent_id === `Image ${openImage}`),
        !quiet,
        `layer progress with quiet=${String(quiet)}: ${r.stderr}`,
      );
      assert.equal((await cli(config, ['down'])).code, 0);
    }
  } finally {
    await cli(config, ['down']);
  }
});

test('run pulls per --pull (never, always) and --quiet-pull hides the layer progress', async () => {
  const config = anonymous();
  await untag(openImage);
  const never = await cli(config, ['run', '--rm', '--pull', 'never', 'app-pull', 'true']);
  assert.notEqual(never.code, 0, 'run --pull never with the image missing succeeded');
  assert.match(never.stderr, /not present locally/);
  assert.equal(await localId(openImage), undefined);

  const quiet = await cli(config, [
    '--progress',
    'json',
    'run',
    '--rm',
    '--quiet-pull',
    'app-pull',
    'true',
  ]);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(await localId(openImage), ids.get(openImage));
  const seen = events(quiet.stderr);
  assert.ok(
    seen.some((e) => e.id === `Image ${openImage}` && e.text === 'Pulled'),
    quiet.stderr,
  );
  assert.ok(!seen.some((e) => e.parent_id === `Image ${openImage}`), quiet.stderr);

  // Present, and pulled all the same.
  const always = await cli(config, [
    '--progress',
    'json',
    'run',
    '--rm',
    '--pull',
    'always',
    'app-pull',
    'true',
  ]);
  assert.equal(always.code, 0, always.stderr);
  assert.ok(
    events(always.stderr).some((e) => e.id === `Image ${openImage}` && e.text === 'Pulled'),
    always.stderr,
  );
});

test('push and pull the authenticated registry with auths from config.json', async () => {
  const config = dockerConfig('auths', { auths: { [SECURE]: { auth: basic(USER, PASSWORD) } } });
  const pushed = await cli(config, ['push', 'secure']);
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.deepEqual(await registryTags(SECURE, `${scope.prefix}/app`), ['1']);
  await untag(secureImage);
  const pulled = await cli(config, ['pull', 'secure']);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.equal(await localId(secureImage), ids.get(secureImage));
});

test('pull from the authenticated registry with a credential helper', async () => {
  const helpers = join(work, 'helpers');
  mkdirSync(helpers, { recursive: true });
  const asked = join(work, 'helper-asked');
  writeFileSync(
    join(helpers, 'docker-credential-flotilla-e2e'),
    `#!/bin/sh\nread -r server\nprintf '%s' "$server" > '${asked}'\n` +
      `printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASSWORD}"}' "$server"\n`,
  );
  chmodSync(join(helpers, 'docker-credential-flotilla-e2e'), 0o755);
  const config = dockerConfig('helper', { credsStore: 'flotilla-e2e', auths: { [SECURE]: {} } });
  await untag(secureImage);
  const pulled = await cli(config, ['pull', 'secure'], `${helpers}:${process.env.PATH ?? ''}`);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.equal(await localId(secureImage), ids.get(secureImage));
  assert.ok(existsSync(asked), 'the credential helper was not asked');
});

test('wrong or missing credentials fail with a message naming the image and the registry', async () => {
  const wrong = dockerConfig('wrong', { auths: { [SECURE]: { auth: basic(USER, 'nope') } } });
  const push = await cli(wrong, ['push', 'secure']);
  assert.notEqual(push.code, 0, push.stderr);
  assert.match(
    push.stderr,
    new RegExp(
      `cannot push image ${esc(secureImage)}: registry ${esc(SECURE)} rejected the credentials`,
    ),
  );
  await untag(secureImage);
  const r = await cli(wrong, ['pull', 'secure-pull']);
  assert.notEqual(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      `cannot pull image ${esc(secureImage)}: registry ${esc(SECURE)} rejected the credentials from auths in ${esc(join(wrong, 'config.json'))}`,
    ),
  );
  const none = await cli(anonymous(), ['pull', 'secure-pull']);
  assert.notEqual(none.code, 0, none.stderr);
  assert.match(
    none.stderr,
    new RegExp(
      `cannot pull image ${esc(secureImage)}: registry ${esc(SECURE)} requires credentials`,
    ),
  );
});

test('an unreachable registry fails clearly; --ignore-pull-failures turns it into a warning', async () => {
  const config = anonymous();
  const r = await cli(config, ['pull', 'gone']);
  assert.notEqual(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`cannot pull image ${esc(goneImage)}: registry ${esc(goneRegistry)} is unreachable`),
  );
  const ignored = await cli(config, ['pull', '--ignore-pull-failures', 'gone', 'app']);
  assert.equal(ignored.code, 0, ignored.stderr);
  assert.match(ignored.stderr, new RegExp(`WARN.*cannot pull image ${esc(goneImage)}`));
});

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
