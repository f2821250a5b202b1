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
import { after, test } from 'node:test';
import type { LoadOptions, LoadWarning } from '../api/load-options.js';
import { loadProjectSync } from '../loader/load-project.js';
import type { Project } from '../model/project.js';
import { loadProjectKept, type KeepOptions } from './project-cache.js';

const root = mkdtempSync(join(tmpdir(), 'flotilla-project-cache-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
/** A project folder of its own with `files` written in it, and a cache folder. */
function setup(files: Record<string, string>): { dir: string; cache: string } {
  const dir = join(root, `p${String(++n)}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, cache: join(dir, '.cache') };
}

function keep(
  dir: string,
  cache: string,
  extra: Partial<LoadOptions> = {},
  where: KeepOptions = {},
): { project: Project; kept: boolean; warnings: string[] } {
  const warnings: string[] = [];
  const options: LoadOptions = {
    cwd: dir,
    environment: { HOME: '/home/nobody', TAG: '1' },
    onWarning: (w: LoadWarning) => warnings.push(w.message),
    ...extra,
  };
  const r = loadProjectKept(options, loadProjectSync, {
    build: 'build-1',
    dir: cache,
    writeAt: 'now',
    ...where,
  });
  return { ...r, warnings };
}

const COMPOSE = `services:
  web:
    image: nginx:\${TAG}
    env_file: web.env
    volumes: ["./html:/usr/share/nginx/html"]
  db:
    extends: { file: base.yaml, service: db }
`;
const BASE = `services:
  db:
    image: postgres
    environment: { POSTGRES_PASSWORD: "\${PW:-secret}" }
`;

test('a project loaded again with nothing changed is the kept one, equal to a fresh load', () => {
  const { dir, cache } = setup({
    'compose.yaml': COMPOSE,
    'base.yaml': BASE,
    'web.env': 'A=1\n',
    '.env': 'PW=hunter2\n',
  });
  const first = keep(dir, cache);
  assert.equal(first.kept, false);
  const second = keep(dir, cache);
  assert.equal(second.kept, true);
  const fresh = loadProjectSync({ cwd: dir, environment: { HOME: '/home/nobody', TAG: '1' } });
  assert.deepStrictEqual(second.project, fresh);
  assert.equal(second.project.services.web.image, 'nginx:1');
  assert.deepEqual(second.project.services.db.environment, { POSTGRES_PASSWORD: 'hunter2' });
  // The kept file is the user's alone: it holds the environment.
  const [file] = readdirSync(join(cache, 'projects'));
  assert.equal(statSync(join(cache, 'projects', file)).mode & 0o777, 0o600);
});

test('any change to what the load read, or to its key, loads afresh', () => {
  const { dir, cache } = setup({
    'compose.yaml': COMPOSE,
    'base.yaml': BASE,
    'web.env': 'A=1\n',
    '.env': 'PW=hunter2\n',
  });
  keep(dir, cache);
  const changes: [string, () => void, Partial<LoadOptions>?][] = [
    [
      'the compose file',
      () => {
        writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('nginx', 'httpd'));
      },
    ],
    [
      'an extended file',
      () => {
        writeFileSync(join(dir, 'base.yaml'), BASE.replace('postgres', 'mysql'));
      },
    ],
    [
      'an env_file',
      () => {
        writeFileSync(join(dir, 'web.env'), 'A=2\n');
      },
    ],
    [
      '.env',
      () => {
        writeFileSync(join(dir, '.env'), 'PW=other\n');
      },
    ],
    [
      'an override file appears',
      () => {
        writeFileSync(join(dir, 'compose.override.yaml'), 'services: {web: {ports: ["80"]}}\n');
      },
    ],
    [
      'a file named by include appears',
      () => {
        writeFileSync(join(dir, 'compose.yaml'), `include: [extra.yaml]\n${COMPOSE}`);
        writeFileSync(join(dir, 'extra.yaml'), 'services: {cache: {image: redis}}\n');
      },
    ],
    [
      'an included file',
      () => {
        writeFileSync(join(dir, 'extra.yaml'), 'services: {cache: {image: valkey}}\n');
      },
    ],
    ['the environment', () => undefined, { environment: { HOME: '/home/nobody', TAG: '2' } }],
    ['a profile', () => undefined, { profiles: ['debug'] }],
    ['the project name', () => undefined, { projectName: 'other' }],
  ];
  for (const [what, change, extra] of changes) {
    change();
    const after = keep(dir, cache, extra);
    assert.equal(after.kept, false, `${what}: loaded afresh`);
    assert.deepStrictEqual(
      after.project,
      loadProjectSync({ cwd: dir, environment: { HOME: '/home/nobody', TAG: '1' }, ...extra }),
      what,
    );
    assert.equal(keep(dir, cache, extra).kept, true, `${what}: kept the next time`);
  }
  // Another build, or a file that is not what it should be, is no kept project.
  assert.equal(keep(dir, cache, {}, { build: 'build-2' }).kept, false);
  for (const f of readdirSync(join(cache, 'projects'))) {
    writeFileSync(join(cache, 'projects', f), '{"key": 1}');
  }
  assert.equal(keep(dir, cache, {}, { build: 'build-2' }).kept, false);
});

test('the warnings of a load come again with the kept project', () => {
  const { dir, cache } = setup({
    'compose.yaml': 'version: "3"\nservices:\n  web:\n    image: x:${UNSET_TAG}\n',
  });
  const first = keep(dir, cache);
  assert.ok(first.warnings.length >= 2, first.warnings.join('\n'));
  const second = keep(dir, cache);
  assert.equal(second.kept, true);
  assert.deepEqual(second.warnings, first.warnings);
});

test('nothing is kept without a build id, from standard input, or when loading fails', () => {
  const { dir, cache } = setup({ 'compose.yaml': 'services: {web: {image: x}}\n' });
  keep(dir, cache, {}, { build: undefined });
  assert.equal(keep(dir, cache, {}, { build: undefined }).kept, false);
  assert.ok(!existsSync(join(cache, 'projects')));
  const stdin = { files: ['-'], stdin: () => 'services: {web: {image: y}}\n' };
  keep(dir, cache, stdin);
  assert.equal(keep(dir, cache, stdin).kept, false);
  assert.ok(!existsSync(join(cache, 'projects')));
  writeFileSync(join(dir, 'compose.yaml'), 'services: {web: {image: [}}\n');
  assert.throws(() => keep(dir, cache));
  assert.ok(!existsSync(join(cache, 'projects')));
  assert.equal(readFileSync(join(dir, 'compose.yaml'), 'utf8').includes('['), true);
});
