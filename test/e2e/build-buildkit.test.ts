// BuildKit builds through `docker buildx bake` (buildx 0.13.1 from scripts/setup/compose-v2.sh,
// the engine's own BuildKit through the docker driver), through the CLI: a cache mount reused by
// the next build, build secrets that reach `RUN --mount=type=secret` but not the image, an ssh
// mount with a throwaway key in a local agent, a multi-stage target, args and labels, inline
// cache export and registry cache import; what Engine 20.10's builder cannot do (local cache
// export, named contexts) and what the classic builder cannot do fail before anything is built;
// `create` bakes the images it lacks in one run; docker compose 2.26.1 and flotilla build images
// with the same labels and files; buildx reads git only when the engine keeps what it reads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isEngineError } from '../../src/engine/index.js';
import { flotillaBin } from './support/cli.js';
import { composeV2Config, runComposeV2 } from './support/compose-v2.js';
import { engineScope } from './support/engine.js';
import { scaled } from './support/timing.js';

const scope = engineScope('bk');
const { engine, prefix } = scope;
const dir = mkdtempSync(join(tmpdir(), 'flotilla-bk-'));
const token = `tok-${randomBytes(6).toString('hex')}`;
const buildSecret = `secret-${randomBytes(8).toString('hex')}`;
let agentPid: number | undefined;
let agentSock = '';

function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}, project = prefix) {
  const r = spawnSync(process.execPath, [flotillaBin, '-p', project, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      DOCKER_CONFIG: composeV2Config(),
      E2E_SCOPE: prefix,
      TOKEN: token,
      BUILD_TOKEN: buildSecret,
      SSH_AUTH_SOCK: agentSock,
      NO_COLOR: '1',
      ...env,
    },
    timeout: scaled(300_000),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function docker(args: readonly string[], input?: string): string {
  const r = spawnSync('docker', args, {
    encoding: 'utf8',
    input,
    maxBuffer: 64 << 20,
    timeout: scaled(120_000),
  });
  assert.equal(r.status, 0, `docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A file of an image, read by a throwaway container. */
function fileOf(image: string, path: string): string {
  return docker(['run', '--rm', image, 'cat', path]);
}

/** The image as `docker save` writes it: every layer's tar and the config. */
function saved(image: string): Buffer {
  const r = spawnSync('docker', ['save', image], { maxBuffer: 256 << 20 });
  assert.equal(r.status, 0, r.stderr.toString());
  return r.stdout;
}

/** `mode owner size path` of every file of the image's file system (`docker export`). */
function listing(image: string): string[] {
  const id = docker(['create', image, 'true']).trim();
  try {
    const r = spawnSync('sh', ['-c', `docker export ${id} | tar -tvf -`], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const f = l.split(/\s+/);
        return [f[0], f[1], f[2], ...f.slice(5)].join(' ');
      })
      .sort();
  } finally {
    docker(['rm', '-f', id]);
  }
}

async function exists(ref: string): Promise<boolean> {
  try {
    await engine.images.inspect(ref);
    return true;
  } catch (err) {
    if (isEngineError(err, 404)) return false;
    throw err;
  }
}

before(() => {
  cpSync(join(import.meta.dirname, 'testdata/build-buildkit'), dir, { recursive: true });
  // The host's ssh-add (and its libcrypto) runs inside the build, asking the forwarded agent.
  mkdirSync(join(dir, 'tools'));
  copyFileSync('/usr/bin/ssh-add', join(dir, 'tools/ssh-add'));
  copyFileSync(
    realpathSync('/lib/x86_64-linux-gnu/libcrypto.so.3'),
    join(dir, 'tools/libcrypto.so.3'),
  );
  agentSock = join(dir, 'agent.sock');
  const agent = spawnSync('ssh-agent', ['-a', agentSock], { encoding: 'utf8' });
  assert.equal(agent.status, 0, agent.stderr);
  agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(agent.stdout)?.[1]);
  const keygen = spawnSync(
    'ssh-keygen',
    ['-q', '-t', 'ed25519', '-N', '', '-C', prefix, '-f', join(dir, 'key')],
    { encoding: 'utf8' },
  );
  assert.equal(keygen.status, 0, keygen.stderr);
  const add = spawnSync('ssh-add', [join(dir, 'key')], {
    encoding: 'utf8',
    env: { ...process.env, SSH_AUTH_SOCK: agentSock },
  });
  assert.equal(add.status, 0, add.stderr);
});

after(async () => {
  if (agentPid !== undefined && Number.isInteger(agentPid)) process.kill(agentPid);
  spawnSync('docker', ['rmi', `127.0.0.1:5050/${prefix}-cached:latest`]);
  await scope.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('a cache mount keeps what the first build wrote for the second', () => {
  let r = cli(['--progress', 'plain', 'build', 'cache'], { ROUND: '1' });
  assert.equal(r.code, 0, r.stderr);
  // buildx's own plain progress is passed through, as docker compose shows it.
  assert.match(r.stderr, /building with "default" instance using docker driver/);
  assert.match(r.stderr, /round 1/);
  assert.doesNotMatch(fileOf(`${prefix}-cache`, '/seen-before'), new RegExp(token));
  r = cli(['build', 'cache'], { ROUND: '2' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(fileOf(`${prefix}-cache`, '/seen-before'), new RegExp(`${token}-1`));
});

test('build secrets reach RUN --mount=type=secret and not the image', () => {
  const r = cli(['build', 'secret']);
  assert.equal(r.code, 0, r.stderr);
  const image = `${prefix}-secret`;
  const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
  assert.equal(fileOf(image, '/token.md5').trim(), md5(buildSecret));
  assert.equal(fileOf(image, '/file.md5').trim(), md5('file-secret-e2e-d41f'));
  const tar = saved(image);
  assert.ok(tar.length > 100_000, `docker save gave ${tar.length} bytes`);
  assert.ok(!tar.includes(buildSecret), 'the environment secret is in the image');
  assert.ok(!tar.includes('file-secret-e2e-d41f'), 'the file secret is in the image');
});

test('build --print gives the bake definition, secrets by reference only', () => {
  const r = cli(['build', '--print', 'secret', 'stages']);
  assert.equal(r.code, 0, r.stderr);
  const def = JSON.parse(r.stdout) as {
    group: { default: { targets: string[] } };
    target: Record<string, { secret?: string[]; target?: string; tags?: string[] }>;
  };
  assert.deepEqual(def.group.default.targets, ['secret', 'stages']);
  assert.deepEqual(def.target.secret.secret, [
    'id=token,type=env,env=BUILD_TOKEN',
    `id=from_file,type=file,src=${join(realpathSync(dir), 'file-token.txt')}`,
  ]);
  assert.equal(def.target.stages.target, 'tested');
  const withSsh = cli(['build', '--print', '--ssh', 'default,deploy=/keys/id', 'stages']);
  assert.equal(withSsh.code, 0, withSsh.stderr);
  const printed = JSON.parse(withSsh.stdout) as { target: Record<string, { ssh?: string[] }> };
  assert.deepEqual(printed.target.stages.ssh, ['default', 'deploy=/keys/id']);
  assert.ok(!r.stdout.includes(buildSecret));
});

test('an ssh mount forwards the local agent holding a throwaway key', async () => {
  const none = cli(['build', 'ssh'], { SSH_AUTH_SOCK: '' });
  assert.equal(none.code, 1, none.stderr);
  assert.match(
    none.stderr,
    /service "ssh" cannot be built: build\.ssh "default" \(forwards the ssh agent of SSH_AUTH_SOCK, which is not set/,
  );
  assert.equal(await exists(`${prefix}-ssh`), false);
  const r = cli(['build', 'ssh']);
  assert.equal(r.code, 0, r.stderr);
  const fingerprint = spawnSync('ssh-keygen', ['-l', '-f', join(dir, 'key.pub')], {
    encoding: 'utf8',
  }).stdout.split(' ')[1];
  assert.match(fingerprint, /^SHA256:/);
  const keys = fileOf(`${prefix}-ssh`, '/ssh-keys');
  assert.ok(keys.includes(fingerprint), `ssh-add -l in the build listed: ${keys}`);
});

test('a multi-stage target builds that stage only; args and labels reach the image', async () => {
  let r = cli(['build', 'stages', 'args', 'args-again']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fileOf(`${prefix}-stages`, '/stage'), 'tested\n');
  assert.equal(fileOf(`${prefix}-stages`, '/stage-base'), 'base\n');
  assert.equal(fileOf(`${prefix}-args`, '/greeting'), 'hello from args\n');
  const image = await engine.images.inspect(`${prefix}-args`);
  const labels = image.Config?.Labels ?? {};
  assert.equal(labels['org.example.team'], 'builds');
  assert.equal(labels['org.example.greeting'], 'hello');
  assert.equal(labels['org.example.from-dockerfile'], 'yes');
  assert.equal(labels['com.docker.compose.project'], prefix);
  assert.equal(labels['com.docker.compose.service'], 'args');
  // The identical build section is built once and tagged for both services.
  assert.equal((await engine.images.inspect(`${prefix}-args-again`)).Id, image.Id);
  r = cli(['build', '--print', 'args', 'args-again']);
  const printed = JSON.parse(r.stdout) as { target: Record<string, { tags: string[] }> };
  assert.deepEqual(printed.target.args.tags, [`${prefix}-args`, `${prefix}-args-again`]);
});

test('create builds the images its services lack in one bake run, as docker compose does', async () => {
  const project = `${prefix}-one`;
  try {
    const r = cli(['--progress', 'plain', 'create', 'stages', 'args', 'args-again'], {}, project);
    assert.equal(r.code, 0, r.stderr);
    // One buildx run draws one display: it names its builder once.
    assert.equal(r.stderr.match(/building with "/g)?.length, 1, r.stderr);
    assert.equal(fileOf(`${project}-stages`, '/stage'), 'tested\n');
    const args = await engine.images.inspect(`${project}-args`);
    assert.equal((await engine.images.inspect(`${project}-args-again`)).Id, args.Id);
  } finally {
    assert.equal(cli(['down'], {}, project).code, 0);
  }
});

test('cache_to type=inline exports cache into the image; cache_from imports it from a registry', () => {
  let r = cli(['build', 'cached']);
  assert.equal(r.code, 0, r.stderr);
  const ref = `127.0.0.1:5050/${prefix}-cached:latest`;
  assert.ok(saved(ref).includes('moby.buildkit.cache.v0'), 'no inline cache in the image config');
  docker(['push', ref]);
  r = cli(['--progress', 'plain', 'build', 'fromcache']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`importing cache manifest from 127\\.0\\.0\\.1:5050/${prefix}-cached`),
  );
  assert.equal(fileOf(`${prefix}-fromcache`, '/greeting'), `cached ${token}\n`);
  docker(['rmi', ref]);
});

test("what Engine 20.10's builder cannot do fails before anything is built", async () => {
  let r = cli(['-f', 'bad.yaml', 'build']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /service "localcache" asks for what the engine's own BuildKit \(the buildx docker driver\) cannot do: build\.cache_to\[0\] "type=local,dest=.*cache-dir" \(the engine's builder exports only type=inline cache\).*Nothing was built/,
  );
  r = cli(['-f', 'bad.yaml', 'build', 'named']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /service "named" .*build\.additional_contexts \(named contexts need Engine 23\+/,
  );
  assert.equal(await exists(`${prefix}-ok`), false);
  assert.equal(await exists(`${prefix}-named`), false);
});

test('without BuildKit, a build that needs it says what to install and builds nothing', async () => {
  const r = cli(['build', 'args', 'secret'], { DOCKER_BUILDKIT: '0' });
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /service "secret" needs BuildKit for build\.secrets, Dockerfile line 6 \(RUN --mount\), but DOCKER_BUILDKIT=0 turns BuildKit off: install the docker buildx plugin/,
  );
  const other = scope.name('classic');
  const c = cli(['build', 'stages'], { DOCKER_BUILDKIT: '0' }, other);
  assert.equal(c.code, 0, c.stderr);
  // The classic builder still builds what needs no BuildKit, and marks its images as docker
  // compose does.
  const image = await engine.images.inspect(`${other}-stages`);
  assert.equal(image.Config?.Labels?.['com.docker.compose.image.builder'], 'classic');
});

test('a field this buildx leaves out (extra_hosts) is built by the classic builder instead', async () => {
  const project = scope.name('hosts');
  const r = cli(['-f', 'hosts.yaml', 'build'], {}, project);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /Building with the classic builder: service "hosts" sets build\.extra_hosts, and this docker buildx \(.*\) leaves build\.extra_hosts out of its bake definition/,
  );
  const image = await engine.images.inspect(`${project}-hosts`);
  assert.equal(image.Config?.Labels?.['com.docker.compose.image.builder'], 'classic');
  assert.match(fileOf(`${project}-hosts`, '/hosts.txt'), /^10\.9\.8\.7\s+flotilla-build-host/);
});

test('docker compose 2.26.1 and flotilla build images with the same labels and files', async () => {
  const v2 = scope.name('v2');
  const fl = scope.name('fl');
  const r = await runComposeV2(['-p', v2, '-f', 'interop.yaml', 'build'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const f = cli(['-f', 'interop.yaml', 'build'], {}, fl);
  assert.equal(f.code, 0, f.stderr);
  for (const service of ['app', 'greet']) {
    const [a, b] = await Promise.all([
      engine.images.inspect(`${v2}-${service}`),
      engine.images.inspect(`${fl}-${service}`),
    ]);
    const own = (labels: Record<string, string> | null | undefined, project: string) => {
      const out = { ...labels };
      assert.equal(out['com.docker.compose.project'], project);
      assert.match(out['com.docker.compose.version'] ?? '', /^\d+\.\d+\.\d+/);
      delete out['com.docker.compose.project'];
      delete out['com.docker.compose.version'];
      return out;
    };
    assert.deepEqual(own(b.Config?.Labels, fl), own(a.Config?.Labels, v2));
    assert.deepEqual(listing(`${fl}-${service}`), listing(`${v2}-${service}`));
  }
  assert.equal(fileOf(`${fl}-app`, '/stage'), 'production\n');
});

test("buildx reads git only when the engine's BuildKit keeps what it reads, or when asked", async () => {
  // A project in a git repository, and a `git` on PATH that logs each call and runs the real one.
  const repo = join(dir, 'git-project');
  mkdirSync(join(repo, 'probe'), { recursive: true });
  writeFileSync(join(repo, 'Dockerfile'), 'FROM busybox:latest\nRUN echo built > /built\n');
  writeFileSync(join(repo, 'compose.yaml'), 'services:\n  app:\n    build: .\n');
  const calls = join(dir, 'git-calls');
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  assert.notEqual(realGit, '', 'git is on PATH');
  writeFileSync(
    join(repo, 'probe', 'git'),
    `#!/bin/sh\necho "$*" >> ${calls}\nexec ${realGit} "$@"\n`,
    { mode: 0o755 },
  );
  for (const args of [
    ['init', '-q'],
    ['add', 'Dockerfile', 'compose.yaml'],
    ['commit', '-qm', 'x'],
  ]) {
    const g = spawnSync(
      'git',
      ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.org', ...args],
      {
        cwd: repo,
        encoding: 'utf8',
      },
    );
    assert.equal(g.status, 0, g.stderr);
  }
  const project = scope.name('git');
  const path = `${join(repo, 'probe')}:${process.env.PATH ?? ''}`;
  const gitCalls = (): string => (existsSync(calls) ? readFileSync(calls, 'utf8') : '');

  let r = cli(['-f', 'git-project/compose.yaml', 'build', '--no-cache'], { PATH: path }, project);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fileOf(`${project}-app`, '/built'), 'built\n');
  await engine.negotiate();
  if (engine.supports('1.42')) {
    assert.match(gitCalls(), /rev-parse/, 'Engine 23+ keeps build history: buildx reads git');
  } else {
    assert.equal(gitCalls(), '', 'Engine 20.10 keeps no build history: no git call');
  }
  // The user's own BUILDX_GIT_INFO decides: the probe sees buildx's calls.
  rmSync(calls, { force: true });
  r = cli(
    ['-f', 'git-project/compose.yaml', 'build', '--no-cache'],
    { PATH: path, BUILDX_GIT_INFO: '1' },
    project,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(gitCalls(), /rev-parse --is-inside-work-tree/);
  assert.match(gitCalls(), /rev-parse --show-toplevel/);
});
