// The failures of other converters do not happen here (issue 13, must-show 2): each case
// converts a small compose file and asserts the object Kubernetes gets and the report entry.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type {
  ConversionResult,
  KubernetesConvertOptions,
  KubernetesObject,
  ReportEntry,
} from '../../api/convert.js';
import { isComposeError } from '../../api/errors.js';
import { loadProjectWithSources } from '../../loader/project-sources.js';
import { convert } from '../convert.js';
import { schemaErrors } from './conversion.fixture.js';

const root = mkdtempSync(join(tmpdir(), 'flotilla-convert-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
});
let n = 0;

type Options = Partial<Omit<KubernetesConvertOptions, 'to'>>;

/** Converts a compose file (with extra files beside it) to manifests. */
async function convertYaml(
  yaml: string,
  options: Options = {},
  files: Record<string, string> = {},
  environment: Record<string, string> = {},
): Promise<ConversionResult> {
  const dir = join(root, `p${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'compose.yaml'), yaml);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const { project, locate } = await loadProjectWithSources({
    cwd: dir,
    projectName: 'demo',
    environment,
  });
  const result = convert(project, { to: 'kubernetes', locate, ...options });
  // Every object of every case passes the schema (layer 1); flotilla's rules ran in convert.
  for (const o of result.objects) {
    assert.deepEqual(await schemaErrors(o), [], `${o.kind}/${o.metadata.name}`);
  }
  return result;
}

function object(result: ConversionResult, kind: string, name: string): KubernetesObject {
  const o = result.objects.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(
    o,
    `no ${kind}/${name} among ${result.objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`,
  );
  return o;
}

function entry(result: ConversionResult, path: string): ReportEntry {
  const all = [...result.report.services.flatMap((s) => s.entries), ...result.report.resources];
  const e = all.find((x) => x.path === path);
  assert.ok(e, `no report entry for ${path}`);
  return e;
}

/** The value at a dotted path (`spec.template.spec.containers.0.image`), or undefined. */
function get(value: unknown, path: string): unknown {
  let v = value;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** The value at `path` below a workload's pod spec. */
function pod(o: KubernetesObject, path = ''): unknown {
  return get(o, path === '' ? 'spec.template.spec' : `spec.template.spec.${path}`);
}

/** A string at `path` below a value. */
function str(value: unknown, path: string): string {
  const v = get(value, path);
  assert.equal(typeof v, 'string', path);
  return v as string;
}

describe('convert --to kubernetes: restart policies', () => {
  test('restart "no" and unless-stopped give Deployments restartPolicy Always, reported', async () => {
    const r = await convertYaml(`services:
  once:
    image: busybox
    restart: "no"
  daemon:
    image: busybox
    restart: unless-stopped
`);
    assert.equal(pod(object(r, 'Deployment', 'once'), 'restartPolicy'), 'Always');
    assert.equal(pod(object(r, 'Deployment', 'daemon'), 'restartPolicy'), 'Always');
    const no = entry(r, 'services.once.restart');
    assert.equal(no.outcome, 'approximated');
    assert.match(no.reason, /only policy a Deployment allows/);
    assert.deepEqual(no.location, { file: 'compose.yaml', line: 4, column: 5 });
    assert.equal(entry(r, 'services.daemon.restart').outcome, 'mapped');
  });

  test('a one-shot others wait for becomes a Job with restartPolicy Never', async () => {
    const r = await convertYaml(`services:
  migrate:
    image: busybox
    restart: "no"
  app:
    image: busybox
    depends_on:
      migrate:
        condition: service_completed_successfully
`);
    const job = object(r, 'Job', 'migrate');
    assert.equal(pod(job, 'restartPolicy'), 'Never');
    assert.equal(get(job, 'spec.backoffLimit'), 0);
    assert.equal(entry(r, 'services.migrate.restart').outcome, 'mapped');
    assert.match(r.report.services[0].workload!.reason, /app waits for it to complete/);
  });
});

describe('convert --to kubernetes: container fields', () => {
  test('pull_policy missing becomes IfNotPresent; if_not_present, build and daily too', async () => {
    const r = await convertYaml(`services:
  a:
    image: busybox
    pull_policy: missing
  b:
    image: busybox
    pull_policy: if_not_present
  c:
    image: busybox
    pull_policy: daily
  d:
    build: .
    pull_policy: build
`);
    assert.equal(pod(object(r, 'Deployment', 'a'), 'containers.0.imagePullPolicy'), 'IfNotPresent');
    assert.equal(pod(object(r, 'Deployment', 'b'), 'containers.0.imagePullPolicy'), 'IfNotPresent');
    assert.equal(pod(object(r, 'Deployment', 'c'), 'containers.0.imagePullPolicy'), 'Always');
    assert.equal(pod(object(r, 'Deployment', 'd'), 'containers.0.imagePullPolicy'), 'IfNotPresent');
    assert.equal(pod(object(r, 'Deployment', 'd'), 'containers.0.image'), 'demo-d');
    assert.equal(entry(r, 'services.a.pull_policy').outcome, 'mapped');
    assert.equal(entry(r, 'services.c.pull_policy').outcome, 'approximated');
    assert.equal(entry(r, 'services.d.build').outcome, 'approximated');
  });

  test('user "101:101" becomes numeric runAsUser and runAsGroup; a name is reported', async () => {
    const r = await convertYaml(`services:
  app:
    image: busybox
    user: "101:101"
  named:
    image: busybox
    user: nobody
`);
    const sc = pod(object(r, 'Deployment', 'app'), 'containers.0.securityContext');
    assert.equal(get(sc, 'runAsUser'), 101);
    assert.equal(get(sc, 'runAsGroup'), 101);
    assert.equal(entry(r, 'services.app.user').outcome, 'mapped');
    assert.equal(pod(object(r, 'Deployment', 'named'), 'containers.0.securityContext'), undefined);
    const named = entry(r, 'services.named.user');
    assert.equal(named.outcome, 'dropped');
    assert.match(named.reason, /numeric ids only/);
  });

  test("images given by service (built and pushed before deploying) replace the file's", async () => {
    const yaml = `services:
  web:
    build: .
    image: registry.example/shop/web:1
  worker:
    build: ./worker
  db:
    image: postgres:16
`;
    const pinned = 'registry.example/shop/web@sha256:' + 'a'.repeat(64);
    const r = await convertYaml(yaml, { images: { web: pinned } });
    const image = (name: string): unknown =>
      get(object(r, 'Deployment', name), 'spec.template.spec.containers.0.image');
    assert.equal(image('web'), pinned);
    assert.equal(image('worker'), 'demo-worker');
    assert.equal(entry(r, 'services.web.build').outcome, 'mapped');
    assert.match(entry(r, 'services.web.build').reason, /built before deploying: .*@sha256:a{64}/);
    assert.equal(entry(r, 'services.worker.build').outcome, 'approximated');
    assert.equal(entry(r, 'services.db.image').reason, 'the container image');
  });

  test('sysctls go to the pod securityContext, never the container', async () => {
    const r = await convertYaml(`services:
  app:
    image: busybox
    sysctls:
      net.ipv4.tcp_syncookies: "1"
      net.core.somaxconn: "1024"
`);
    const p = pod(object(r, 'Deployment', 'app'));
    assert.deepEqual(get(p, 'securityContext.sysctls'), [
      { name: 'net.ipv4.tcp_syncookies', value: '1' },
      { name: 'net.core.somaxconn', value: '1024' },
    ]);
    assert.equal(get(p, 'containers.0.securityContext'), undefined);
    assert.equal(entry(r, 'services.app.sysctls.net.ipv4.tcp_syncookies').outcome, 'mapped');
    assert.equal(entry(r, 'services.app.sysctls.net.core.somaxconn').outcome, 'approximated');
  });

  test('replicas and scale become spec.replicas', async () => {
    const r = await convertYaml(`services:
  web:
    image: busybox
    deploy:
      replicas: 3
  worker:
    image: busybox
    scale: 2
`);
    assert.equal(get(object(r, 'Deployment', 'web'), 'spec.replicas'), 3);
    assert.equal(get(object(r, 'Deployment', 'worker'), 'spec.replicas'), 2);
    assert.equal(entry(r, 'services.web.deploy.replicas').outcome, 'mapped');
    assert.equal(entry(r, 'services.worker.scale').outcome, 'mapped');
  });

  test('limits and reservations become resources limits and requests', async () => {
    const r = await convertYaml(`services:
  app:
    image: busybox
    deploy:
      resources:
        limits:
          cpus: "0.5"
          memory: 512M
        reservations:
          cpus: "0.25"
          memory: 128M
`);
    assert.deepEqual(pod(object(r, 'Deployment', 'app'), 'containers.0.resources'), {
      limits: { cpu: '500m', memory: '512Mi' },
      requests: { cpu: '250m', memory: '128Mi' },
    });
    assert.equal(entry(r, 'services.app.deploy.resources.limits.memory').outcome, 'mapped');
  });

  test('a command keeps its $ signs: $( and $$ are escaped from Kubernetes expansion', async () => {
    const r = await convertYaml(`services:
  app:
    image: busybox
    command: ["sh", "-c", "echo $$(date) $$HOME"]
`);
    assert.deepEqual(pod(object(r, 'Deployment', 'app'), 'containers.0.args'), [
      'sh',
      '-c',
      'echo $$(date) $$HOME',
    ]);
  });
});

describe('convert --to kubernetes: depends_on', () => {
  test('each condition waits as compose does: started, healthy, completed', async () => {
    const r = await convertYaml(`services:
  app:
    image: busybox
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
      migrate:
        condition: service_completed_successfully
  db:
    image: postgres
    healthcheck:
      test: ["CMD", "pg_isready"]
      interval: 5s
    ports:
      - "5432"
  cache:
    image: redis
  migrate:
    image: busybox
`);
    const p = pod(object(r, 'Deployment', 'app'));
    assert.deepEqual(
      [0, 1, 2].map((i) => get(p, `initContainers.${i}.name`)),
      ['wait-for-db', 'wait-for-cache', 'wait-for-migrate'],
    );
    assert.match(str(p, 'initContainers.0.command.2'), /nc -z -w 2 db 5432/);
    assert.match(str(p, 'initContainers.1.command.2'), /nslookup cache/);
    assert.match(
      str(p, 'initContainers.2.command.2'),
      /kubectl wait --for=condition=complete .*job\/migrate/,
    );
    // The healthcheck is the readinessProbe the Service and the wait rely on.
    assert.deepEqual(pod(object(r, 'Deployment', 'db'), 'containers.0.readinessProbe.exec'), {
      command: ['pg_isready'],
    });
    object(r, 'Service', 'cache');
    object(r, 'Job', 'migrate');
    assert.equal(get(p, 'serviceAccountName'), 'demo-job-waiter');
    object(r, 'ServiceAccount', 'demo-job-waiter');
    object(r, 'Role', 'demo-job-waiter');
    object(r, 'RoleBinding', 'demo-job-waiter');
    assert.equal(entry(r, 'services.app.depends_on.db').outcome, 'mapped');
    assert.equal(entry(r, 'services.app.depends_on.cache').outcome, 'mapped');
    assert.equal(entry(r, 'services.app.depends_on.migrate').outcome, 'approximated');
  });
});

describe('convert --to kubernetes: volumes, secrets, tmpfs', () => {
  test('a volume shared by two services stays one ReadWriteMany claim', async () => {
    const r = await convertYaml(`services:
  writer:
    image: busybox
    volumes: [shared:/out]
  reader:
    image: busybox
    volumes: ["shared:/in:ro"]
volumes:
  shared:
`);
    const claims = r.objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    assert.deepEqual(
      claims.map((c) => c.metadata.name),
      ['shared'],
    );
    assert.deepEqual(get(claims[0], 'spec.accessModes'), ['ReadWriteMany']);
    for (const s of ['writer', 'reader']) {
      assert.deepEqual(pod(object(r, 'Deployment', s), 'volumes'), [
        { name: 'vol-shared', persistentVolumeClaim: { claimName: 'shared' } },
      ]);
    }
    const e = entry(r, 'volumes.shared');
    assert.equal(e.outcome, 'approximated');
    assert.match(e.reason, /shared by writer, reader: ReadWriteMany/);
  });

  test('an external secret is referred to by name, never created, never a crash', async () => {
    const r = await convertYaml(`services:
  app:
    image: busybox
    secrets: [api_key]
    configs: [settings]
secrets:
  api_key:
    external: true
    name: prod-api-key
configs:
  settings:
    external: true
`);
    assert.equal(r.objects.filter((o) => o.kind === 'Secret').length, 0);
    const p = pod(object(r, 'Deployment', 'app'));
    assert.deepEqual(get(p, 'volumes.0'), {
      name: 'secret-0',
      secret: { secretName: 'prod-api-key', items: [{ key: 'api_key', path: 'api_key' }] },
    });
    assert.deepEqual(get(p, 'containers.0.volumeMounts.0'), {
      name: 'secret-0',
      mountPath: '/run/secrets/api_key',
      subPath: 'api_key',
      readOnly: true,
    });
    assert.equal(entry(r, 'secrets.api_key').outcome, 'approximated');
    assert.match(entry(r, 'secrets.api_key').reason, /existing Secret prod-api-key/);
    assert.equal(get(p, 'volumes.1.configMap.name'), 'settings');
  });

  test('a tmpfs mount becomes an emptyDir in memory', async () => {
    const r = await convertYaml(`services:
  app:
    image: busybox
    tmpfs: ["/run:size=64m"]
    volumes:
      - type: tmpfs
        target: /cache
        tmpfs:
          size: 1048576
`);
    const p = pod(object(r, 'Deployment', 'app'));
    assert.deepEqual(get(p, 'volumes'), [
      { name: 'tmpfs-0', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
      { name: 'tmpfs-x0', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
    assert.equal(entry(r, 'services.app.tmpfs[0]').outcome, 'mapped');
    assert.equal(entry(r, 'services.app.volumes[0]').outcome, 'mapped');
  });

  test('a bind-mounted project file becomes a ConfigMap; a directory is dropped unless --host-path', async () => {
    const yaml = `services:
  app:
    image: busybox
    volumes:
      - ./app.conf:/etc/app.conf:ro
      - ./data:/data
`;
    const files = { 'app.conf': 'port=80\n', 'data/readme': 'x' };
    const r = await convertYaml(yaml, {}, files);
    assert.deepEqual(get(object(r, 'ConfigMap', 'app-files'), 'data'), {
      'app.conf': 'port=80\n',
    });
    assert.equal(entry(r, 'services.app.volumes[1]').outcome, 'dropped');
    const h = await convertYaml(yaml, { hostPath: true }, files);
    assert.match(
      str(object(h, 'Deployment', 'app'), 'spec.template.spec.volumes.1.hostPath.path'),
      /\/data$/,
    );
  });
});

describe('convert --to kubernetes: ports, names, secrecy, strict', () => {
  test('ports give a ClusterIP Service, never hostPort unless asked', async () => {
    const yaml = `services:
  web:
    image: nginx
    ports: ["8080:80"]
`;
    const r = await convertYaml(yaml);
    const svc = object(r, 'Service', 'web');
    assert.equal(get(svc, 'spec.type'), 'ClusterIP');
    assert.deepEqual(get(svc, 'spec.ports'), [
      { name: 'tcp-80', port: 80, targetPort: 80, protocol: 'TCP' },
    ]);
    assert.equal(pod(object(r, 'Deployment', 'web'), 'containers.0.ports.0.hostPort'), undefined);
    assert.equal(entry(r, 'services.web.ports[0]').outcome, 'approximated');
    const hp = await convertYaml(yaml, { expose: [{ mode: 'hostport' }] });
    assert.equal(pod(object(hp, 'Deployment', 'web'), 'containers.0.ports.0.hostPort'), 8080);
    const np = await convertYaml(
      `services:
  web:
    image: nginx
    ports: ["30080:80"]
`,
      { expose: [{ mode: 'nodeport' }] },
    );
    assert.equal(get(object(np, 'Service', 'web-published'), 'spec.ports.0.nodePort'), 30080);
    object(np, 'NetworkPolicy', 'web-published');
    const ing = await convertYaml(yaml, {
      expose: [{ service: 'web', mode: 'ingress', host: 'shop.example.com' }],
    });
    const rule = get(object(ing, 'Ingress', 'web'), 'spec.rules.0');
    assert.equal(get(rule, 'host'), 'shop.example.com');
    assert.deepEqual(get(rule, 'http.paths.0.backend.service'), {
      name: 'web',
      port: { number: 80 },
    });
  });

  test('names are made DNS-1123 and checked; names that collide are an error', async () => {
    const r = await convertYaml(`services:
  Db_Main:
    image: postgres
    ports: ["5432"]
`);
    object(r, 'Service', 'db-main');
    assert.match(entry(r, 'services.Db_Main').reason, /reach it as db-main/);
    await assert.rejects(
      convertYaml(`services:
  db_main:
    image: postgres
  db-main:
    image: postgres
`),
      (err: unknown) => isComposeError(err, 'CONVERT') && /db-main/.test(err.message),
    );
  });

  const secretYaml = `services:
  app:
    image: busybox
    environment:
      DB_PASSWORD: hunter2-env
      DATABASE_URL: postgres://u:hunter3-url@db/app
      PLAIN: visible-value
    secrets: [token, key]
secrets:
  token:
    environment: TOKEN
  key:
    file: ./key.pem
`;
  const secretFiles = { 'key.pem': 'hunter5-file' };
  const secretEnv = { TOKEN: 'hunter4-secret' };

  for (const format of ['manifests', 'kustomize', 'helm'] as const) {
    test(`${format}: no secret value in any output file or the report unless asked; the pods still refer to the Secrets`, async () => {
      const r = await convertYaml(secretYaml, { format }, secretFiles, secretEnv);
      const written = JSON.stringify(r.report) + r.files.map((f) => f.content).join('\n');
      for (const v of ['hunter2', 'hunter3', 'hunter4', 'hunter5']) {
        for (const encoded of [v, Buffer.from(v).toString('base64').slice(0, 8)]) {
          assert.equal(written.includes(encoded), false, `${v} (${encoded}) written`);
        }
      }
      assert.deepEqual(
        r.objects.filter((o) => o.kind === 'Secret'),
        [],
      );
      assert.doesNotMatch(written, /keep it private/);
      // The plain environment is still a ConfigMap; the pod refers to the three Secrets.
      assert.deepEqual(get(object(r, 'ConfigMap', 'app-env'), 'data'), { PLAIN: 'visible-value' });
      const pod = JSON.stringify(get(object(r, 'Deployment', 'app'), 'spec.template.spec'));
      for (const ref of [
        '"secretRef":{"name":"app-env"}',
        '"secretName":"token"',
        '"secretName":"key"',
      ]) {
        assert.ok(pod.includes(ref), ref);
      }
      // The report says how to make each from the same source, naming no value.
      assert.match(
        entry(r, 'secrets.key').reason,
        /^not written.*kubectl create secret generic key --from-file=key=key\.pem\).*--include-secrets/,
      );
      assert.match(entry(r, 'secrets.token').reason, /--from-literal=token="\$TOKEN"/);
      assert.match(
        entry(r, 'services.app.environment').reason,
        /kubectl create secret generic app-env --from-literal=DATABASE_URL=\.\.\. --from-literal=DB_PASSWORD=\.\.\./,
      );
      assert.equal(entry(r, 'secrets.key').outcome, 'approximated');
    });
  }

  test('includeSecrets: the Secret objects hold the values; the report still holds none', async () => {
    const r = await convertYaml(secretYaml, { includeSecrets: true }, secretFiles, secretEnv);
    const report = JSON.stringify(r.report);
    for (const v of ['hunter2', 'hunter3', 'hunter4', 'hunter5', 'visible-value']) {
      assert.equal(report.includes(v), false, `${v} in the report`);
    }
    const env = object(r, 'Secret', 'app-env');
    assert.equal(Buffer.from(str(env, 'data.DB_PASSWORD'), 'base64').toString(), 'hunter2-env');
    assert.ok(get(env, 'data.DATABASE_URL'), 'a URL with a password is a secret');
    assert.deepEqual(get(object(r, 'ConfigMap', 'app-env'), 'data'), { PLAIN: 'visible-value' });
    assert.equal(
      Buffer.from(str(object(r, 'Secret', 'token'), 'data.token'), 'base64').toString(),
      'hunter4-secret',
    );
    assert.equal(
      Buffer.from(str(object(r, 'Secret', 'key'), 'data.key'), 'base64').toString(),
      'hunter5-file',
    );
    assert.equal(entry(r, 'secrets.key').outcome, 'mapped');
    assert.match(r.files[0].content, /keep it private/);
  });

  test('a secret whose variable is unset fails as with includeSecrets, though nothing is written', async () => {
    await assert.rejects(
      convertYaml(secretYaml, {}, secretFiles, {}),
      (err: unknown) =>
        isComposeError(err, 'CONVERT') &&
        /secrets\.token has no content: the variable TOKEN is not set/.test(err.message),
    );
  });

  test('--strict fails before any output when a field would be dropped, naming it', async () => {
    const yaml = `services:
  app:
    image: busybox
    user: nobody
    stop_signal: SIGINT
`;
    await assert.rejects(convertYaml(yaml, { strict: true }), (err: unknown) => {
      assert.ok(isComposeError(err, 'CONVERT'));
      assert.match(err.message, /--strict: 2 fields would be dropped/);
      assert.match(err.message, /compose\.yaml:4:5: services\.app\.user/);
      assert.match(err.message, /compose\.yaml:5:5: services\.app\.stop_signal/);
      return true;
    });
    const fine = await convertYaml(`services:\n  app:\n    image: busybox\n`, { strict: true });
    assert.equal(fine.report.summary.dropped, 0);
  });

  test('every field set is in the report: unknown ones are dropped, not lost', async () => {
    const r = await convertYaml(`services:
  app:
    image: busybox
    cpu_shares: 512
    oom_score_adj: 100
    mac_address: 02:42:ac:11:00:02
`);
    for (const f of ['cpu_shares', 'oom_score_adj', 'mac_address']) {
      assert.equal(entry(r, `services.app.${f}`).outcome, 'dropped');
    }
  });
});
