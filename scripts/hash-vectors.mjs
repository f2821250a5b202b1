// Records the config hashes real docker compose binaries write, for the unit tests of
// src/model/hash-compat.ts: each binary creates the containers of
// src/model/testdata/hash-compat/compose.yaml (`up --no-start`, so nothing runs), the
// `com.docker.compose.config-hash` labels are read from the engine, and the project is taken
// down again. flotilla's model of each service (the tree its config hash is computed from, as
// `up` computes it) is recorded beside them. The project is copied to a fixed directory first,
// because bind mount sources are absolute paths and part of the hash.
//
// Usage: node --import tsx scripts/hash-vectors.mjs DOCKER_CONFIG_DIR...
//   e.g. node --import tsx scripts/hash-vectors.mjs /var/cache/flotilla-ci/docker-config \
//          /tmp/compose-2.40.3
//   (each directory holds cli-plugins/docker-compose; scripts/setup/compose-v2.sh makes the
//   2.26.1 one). Writes src/model/testdata/hash-compat/vectors.json. Needs a running engine
//   and the busybox image (scripts/setup/images.sh busybox). tsx loads flotilla's sources.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configHash, configHashInput } from '../src/compose/service-tree.ts';
import { loadProjectSync } from '../src/loader/load-project.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src/model/testdata/hash-compat');
const workdir = '/tmp/flotilla-hash-vectors';
const project = 'flotilla-hash-vectors';
const configs = process.argv.slice(2);
if (configs.length === 0) {
  console.error('usage: node scripts/hash-vectors.mjs DOCKER_CONFIG_DIR...');
  process.exit(2);
}

rmSync(workdir, { recursive: true, force: true });
mkdirSync(workdir, { recursive: true });
cpSync(source, workdir, { recursive: true, filter: (p) => !p.endsWith('vectors.json') });

const env = { ...process.env };
delete env.UNSET_IN_ENVIRONMENT;
const run = (cmd, args, extra = {}) =>
  execFileSync(cmd, args, { cwd: workdir, encoding: 'utf8', env: { ...env, ...extra } });
const args = ['-p', project, '--profile', 'debug'];

const project_ = loadProjectSync({
  cwd: workdir,
  projectName: project,
  profiles: ['debug'],
  environment: env,
});
const services = {};
const flotillaHashes = {};
for (const [name, service] of Object.entries(project_.services)) {
  services[name] = configHashInput(service);
  flotillaHashes[name] = configHash(service);
}

const tools = [];
for (const dir of configs) {
  const compose = (...rest) => run('docker', ['compose', ...args, ...rest], { DOCKER_CONFIG: dir });
  const version = compose('version', '--short').trim();
  try {
    compose('up', '--no-start', '--quiet-pull');
    const ids = run('docker', [
      'ps',
      '-aq',
      '--filter',
      `label=com.docker.compose.project=${project}`,
    ])
      .trim()
      .split('\n');
    const hashes = {};
    let label;
    for (const id of ids) {
      const labels = JSON.parse(
        run('docker', ['inspect', '--format', '{{json .Config.Labels}}', id]),
      );
      hashes[labels['com.docker.compose.service']] = labels['com.docker.compose.config-hash'];
      label = labels['com.docker.compose.version'];
    }
    tools.push({ version, label, hashes });
  } finally {
    compose('down', '--volumes');
  }
}

const vectors = {
  description:
    'Config hashes written by real docker compose binaries for compose.yaml, with flotilla’s model of each service. Made by scripts/hash-vectors.mjs.',
  directory: workdir,
  services,
  flotilla: flotillaHashes,
  tools,
};
writeFileSync(join(source, 'vectors.json'), `${JSON.stringify(vectors, null, 2)}\n`);
console.log(`wrote ${join(source, 'vectors.json')}: ${tools.map((t) => t.version).join(', ')}`);
