// `config --format json` of flotilla and of docker compose 2.26.1 on the tutorial's projects
// (examples/) and every e2e fixture (each compose.yaml, and each other file of its directory as
// an override of it): the same text byte for byte, except where the table below says why —
// the same reasons the README's docker compose v2 table gives.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runFlotilla, type CliResult } from './support/cli.js';
import { runComposeV2 } from './support/compose-v2.js';

/** Values for the variables the fixtures require. */
const env: Record<string, string> = {
  E2E_SCOPE: 'cfgcmp',
  PROJECT: 'cfgcmp',
  OPEN_IMAGE: '127.0.0.1:5050/open',
  FRONT_IMAGE: '127.0.0.1:5050/front',
  SECURE_IMAGE: '127.0.0.1:5051/secure',
  GONE_IMAGE: '127.0.0.1:5050/gone',
  WATCH_DIR: '.',
  WEB_PORT: '52010',
  SUBNET: '172.31.9.0/24',
  EXT_NETWORK: 'external-network',
  EXT_VOLUME: 'external-volume',
  MISSING_NETWORK: 'missing',
  APP_VERSION: '1',
  DB_VERSION: '1',
  VERSION: '1',
  BACK_TIER: 'back',
  DATA_TIER: 'data',
  IDLE_TERM_EXIT: '0',
  JOB_EXIT: '3',
  // Used by several services: 2.26.1 names whichever its map walk meets first when it is unset.
  REPORT_SECRET: 'interop-placeholder',
  FE2E_IMAGE: '127.0.0.1:5050/interop/app',
  ...Object.fromEntries(
    ['A', 'B', 'C', 'D', 'E', 'F'].map((c, i) => [`PORT_${c}`, String(52000 + i)]),
  ),
};

const MODES_AND_BIND = [
  // compose-go before 2.4.9 printed config and secret modes as decimal numbers.
  '.services.db.secrets[0].mode: "0440" / 288',
  '.services.web.configs[0].mode: "0444" / 292',
  // compose-go before 2.10 printed a short-syntax bind's create_host_path: true.
  '.services.web.volumes[0].bind.create_host_path: absent / true',
];

/** Differences by case (directory relative to the repository, then the files). */
const EXPECTED: Record<string, readonly string[]> = {
  'test/e2e/testdata/interop-v2 compose.yaml': MODES_AND_BIND,
  'test/e2e/testdata/interop-v2 compose.yaml changed.yaml': MODES_AND_BIND,
  'test/e2e/testdata/interop-v2 compose.yaml reduced.yaml': MODES_AND_BIND,
  'test/e2e/testdata/up-fields compose.yaml': [
    '.services.files.volumes[1].bind.create_host_path: absent / true',
  ],
  // Attributes the Compose Specification gained after 2.26.1's schema.
  'test/e2e/testdata/watch compose.yaml': [
    'exit 0 / 15: services.app.develop.watch.0 Additional property initial_sync is not allowed',
  ],
  'test/e2e/testdata/watch-modes compose.yaml': [
    'exit 0 / 15: services.app.develop.watch.0 Additional property include is not allowed',
  ],
  // Both refuse the file; 2.26.1 with its exit status for parse failures.
  'test/e2e/testdata/up-bad-input compose.yaml invalid.yaml': [
    'exit 1 / 15: cannot override services.web.ports',
  ],
  // Both refuse it: its test provides the secret token in the environment.
  'test/e2e/testdata/no-secrets-on-disk compose.yaml': [
    'exit 1 / 15: error while interpolating services.app.environment.FROM_ENVIRONMENT: required variable CANARY_ENVIRONMENT is missing a value',
  ],
  // Both refuse them: their tests provide the image in the environment.
  'test/e2e/testdata/plan compose.yaml': [
    'exit 1 / 15: error while interpolating services.db.image: required variable APP_IMAGE is missing a value',
  ],
  'test/e2e/testdata/plan compose.yaml more-networks.yaml': [
    'exit 1 / 15: error while interpolating services.db.image: required variable APP_IMAGE is missing a value',
  ],
  'test/e2e/testdata/swarm-runtime compose.yaml': [
    '.services.server.configs[0].mode: "0440" / 288',
    '.services.server.secrets[0].mode: "0400" / 256',
  ],
  'test/e2e/testdata/swarm-mapping compose.yaml': [
    '.services.app.configs[0].mode: "0444" / 292',
    '.services.app.secrets[0].mode: "0400" / 256',
  ],
  // 2.26.1 fails to print an ssh entry whose key file is missing (a marshalling error of its
  // own); flotilla checks the entry when it builds (build-flags tests that error).
  'test/e2e/testdata/build-flags compose.yaml bad.yaml': [
    "exit 0 / 1: json: error calling MarshalJSON for type types.SSHKey: invalid character ':' after top-level value",
  ],
};

interface Case {
  readonly dir: string;
  readonly files: readonly string[];
}

function cases(): Case[] {
  const dirs = ['examples', 'test/e2e/testdata'].flatMap((base) =>
    readdirSync(join(repoRoot, base), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(repoRoot, base, e.name)),
  );
  const out: Case[] = [];
  for (const dir of dirs.sort()) {
    const yamls = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    if (!yamls.includes('compose.yaml')) continue;
    out.push({ dir, files: ['compose.yaml'] });
    for (const y of yamls) if (y !== 'compose.yaml') out.push({ dir, files: ['compose.yaml', y] });
  }
  return out;
}

/** Where two parsed outputs differ: `path: flotilla / compose`. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  const show = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    const at = (k: string): string => (Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
    return keys.flatMap((k) =>
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at(k)),
    );
  }
  return a === b ? [] : [`${path}: ${show(a)} / ${show(b)}`];
}

function compare(f: CliResult, c: CliResult): string[] {
  if (f.code !== 0 || c.code !== 0) {
    const message = (c.code !== 0 ? c.stderr : f.stderr).trim().split('\n').pop() ?? '';
    return [`exit ${f.code} / ${c.code}: ${message.replace(/^validating [^:]+: /, '')}`];
  }
  if (f.stdout === c.stdout) return [];
  return differences(JSON.parse(f.stdout), JSON.parse(c.stdout));
}

test('config --format json: equal to docker compose 2.26.1, or different where listed', async () => {
  const all = cases();
  assert.ok(all.length > 30, `${all.length} cases`);
  const found: Record<string, string[]> = {};
  // A few at a time: each run of either tool is a process of ~1 s.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < all.length) {
      const { dir, files } = all[next++];
      const args = [
        '-p',
        'cfgcmp',
        ...files.flatMap((f) => ['-f', f]),
        'config',
        '--format',
        'json',
      ];
      const [f, c] = await Promise.all([
        runFlotilla(args, { cwd: dir, env: { ...process.env, ...env } }),
        runComposeV2(args, { cwd: dir, env }),
      ]);
      const diff = compare(f, c);
      if (diff.length > 0) found[`${relative(repoRoot, dir)} ${files.join(' ')}`] = diff;
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  assert.deepEqual(found, EXPECTED);
});
