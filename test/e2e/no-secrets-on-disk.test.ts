// Nothing secret on disk: `config`, `ps`, `up`, `run` and `down` of a project whose environment,
// env_file and secret file carry tokens leave no trace of them under the user's home, cache or
// temporary directory, nor in the installed CLI (dist/); and a cache directory that cannot be
// used changes nothing, since flotilla writes nothing there.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, repoRoot, runFlotilla, type CliResult } from './support/cli.js';
import { engineScope } from './support/engine.js';

const scope = engineScope('nosecrets');
const project = scope.prefix;
const work = mkdtempSync(join(tmpdir(), 'flotilla-no-secrets-'));
const home = join(work, 'home');
const cache = join(work, 'cache');
const temp = join(work, 'tmp');
const projectDir = join(work, 'project');
/** Every token starts with this, so that one search finds any of them. */
const canary = `canary-${randomBytes(12).toString('hex')}`;
const tokens = {
  environment: `${canary}-environment`,
  envFile: `${canary}-env-file`,
  secret: `${canary}-secret`,
  // In the process environment but used by nothing: a copy of the environment would hold it.
  unused: `${canary}-unused`,
};

function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runFlotilla(['-p', project, ...args], {
    cwd: projectDir,
    env: {
      ...process.env,
      HOME: home,
      XDG_CACHE_HOME: cache,
      TMPDIR: temp,
      E2E_SCOPE: project,
      COMPOSE_PROGRESS: 'plain',
      CANARY_ENVIRONMENT: tokens.environment,
      FAKE_TOKEN: tokens.unused,
      ...env,
    },
  });
}

async function ok(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  const r = await cli(args, env);
  assert.equal(r.code, 0, `flotilla ${args.join(' ')}: ${r.stderr}`);
  return r;
}

/** The files below `dir` (relative paths) whose content holds the canary. */
function filesWithCanary(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile() && readFileSync(path).includes(canary)) found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found;
}

/** Every entry below `dir`, as relative paths. */
function entries(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

before(() => {
  ensureBuilt();
  for (const d of [home, cache, temp, projectDir]) mkdirSync(d);
  copyFileSync(
    join(import.meta.dirname, 'testdata/no-secrets-on-disk/compose.yaml'),
    join(projectDir, 'compose.yaml'),
  );
  writeFileSync(join(projectDir, 'app.env'), `FROM_ENV_FILE=${tokens.envFile}\n`);
  writeFileSync(join(projectDir, 'secret.txt'), tokens.secret);
});

after(async () => {
  await cli(['down', '-t', '0']);
  rmSync(work, { recursive: true, force: true });
});

test('config, ps, up, run and down leave no token in the home, cache or temporary directory, nor in dist/', async () => {
  const config = await ok(['config']);
  // The tokens did reach flotilla (config prints the resolved environment, as docker compose).
  assert.ok(config.stdout.includes(tokens.environment), config.stdout);
  assert.ok(config.stdout.includes(tokens.envFile), config.stdout);
  await ok(['ps']);
  await ok(['up', '-d']);
  // A second, no-op up and a ps of the running project: the paths that once kept things.
  const again = await ok(['up', '-d']);
  assert.match(again.stderr, new RegExp(`Container ${project}-app-1 +Running`));
  const ps = await ok(['ps', '--services']);
  assert.equal(ps.stdout, 'app\n');
  // The container got all three: the values are really in use.
  const run = await ok([
    'run',
    '--rm',
    '-T',
    'app',
    'sh',
    '-c',
    'echo "$FROM_ENVIRONMENT $FROM_ENV_FILE $(cat /run/secrets/token)"',
  ]);
  assert.equal(run.stdout.trim(), `${tokens.environment} ${tokens.envFile} ${tokens.secret}`);
  await ok(['down', '-t', '0']);

  for (const [what, dir] of [
    ['home', home],
    ['cache', cache],
    ['temporary', temp],
    ['dist/', join(repoRoot, 'dist')],
  ] as const) {
    assert.deepEqual(filesWithCanary(dir), [], `a token in the ${what} directory ${dir}`);
  }
  // Nothing at all is written in the home and cache directories.
  assert.deepEqual(entries(home), []);
  assert.deepEqual(entries(cache), []);
});

test('an unusable cache directory changes nothing: config and ps answer as with a usable one', async () => {
  await ok(['up', '-d']);
  const asFile = join(work, 'cache-is-a-file');
  writeFileSync(asFile, 'not a directory\n');
  const readOnly = join(work, 'read-only-cache');
  mkdirSync(readOnly, { mode: 0o500 });
  const commands = [
    ['config', '--format', 'json'],
    ['ps', '-a', '-q'],
    ['ps', '--services'],
  ];
  const answers = async (xdg: string): Promise<CliResult[]> => {
    const out: CliResult[] = [];
    for (const args of commands) out.push(await cli(args, { XDG_CACHE_HOME: xdg }));
    return out;
  };
  const usable = await answers(cache);
  for (const r of usable) assert.equal(r.code, 0, r.stderr);
  assert.notEqual(usable[1].stdout, '', 'ps -q lists the running container');
  for (const xdg of ['/proc/nope', asFile, readOnly]) {
    assert.deepEqual(await answers(xdg), usable, `XDG_CACHE_HOME=${xdg}`);
  }
  assert.equal(readFileSync(asFile, 'utf8'), 'not a directory\n');
  assert.deepEqual(entries(readOnly), []);
  assert.deepEqual(entries(cache), []);
  assert.deepEqual(entries(home), []);
  await ok(['down', '-t', '0']);
});
