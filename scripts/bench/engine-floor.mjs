// Engine-API floor of the engine workloads of `npm run bench`: the least a program doing what
// `up -d`, `down -t 0` and `ps` do must cost, written as plainly as possible with node:http over
// the engine's socket (no client library, no model, no output formatting beyond one line a
// container). Containers and the network carry the com.docker.compose.project label, so the
// same label filter finds them that Compose uses.
//
// Usage: node scripts/bench/engine-floor.mjs up PROJECT N [--chain]
//          creates PROJECT_default, then creates and starts N busybox containers (`sleep 3600`)
//          concurrently; with --chain they are created concurrently and started one after the
//          other, in order (what a depends_on chain requires)
//        node scripts/bench/engine-floor.mjs down PROJECT [--chain]
//          one list call, then stops (t=0) and removes every container, 8 at a time (with
//          --chain one after the other, dependents first, as a depends_on chain requires), then
//          removes PROJECT_default. Engine 20.10 loses count of a network's endpoints when
//          hundreds are released at once (moby/moby#42119; see src/compose/stop-waves.ts), so
//          that is the least a correct down does.
//        node scripts/bench/engine-floor.mjs list PROJECT
//          one GET /containers/json?all=1&filters=... call, one line per container
//        node scripts/bench/engine-floor.mjs clean PROJECT...
//          down, plus removal of every network labelled with the project (whatever tool made
//          it); the benchmark's hooks use it. Missing things are not errors.
//
// DOCKER_HOST=unix:///path is honoured; the default socket is /var/run/docker.sock.
import { request } from 'node:http';

const socketPath = process.env.DOCKER_HOST?.startsWith('unix://')
  ? process.env.DOCKER_HOST.slice('unix://'.length)
  : '/var/run/docker.sock';
const IMAGE = 'busybox:latest';

/** One API call; resolves with the parsed JSON body (or undefined), rejects on other statuses. */
function api(method, path, body, ok = []) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath,
        method,
        path,
        headers: data
          ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) }
          : {},
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode >= 200 && res.statusCode < 300) {
            resolve(text ? JSON.parse(text) : undefined);
          } else if (ok.includes(res.statusCode)) {
            resolve(undefined);
          } else {
            reject(new Error(`${method} ${path}: ${res.statusCode} ${text.trim()}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const labelFilter = (project) =>
  encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`] }));
const listContainers = (project) =>
  api('GET', `/containers/json?all=1&filters=${labelFilter(project)}`);

async function up(project, count, chain) {
  const network = `${project}_default`;
  // 409: a network an earlier clean had to keep (Engine 20.10 can hold a stale endpoint of a
  // removed container until it restarts) is reused, as the compose tools reuse it.
  await api(
    'POST',
    '/networks/create',
    {
      Name: network,
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: { 'com.docker.compose.project': project, 'com.docker.compose.network': 'default' },
    },
    [409],
  );
  const services = Array.from({ length: count }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
  const create = (service) =>
    api('POST', `/containers/create?name=${project}-${service}-1`, {
      Image: IMAGE,
      Cmd: ['sleep', '3600'],
      Labels: {
        'com.docker.compose.project': project,
        'com.docker.compose.service': service,
        'com.docker.compose.container-number': '1',
        'com.docker.compose.oneoff': 'False',
      },
      HostConfig: { NetworkMode: network },
      NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [service] } } },
    });
  const start = (id) => api('POST', `/containers/${id}/start`, undefined, [304]);
  if (chain) {
    const created = await Promise.all(services.map(create));
    for (const { Id } of created) await start(Id);
  } else {
    await Promise.all(services.map(async (s) => start((await create(s)).Id)));
  }
}

/** Runs `fn` on every item, at most 8 at once. */
async function inWaves(items, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(8, items.length) }, worker));
}

async function down(project, chain) {
  const containers = await listContainers(project);
  const remove = async ({ Id }) => {
    await api('POST', `/containers/${Id}/stop?t=0`, undefined, [304, 404]);
    await api('DELETE', `/containers/${Id}`, undefined, [404]);
  };
  if (chain) {
    // Dependents first: s10, s09, ... s01, one after the other.
    const order = [...containers].sort((a, b) =>
      b.Labels['com.docker.compose.service'].localeCompare(a.Labels['com.docker.compose.service']),
    );
    for (const c of order) await remove(c);
  } else {
    await inWaves(containers, remove);
  }
  await api('DELETE', `/networks/${project}_default`, undefined, [404]);
}

async function list(project) {
  const containers = await listContainers(project);
  const lines = containers.map((c) => `${c.Names[0].slice(1)}\t${c.State}\t${c.Status}`);
  process.stdout.write(lines.length ? `${lines.join('\n')}\n` : '');
}

async function clean(project) {
  const containers = await listContainers(project);
  await inWaves(containers, ({ Id }) =>
    api('DELETE', `/containers/${Id}?force=1&v=1`, undefined, [404]),
  );
  const networks = await api('GET', `/networks?filters=${labelFilter(project)}`);
  // The engine may still hold an endpoint of a container it has just removed: try again a moment later.
  const removeNetwork = async (id, attempt = 0) => {
    try {
      await api('DELETE', `/networks/${id}`, undefined, [404]);
    } catch (err) {
      if (!/active endpoints/.test(err.message)) throw err;
      if (attempt >= 20) {
        // Engine 20.10 can keep an endpoint of a force-removed container for good (until it
        // restarts): the next `up` reuses the network, so the run goes on.
        process.stderr.write(`engine-floor: network ${id} kept: ${err.message}\n`);
        return;
      }
      await new Promise((done) => setTimeout(done, 250));
      await removeNetwork(id, attempt + 1);
    }
  };
  await Promise.all(networks.map(({ Id }) => removeNetwork(Id)));
}

const [mode, project, ...rest] = process.argv.slice(2);
const usage = () => {
  console.error(
    'usage: engine-floor.mjs up PROJECT N [--chain] | down PROJECT [--chain] | list PROJECT | clean PROJECT...',
  );
  process.exit(2);
};
if (!project) usage();
try {
  if (mode === 'up' && /^\d+$/.test(rest[0] ?? ''))
    await up(project, Number(rest[0]), rest[1] === '--chain');
  else if (mode === 'down') await down(project, rest[0] === '--chain');
  else if (mode === 'list') await list(project);
  else if (mode === 'clean') for (const p of [project, ...rest]) await clean(p);
  else usage();
} catch (err) {
  console.error(`engine-floor: ${err.message}`);
  process.exit(1);
}
