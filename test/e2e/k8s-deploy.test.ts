// `flotilla k8s deploy` onto the real test cluster (scripts/setup/kubernetes.sh): the tutorial's
// Flask + Redis (network fixed, examples/flask-redis-fixed, as the conversion fixture) built
// locally and deployed with --wait; the counter answers through its Service and keeps its count
// across a re-deploy, a changed field, the deletion of the Redis pod and `k8s rm` + deploy (the
// claim holds the data); `k8s ps` and `k8s logs` (and `logs -f`, which follows new lines) find
// the pods by the project's labels; a crash loop and an image on no node make --wait fail with
// the reason; the Secrets (a compose secret's file, a credential-like variable) go to the API
// server with their values and nowhere else.
//
// NetworkPolicy: the test cluster's CNI (bridge + host-local + firewall plugins) does not
// enforce NetworkPolicies (no policy controller runs), so isolation between networks cannot be
// observed on it; the policy objects are checked instead (as the server stores them, selecting
// the pods by their network labels).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { isKubeError, type KubeObject } from '../../src/kube/index.js';
import { ensureBuilt, flotillaBin, repoRoot, runFlotilla, type CliResult } from './support/cli.js';
import { k8sScope, waitFor } from './support/k8s.js';

const scope = k8sScope('deploy', 'full');
const project = `fe2e-flask-${randomBytes(3).toString('hex')}`;
const example = join(repoRoot, 'examples/flask-redis-fixed/compose.yaml');
const testdata = join(import.meta.dirname, 'testdata/k8s-deploy');
const image = `${project}-web`;

type Pod = KubeObject & {
  metadata: { uid?: string };
  status?: { phase?: string; containerStatuses?: { ready: boolean }[] };
};

function env(): NodeJS.ProcessEnv {
  return { ...process.env, KUBECONFIG: scope.info.kubeconfig };
}

/** `flotilla -p PROJECT -f FILES... k8s ARGS --namespace NS`. */
function k8s(files: readonly string[], args: readonly string[]): Promise<CliResult> {
  return runFlotilla(
    [
      '-p',
      project,
      ...files.flatMap((f) => ['-f', f]),
      'k8s',
      ...args,
      '--namespace',
      scope.namespace,
    ],
    { env: env() },
  );
}

const deployFlags = ['--image-pull-policy', 'Never', '--wait-image', 'busybox:latest'];

/** `Kind/name action` lines of a deploy's output. */
function actions(stderr: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of stderr.matchAll(/^(\w+\/[\w.-]+) (created|configured|unchanged|pruned)$/gm)) {
    out.set(m[1], m[2]);
  }
  return out;
}

async function serviceIp(name: string): Promise<string> {
  const svc = await scope.kube.getObject<KubeObject & { spec: { clusterIP: string } }>({
    apiVersion: 'v1',
    kind: 'Service',
    name,
    namespace: scope.namespace,
  });
  return svc.spec.clusterIP;
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
  });
}

/** The count the web service answers with through its Service (polled until it answers). */
async function hits(): Promise<number> {
  const url = `http://${await serviceIp('web')}:5000/`;
  let last = '';
  return waitFor(
    `the counter at ${url} (${last})`,
    async () => {
      const answer = await get(url).catch((err: unknown) => ({ status: 0, body: String(err) }));
      last = `${String(answer.status)} ${answer.body}`;
      const m = /I have been seen (\d+) times/.exec(answer.body);
      return answer.status === 200 && m !== null ? Number(m[1]) : undefined;
    },
    120_000,
  );
}

async function pods(service: string): Promise<Pod[]> {
  return scope.kube.listObjects<Pod>('v1', 'Pod', {
    namespace: scope.namespace,
    labelSelector: `app.kubernetes.io/part-of=${project},app.kubernetes.io/name=${service}`,
  });
}

async function generation(kind: string, name: string): Promise<number | undefined> {
  const o = await scope.kube.getObject({
    apiVersion: 'apps/v1',
    kind,
    name,
    namespace: scope.namespace,
  });
  return o.metadata.generation;
}

before(async () => {
  ensureBuilt();
  // The web image, built by flotilla from the example's Dockerfile into the engine the node uses.
  const built = await runFlotilla(['-p', project, '-f', example, 'build', 'web']);
  assert.equal(built.code, 0, built.stderr);
});

after(async () => {
  // The namespace is being deleted (k8sScope's hook ran first): once kubelet removed the pods'
  // containers, the image goes too.
  const users = (): string =>
    execFileSync('docker', ['ps', '-aq', '--filter', `ancestor=${image}`], {
      encoding: 'utf8',
    }).trim();
  try {
    execFileSync('docker', ['image', 'inspect', image], { stdio: 'ignore' });
  } catch {
    return; // never built
  }
  await waitFor(
    `the containers of ${image} removed`,
    () => Promise.resolve(users() === '' ? true : undefined),
    180_000,
  );
  execFileSync('docker', ['image', 'rm', image], { stdio: 'ignore' });
});

let count = 0;
let webPod: string | undefined;
let redisPod: string | undefined;

test('k8s deploy --wait runs the Flask + Redis counter; k8s ps and k8s logs find its pods', async () => {
  const { namespace: ns } = scope;
  const first = await k8s([example], ['deploy', '--wait', ...deployFlags]);
  assert.equal(first.code, 0, first.stderr);
  const created = actions(first.stderr);
  for (const id of [
    'ConfigMap/web-env',
    'PersistentVolumeClaim/redis-data',
    'Service/redis',
    'Service/web',
    'Deployment/web',
    'StatefulSet/redis',
    'NetworkPolicy/network-backend-net',
  ]) {
    assert.equal(created.get(id), 'created', `${id}\n${first.stderr}`);
  }
  assert.match(first.stderr, /^web \(Deployment\/web\): 1\/1 ready$/m);
  assert.match(first.stderr, /^redis \(StatefulSet\/redis\): 1\/1 ready$/m);

  assert.equal(await hits(), 1);
  assert.equal(await hits(), 2);

  // ps and logs find the pods by the project's labels.
  const ps = await k8s([example], ['ps', '--format', 'json']);
  assert.equal(ps.code, 0, ps.stderr);
  const listed = JSON.parse(ps.stdout) as {
    service: string;
    status: string;
    ready: string;
    workload: string;
  }[];
  assert.deepEqual(
    listed.map((p) => [p.service, p.workload, p.status, p.ready]),
    [
      ['redis', 'StatefulSet/redis', 'Running', '1/1'],
      ['web', 'Deployment/web', 'Running', '1/1'],
    ],
  );
  // A kubeconfig in YAML (as kubectl writes them), named with --kubeconfig.
  const yamlConfig = join(mkdtempSync(join(tmpdir(), 'flotilla-k8s-')), 'config.yaml');
  writeFileSync(yamlConfig, stringify(JSON.parse(readFileSync(scope.info.kubeconfig, 'utf8'))), {
    mode: 0o600,
  });
  const table = await runFlotilla(
    ['-p', project, 'k8s', 'ps', '--kubeconfig', yamlConfig, '--namespace', ns],
    { env: { ...process.env, KUBECONFIG: '/nonexistent' } },
  );
  rmSync(dirname(yamlConfig), { recursive: true });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^NAME\s+SERVICE\s+WORKLOAD\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
  const logs = await k8s([example], ['logs', 'web']);
  assert.equal(logs.code, 0, logs.stderr);
  assert.match(logs.stdout, /^web-[\w-]+ \| .*"GET \/ HTTP\/1\.1" 200/m);
  // -f keeps following: requests made after it started show up.
  const follow = spawn(
    process.execPath,
    [
      flotillaBin,
      '-p',
      project,
      '-f',
      example,
      'k8s',
      'logs',
      '-f',
      '--tail',
      '1',
      'web',
      '--namespace',
      ns,
    ],
    { env: env() },
  );
  let followed = '';
  let followErr = '';
  let ended: number | null | undefined;
  follow.stdout.setEncoding('utf8').on('data', (c: string) => (followed += c));
  follow.stderr.setEncoding('utf8').on('data', (c: string) => (followErr += c));
  const closed = new Promise<number | null>((r) =>
    follow.on('close', (code) => {
      ended = code;
      r(code);
    }),
  );
  try {
    await waitFor('logs -f to follow', async () => {
      // An early end (a usage error, a lost stream) fails at once, with what it said.
      assert.equal(ended, undefined, `logs -f ended (${String(ended)}): ${followErr}`);
      await hits();
      // --tail 1 shows at most one old request: two or more were followed as they came.
      return followed.split('"GET / HTTP/1.1" 200').length - 1 >= 2 ? true : undefined;
    });
  } finally {
    follow.kill('SIGINT');
  }
  assert.equal(await closed, 0, `logs -f ends cleanly on SIGINT: ${followErr}`);
  assert.equal(followErr, '', 'logs -f prints nothing on stderr');
  count = await hits();
});

test('k8s deploy of an unchanged file writes nothing and keeps the pods', async () => {
  // The same file again: nothing is written, the pods stay.
  webPod = (await pods('web'))[0].metadata.uid;
  redisPod = (await pods('redis'))[0].metadata.uid;
  const webGeneration = await generation('Deployment', 'web');
  const again = await k8s([example], ['deploy', '--wait', ...deployFlags]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(
    [...actions(again.stderr).values()].filter((a) => a !== 'unchanged'),
    [],
    again.stderr,
  );
  assert.match(again.stderr, / 0 of \d+ objects changed$/m);
  assert.equal(await generation('Deployment', 'web'), webGeneration);
  assert.equal((await pods('web'))[0].metadata.uid, webPod);
  assert.equal(await hits(), ++count);
});

test('k8s deploy with one changed field rolls out only that workload', async () => {
  const { kube, namespace: ns } = scope;
  // One changed field of web: only its Deployment is written and rolls out; Redis stays.
  const redisGeneration = await generation('StatefulSet', 'redis');
  const changed = await k8s(
    [example, join(testdata, 'compose.web-change.yaml')],
    ['deploy', '--wait', ...deployFlags],
  );
  assert.equal(changed.code, 0, changed.stderr);
  assert.deepEqual(
    [...actions(changed.stderr)].filter(([, a]) => a !== 'unchanged'),
    [['Deployment/web', 'configured']],
    changed.stderr,
  );
  assert.equal(await generation('StatefulSet', 'redis'), redisGeneration);
  assert.equal((await pods('redis'))[0].metadata.uid, redisPod);
  const web = await kube.getObject<
    KubeObject & { spec: { template: { spec: { terminationGracePeriodSeconds: number } } } }
  >({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'web',
    namespace: ns,
  });
  assert.equal(web.spec.template.spec.terminationGracePeriodSeconds, 7);
  await waitFor('the old web pod gone', async () =>
    (await pods('web')).every((p) => p.metadata.uid !== webPod) ? true : undefined,
  );
  assert.equal(await hits(), ++count);
});

test('the Redis pod deleted: the new one finds the count in the claim', async () => {
  const { kube, namespace: ns } = scope;
  // The Redis pod deleted: the StatefulSet makes a new one on the same claim; the count holds.
  const [redis] = await pods('redis');
  await kube.deleteObject({
    apiVersion: 'v1',
    kind: 'Pod',
    name: redis.metadata.name!,
    namespace: ns,
  });
  await waitFor('a new Redis pod ready', async () => {
    const now = await pods('redis');
    return now.length === 1 &&
      now[0].metadata.uid !== redisPod &&
      now[0].status?.containerStatuses?.[0]?.ready === true
      ? true
      : undefined;
  });
  assert.equal(await hits(), ++count);
});

test('NetworkPolicy objects select the pods of their network', async () => {
  const { kube, namespace: ns } = scope;
  // NetworkPolicy objects (not enforced by this cluster's CNI, see the top of the file).
  const policy = await kube.getObject<
    KubeObject & { spec: { podSelector: { matchLabels: Record<string, string> } } }
  >({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    name: 'network-backend-net',
    namespace: ns,
  });
  const selected = await kube.listObjects<Pod>('v1', 'Pod', {
    namespace: ns,
    labelSelector: Object.entries(policy.spec.podSelector.matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
  });
  assert.deepEqual(selected.map((p) => p.metadata.labels?.['app.kubernetes.io/name']).sort(), [
    'redis',
    'web',
  ]);
});

test('k8s rm removes everything but the claim; the next deploy finds the data; rm --volumes removes the claim', async () => {
  const { kube, namespace: ns } = scope;
  // rm: everything but the claim goes; a new deploy finds the count in the claim.
  const rm = await k8s([example], ['rm']);
  assert.equal(rm.code, 0, rm.stderr);
  assert.match(rm.stderr, /^PersistentVolumeClaim\/redis-data kept/m);
  assert.match(rm.stderr, /^StatefulSet\/redis removed$/m);
  const selector = `app.kubernetes.io/part-of=${project}`;
  await waitFor('the project gone but its claim', async () => {
    const left: string[] = [];
    for (const [apiVersion, kind] of [
      ['v1', 'Pod'],
      ['apps/v1', 'Deployment'],
      ['apps/v1', 'StatefulSet'],
      ['v1', 'Service'],
      ['v1', 'ConfigMap'],
      ['networking.k8s.io/v1', 'NetworkPolicy'],
      ['v1', 'PersistentVolumeClaim'],
    ]) {
      for (const o of await kube.listObjects(apiVersion, kind, {
        namespace: ns,
        labelSelector: selector,
      })) {
        left.push(`${kind}/${o.metadata.name ?? ''}`);
      }
    }
    return left.length === 1 && left[0] === 'PersistentVolumeClaim/redis-data' ? true : undefined;
  });
  const back = await k8s([example], ['deploy', '--wait', ...deployFlags]);
  assert.equal(back.code, 0, back.stderr);
  assert.equal(actions(back.stderr).get('PersistentVolumeClaim/redis-data'), 'unchanged');
  assert.equal(await hits(), count + 1);

  const gone = await k8s([example], ['rm', '--volumes']);
  assert.equal(gone.code, 0, gone.stderr);
  assert.match(gone.stderr, /^PersistentVolumeClaim\/redis-data removed$/m);
  await waitFor('the claim gone', () =>
    kube
      .getObject({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        name: 'redis-data',
        namespace: ns,
      })
      .then(
        () => undefined,
        (err: unknown) => {
          if (isKubeError(err, 404)) return true;
          throw err;
        },
      ),
  );
});

test("k8s deploy --wait fails with a crash loop's last log lines, and with an image on no node", async () => {
  const crash = join(testdata, 'compose.crash.yaml');
  const crashed = await k8s(
    [crash],
    ['deploy', '--wait', '--wait-timeout', '240', ...deployFlags, 'crasher'],
  );
  assert.notEqual(crashed.code, 0, crashed.stderr);
  assert.match(
    crashed.stderr,
    /service crasher \(Deployment\/crasher\) failed to roll out: pod crasher-[\w-]+: container crasher: CrashLoopBackOff \(exit code 3\)/,
  );
  assert.match(
    crashed.stderr,
    /last log lines:\n {2}starting crasher\n {2}fatal: no config in \/etc\/crasher\.conf/,
  );

  const ghost = await k8s(
    [crash],
    ['deploy', '--wait', '--wait-timeout', '240', ...deployFlags, 'ghost'],
  );
  assert.notEqual(ghost.code, 0, ghost.stderr);
  assert.match(
    ghost.stderr,
    /service ghost \(Deployment\/ghost\) failed to roll out: pod ghost-[\w-]+: container ghost: ErrImageNeverPull/,
  );

  const rm = await k8s([crash], ['rm']);
  assert.equal(rm.code, 0, rm.stderr);
  assert.match(rm.stderr, /^Deployment\/crasher removed$/m);
  assert.match(rm.stderr, /^Deployment\/ghost removed$/m);
});

test('k8s deploy sends the Secrets with their values to the API server, and prints none', async () => {
  const { kube, namespace: ns } = scope;
  const file = join(testdata, 'compose.secret.yaml');
  const deployed = await k8s([file], ['deploy', '--wait', ...deployFlags]);
  assert.equal(deployed.code, 0, deployed.stderr);
  const created = actions(deployed.stderr);
  assert.equal(created.get('Secret/token'), 'created', deployed.stderr);
  assert.equal(created.get('Secret/reader-env'), 'created', deployed.stderr);
  for (const text of [deployed.stdout, deployed.stderr]) {
    for (const v of ['e2e-token-0815', 'e2e-pass-4711']) assert.equal(text.includes(v), false, v);
  }
  const secret = async (name: string): Promise<Record<string, string>> => {
    const o = await kube.getObject<KubeObject & { data: Record<string, string> }>({
      apiVersion: 'v1',
      kind: 'Secret',
      name,
      namespace: ns,
    });
    return Object.fromEntries(
      Object.entries(o.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
  };
  assert.deepEqual(await secret('token'), { token: 'e2e-token-0815' });
  assert.deepEqual(await secret('reader-env'), { API_PASSWORD: 'e2e-pass-4711' });
  // The pod reads both: the file where compose mounts it, the variable through envFrom.
  await waitFor('the reader to print its secrets', async () => {
    const logs = await k8s([file], ['logs', 'reader']);
    return /\| token=e2e-token-0815 pass=e2e-pass-4711$/m.test(logs.stdout) ? true : undefined;
  });
  const rm = await k8s([file], ['rm']);
  assert.equal(rm.code, 0, rm.stderr);
  assert.match(rm.stderr, /^Secret\/token removed$/m);
  assert.match(rm.stderr, /^Secret\/reader-env removed$/m);
});
