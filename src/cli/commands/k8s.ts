import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import type { K8sDeployEvent, K8sPod } from '../../api/k8s.js';
import type { KubeClient } from '../../kube/index.js';
import { globalFlags } from '../global-flags.js';
import { stderrText } from '../output.js';
import { loadCliProject, loadProjectOrName, runVerb } from '../project.js';

interface ClusterFlags {
  context?: string;
  kubeconfig?: string;
  namespace?: string;
}

interface DeployFlags extends ClusterFlags {
  wait?: boolean;
  waitTimeout?: string;
  prune?: boolean;
  imagePullPolicy?: string;
  waitImage?: string;
  volumeSize?: string;
  storageClass?: string;
  quiet?: boolean;
  build?: boolean;
  push?: boolean;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;

/** `flotilla k8s`: deploy the project onto a Kubernetes cluster, list, follow and remove it. */
export function register(program: Command): void {
  const k8s = program
    .command('k8s')
    .description('Deploy the project onto a Kubernetes cluster (server-side apply) and manage it');

  clusterOptions(
    k8s
      .command('deploy')
      .description('Convert the project (as convert --to kubernetes) and apply it to the cluster')
      .argument('[services...]'),
  )
    .option('--wait', "Wait until every service has rolled out; fail with the pods' reasons")
    .option('--wait-timeout <seconds>', 'Maximum duration of --wait (default 300)')
    .option('--prune', "Delete the project's objects the project no longer makes (claims kept)")
    .option(
      '--image-pull-policy <policy>',
      'imagePullPolicy of every container: Always, IfNotPresent or Never',
    )
    .option('--wait-image <image>', 'Image of the init containers waiting for dependencies')
    .option('--volume-size <size>', "Size of the volumes' claims (default 1Gi)")
    .option('--storage-class <name>', 'Storage class of the claims')
    .option('--build', 'Build the images of services with build: first (as flotilla build)')
    .option(
      '--push',
      'Push the built images to the registry their image: names and deploy them by digest (with --build)',
    )
    .option('-q, --quiet', 'Print nothing but errors')
    .action(async (services: string[], flags: DeployFlags, cmd: Command) => {
      const policy = flags.imagePullPolicy;
      if (policy !== undefined && !(PULL_POLICIES as readonly string[]).includes(policy)) {
        throw new ComposeError(
          'USAGE',
          `--image-pull-policy ${JSON.stringify(policy)}: use Always, IfNotPresent or Never`,
        );
      }
      const waitTimeout = flags.waitTimeout === undefined ? undefined : Number(flags.waitTimeout);
      if (waitTimeout !== undefined && !(waitTimeout > 0)) {
        throw new ComposeError(
          'USAGE',
          `--wait-timeout ${JSON.stringify(flags.waitTimeout)}: give seconds`,
        );
      }
      if (flags.push === true && flags.build !== true) {
        throw new ComposeError('USAGE', '--push pushes the images --build builds: add --build');
      }
      const project = await loadCliProject(
        globalFlags(cmd),
        services.length > 0 ? services : undefined,
      );
      const kube = await client(flags);
      let images: Record<string, string> | undefined;
      if (flags.build === true) {
        if (flags.push !== true && flags.quiet !== true) {
          stderrText.write(
            'warning: --build without --push: the images are built on this engine only; only nodes that use it can run them\n',
          );
        }
        const { buildForCluster } = await import('../k8s-images.js');
        // As `flotilla build` and `push` run (progress, errors); a failure there is printed.
        await runVerb(cmd, async ({ compose }) => {
          images = await buildForCluster(compose, project, services, flags.push === true);
          return 0;
        });
        if (images === undefined) return;
      }
      const { k8sDeploy } = await import('../../k8s/index.js');
      const result = await k8sDeploy(kube, project, {
        namespace: flags.namespace,
        services: services.length > 0 ? services : undefined,
        wait: flags.wait === true || waitTimeout !== undefined,
        waitTimeout,
        prune: flags.prune === true,
        imagePullPolicy: policy as (typeof PULL_POLICIES)[number] | undefined,
        waitImage: flags.waitImage,
        volumeSize: flags.volumeSize,
        storageClass: flags.storageClass,
        images,
        onEvent: flags.quiet === true ? undefined : printEvent,
      });
      if (flags.quiet !== true) {
        const changed = result.objects.filter((o) => o.action !== 'unchanged').length;
        stderrText.write(
          `Project ${project.name} deployed to namespace ${result.namespace}: ` +
            `${String(changed)} of ${String(result.objects.length)} objects changed\n`,
        );
      }
    });

  clusterOptions(k8s.command('ps').description("List the project's pods").argument('[services...]'))
    .option('--format <format>', 'Format output: table or json', 'table')
    .option('-q, --quiet', 'Only display pod names')
    .action(
      async (
        services: string[],
        flags: ClusterFlags & { format: string; quiet?: boolean },
        cmd: Command,
      ) => {
        if (flags.format !== 'table' && flags.format !== 'json') {
          throw new ComposeError(
            'USAGE',
            `--format ${JSON.stringify(flags.format)}: use table or json`,
          );
        }
        const name = await projectName(cmd);
        const kube = await client(flags);
        const { k8sPs } = await import('../../k8s/index.js');
        const pods = await k8sPs(kube, name, { namespace: flags.namespace, services });
        if (flags.quiet === true) process.stdout.write(pods.map((p) => `${p.name}\n`).join(''));
        else if (flags.format === 'json') process.stdout.write(`${JSON.stringify(pods)}\n`);
        else process.stdout.write(podTable(pods, Date.now()));
      },
    );

  clusterOptions(k8s.command('logs').description("Print a service's logs").argument('<service>'))
    .option('-f, --follow', 'Follow log output')
    .option('-n, --tail <lines>', "Number of lines to show from the end of each pod's log")
    .action(
      async (
        service: string,
        flags: ClusterFlags & { follow?: boolean; tail?: string },
        cmd: Command,
      ) => {
        const tail =
          flags.tail === undefined || flags.tail === 'all' ? undefined : Number(flags.tail);
        if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) {
          throw new ComposeError(
            'USAGE',
            `--tail ${JSON.stringify(flags.tail)}: give a number of lines`,
          );
        }
        const name = await projectName(cmd);
        const kube = await client(flags);
        const { k8sLogs } = await import('../../k8s/index.js');
        const abort = new AbortController();
        const stop = (): void => {
          abort.abort();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          let width = 0;
          await k8sLogs(kube, name, service, {
            namespace: flags.namespace,
            follow: flags.follow === true,
            tail,
            signal: abort.signal,
            onLine: ({ pod, text }) => {
              width = Math.max(width, pod.length);
              process.stdout.write(`${pod.padEnd(width)} | ${text}\n`);
            },
          }).catch((err: unknown) => {
            if (!abort.signal.aborted) throw err;
          });
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          kube.close();
        }
      },
    );

  clusterOptions(
    k8s
      .command('rm')
      .alias('down')
      .description("Remove the project's objects (claims kept unless --volumes)"),
  )
    .option('-v, --volumes', "Remove the project's PersistentVolumeClaims too (their data is lost)")
    .action(async (flags: ClusterFlags & { volumes?: boolean }, cmd: Command) => {
      const name = await projectName(cmd);
      const kube = await client(flags);
      const { k8sRemove } = await import('../../k8s/index.js');
      const result = await k8sRemove(kube, name, {
        namespace: flags.namespace,
        volumes: flags.volumes,
      });
      for (const o of result.removed) stderrText.write(`${o.kind}/${o.name} removed\n`);
      for (const o of result.kept)
        stderrText.write(`${o.kind}/${o.name} kept (remove it with --volumes)\n`);
      if (result.removed.length === 0 && result.kept.length === 0) {
        stderrText.write(
          `Nothing of project ${name} in namespace ${flags.namespace ?? kube.namespace}\n`,
        );
      }
    });
}

function clusterOptions(cmd: Command): Command {
  return cmd
    .option('--context <name>', 'The kubeconfig context to use (default: its current context)')
    .option('--kubeconfig <file>', 'The kubeconfig file (default: $KUBECONFIG, ~/.kube/config)')
    .option('--namespace <ns>', "The project's namespace (default: the context's)");
}

async function client(flags: ClusterFlags): Promise<KubeClient> {
  const [{ createKubeClient, isKubeError }, { parse }] = await Promise.all([
    import('../../kube/index.js'),
    import('yaml'),
  ]);
  try {
    return createKubeClient({
      context: flags.context,
      kubeconfig: flags.kubeconfig,
      namespace: flags.namespace,
      parseYaml: (text) => parse(text) as unknown,
    });
  } catch (err) {
    if (isKubeError(err)) throw new ComposeError('KUBERNETES', err.message, { cause: err });
    throw err;
  }
}

/** The project's name: from -p, else from the compose files. */
async function projectName(cmd: Command): Promise<string> {
  const project = await loadProjectOrName(globalFlags(cmd));
  return typeof project === 'string' ? project : project.name;
}

function printEvent(e: K8sDeployEvent): void {
  if (e.type === 'object') {
    stderrText.write(`${e.object.kind}/${e.object.name} ${e.object.action}\n`);
    return;
  }
  const counts = `${String(e.ready)}/${String(e.desired)}`;
  const text =
    e.state === 'ready'
      ? `${counts} ready`
      : e.state === 'failed'
        ? `${counts} failed`
        : `${counts} ready, waiting`;
  stderrText.write(`${e.service} (${e.workload}): ${text}\n`);
}

/** `k8s ps` as a table. */
export function podTable(pods: readonly K8sPod[], now: number): string {
  const rows = [
    ['NAME', 'SERVICE', 'WORKLOAD', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    ...pods.map((p) => [
      p.name,
      p.service,
      p.workload,
      p.ready,
      p.status,
      String(p.restarts),
      age(p.created, now),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => `${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('   ')}\n`)
    .join('');
}

function age(created: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(created)) / 1000));
  if (Number.isNaN(s)) return '';
  if (s < 120) return `${String(s)}s`;
  if (s < 7200) return `${String(Math.round(s / 60))}m`;
  return `${String(Math.round(s / 3600))}h`;
}
