import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ConvertStage, ExposeRule, KubernetesFormat, OutputFile } from '../../api/convert.js';
import { ComposeError } from '../../api/errors.js';
import { printWarning } from '../output.js';
import { collect, globalFlags, type GlobalFlags } from '../global-flags.js';
import { cliLoadOptions } from '../project.js';
import { addEcsOptions, ecsSettings, wholeNumber, type EcsFlags } from '../ecs-flags.js';

interface ConvertFlags extends EcsFlags {
  to?: string;
  format?: string;
  output?: string;
  namespace?: string;
  strict?: boolean;
  report?: string;
  expose?: string[];
  volumeSize?: string[];
  storageClass?: string;
  hostPath?: boolean;
  singleFile?: boolean;
  waitImage?: string;
  kubectlImage?: string;
  includeSecrets?: boolean;
  logRetention: string;
}

/** The file listing what the last conversion wrote into an output directory. */
const MARKER = '.flotilla-convert';

/**
 * `flotilla convert --to kubernetes`: the project as Kubernetes manifests, Kustomize or Helm;
 * `--to ecs`: a CloudFormation template for ECS on Fargate, followed by its cost estimate.
 */
export function register(program: Command): void {
  const command = program
    .command('convert')
    .description(
      'Convert the project for another platform (Kubernetes, ECS), with a report of every field',
    )
    .argument('[services...]')
    .option('--to <target>', 'Target platform: kubernetes or ecs')
    .option(
      '--format <format>',
      'Output format: manifests (default), kustomize or helm; cloudformation for ecs',
    )
    .option(
      '-o, --output <path>',
      'Output directory (default "kubernetes"), or for ecs the template file (default "cloudformation.yaml", .json for JSON); "-" prints',
    )
    .option('--namespace <ns>', 'Namespace of every object')
    .option('--strict', 'Fail, writing nothing, when a field would be dropped')
    .option('--report <file>', 'Write the conversion report as JSON')
    .option(
      '--expose <rule>',
      'Publish ports outside the cluster: [SERVICE=]nodeport|loadbalancer|hostport|ingress:HOST',
      collect,
    )
    .option(
      '--volume-size <size>',
      'Claim size, for all volumes (SIZE) or one (NAME=SIZE)',
      collect,
    )
    .option('--storage-class <name>', 'Storage class of the claims')
    .option('--host-path', 'Bind mounts of directories become hostPath volumes')
    .option('--single-file', 'Manifests in one file (manifests.yaml)')
    .option('--wait-image <image>', 'Image of the init containers waiting for dependencies')
    .option('--kubectl-image <image>', 'Image of the init containers waiting for Jobs')
    .option(
      '--include-secrets',
      'Write the Secrets with their values (secret files and variables, credential-like environment); by default they are left out and the report says how to create them',
    )
    .option('--log-retention <days>', 'ecs: days CloudWatch keeps the logs', '30');
  addEcsOptions(command, 'ecs: ').action(
    async (services: string[], flags: ConvertFlags, cmd: Command) => {
      await runConvert(services, flags, globalFlags(cmd));
    },
  );
}

/** Reads `--expose` rules. */
export function parseExpose(rules: readonly string[]): ExposeRule[] {
  return rules.map((text) => {
    const eq = text.indexOf('=');
    const service = eq < 0 ? undefined : text.slice(0, eq);
    const spec = eq < 0 ? text : text.slice(eq + 1);
    const [mode, host] = spec.split(/:(.*)/s, 2) as [string, string | undefined];
    if (mode === 'ingress' && host !== undefined && host !== '') {
      return { service, mode, host };
    }
    if (
      (mode === 'nodeport' || mode === 'loadbalancer' || mode === 'hostport') &&
      host === undefined
    ) {
      return { service, mode };
    }
    throw new ComposeError(
      'USAGE',
      `--expose ${JSON.stringify(text)}: write [SERVICE=]nodeport, loadbalancer, hostport or ingress:HOST`,
    );
  });
}

function volumeSizes(values: readonly string[]): { all?: string; each: Record<string, string> } {
  const each: Record<string, string> = {};
  let all: string | undefined;
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq < 0) all = v;
    else each[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return { all, each };
}

async function runEcs(services: string[], flags: ConvertFlags, g: GlobalFlags): Promise<void> {
  if (flags.format !== undefined && flags.format !== 'cloudformation') {
    throw new ComposeError(
      'USAGE',
      `unsupported format ${JSON.stringify(flags.format)} for ecs: use cloudformation`,
    );
  }
  const ecs = ecsSettings(flags);
  const logRetentionDays = wholeNumber('--log-retention', flags.logRetention);
  const output = flags.output ?? 'cloudformation.yaml';
  const { loadProjectWithSources } = await import('../../loader/project-sources.js');
  const { convert } = await import('../../convert/convert.js');
  const { formatReport } = await import('../../convert/report-table.js');
  const { estimateCost } = await import('../../cost/estimate-cost.js');
  const { formatCost } = await import('../../cost/cost-table.js');
  const { project, locate } = await loadProjectWithSources({
    ...cliLoadOptions(g, services),
    onWarning: printWarning,
  });
  // The estimate is checked first: a bad --region fails before anything is written.
  const estimate = estimateCost(project, ecs);
  const result = convert(project, {
    to: 'ecs',
    strict: flags.strict === true,
    arch: ecs.arch,
    ebsVolumes: ecs.ebsVolumes,
    ebsSizeGiB: ecs.ebsSizeGiB,
    logRetentionDays,
    json: /\.json$/i.test(output),
    locate,
  });
  if (output === '-') process.stdout.write(result.files[0].content);
  else writeOutput(resolve(output), result.files[0].content);
  if (flags.report !== undefined) {
    writeFileSync(flags.report, `${JSON.stringify(result.report, null, 2)}\n`);
  }
  process.stderr.write(formatReport(result.report));
  process.stderr.write(`\n${formatCost(estimate)}`);
}

async function runConvert(services: string[], flags: ConvertFlags, g: GlobalFlags): Promise<void> {
  if (flags.to === 'ecs') {
    await runEcs(services, flags, g);
    return;
  }
  if (flags.to !== 'kubernetes') {
    throw new ComposeError(
      'USAGE',
      flags.to === undefined
        ? 'convert needs --to kubernetes or --to ecs'
        : `convert: unknown target ${JSON.stringify(flags.to)}: use --to kubernetes or --to ecs`,
    );
  }
  const format = (flags.format ?? 'manifests') as KubernetesFormat;
  if (!['manifests', 'kustomize', 'helm'].includes(format)) {
    throw new ComposeError(
      'USAGE',
      `unsupported format ${JSON.stringify(format)}: use manifests, kustomize or helm`,
    );
  }
  const output = flags.output ?? 'kubernetes';
  if (output === '-' && format !== 'manifests') {
    throw new ComposeError(
      'USAGE',
      `-o - prints manifests only: give --format ${format} a directory`,
    );
  }
  const expose = parseExpose(flags.expose ?? []);
  const sizes = volumeSizes(flags.volumeSize ?? []);
  const { loadProjectWithSources } = await import('../../loader/project-sources.js');
  const { loadProject } = await import('../../loader/load-project.js');
  const { convert } = await import('../../convert/convert.js');
  const { formatReport } = await import('../../convert/report-table.js');
  const options = cliLoadOptions(g, services);
  const { project, locate } = await loadProjectWithSources({ ...options, onWarning: printWarning });
  // Kustomize: the project as read from the first k files, for a base and one overlay per override.
  const stages: ConvertStage[] = [];
  if (format === 'kustomize') {
    const files = project.composeFiles;
    for (let k = 1; k < files.length; k++) {
      const staged = await loadProject({
        ...options,
        files: files.slice(0, k),
        projectName: project.name,
      });
      stages.push({ file: files[k - 1], project: staged });
    }
  }
  const result = convert(project, {
    to: 'kubernetes',
    format,
    namespace: flags.namespace,
    strict: flags.strict === true,
    expose,
    volumeSize: sizes.all,
    volumeSizes: sizes.each,
    storageClass: flags.storageClass,
    hostPath: flags.hostPath === true,
    singleFile: flags.singleFile === true || output === '-' || /\.ya?ml$/i.test(output),
    waitImage: flags.waitImage,
    kubectlImage: flags.kubectlImage,
    includeSecrets: flags.includeSecrets === true,
    stages,
    locate,
  });
  if (output === '-') {
    process.stdout.write(result.files.map((f) => f.content).join(''));
  } else if (/\.ya?ml$/i.test(output) && format === 'manifests') {
    writeOutput(resolve(output), result.files[0].content);
  } else {
    writeDirectory(resolve(output), result.files);
  }
  if (flags.report !== undefined) {
    writeFileSync(flags.report, `${JSON.stringify(result.report, null, 2)}\n`);
  }
  process.stderr.write(formatReport(result.report));
}

function writeOutput(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content, { mode: 0o600 });
}

/**
 * Writes the files under `dir`. A directory a previous conversion wrote is cleared of that
 * conversion's files first (so that nothing stale is applied); any other non-empty directory
 * is refused.
 */
function writeDirectory(dir: string, files: readonly OutputFile[]): void {
  const marker = join(dir, MARKER);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(marker)) {
      throw new ComposeError(
        'USAGE',
        `${dir} is not empty and was not written by flotilla convert: choose another -o directory`,
      );
    }
    for (const line of readFileSync(marker, 'utf8').split('\n')) {
      if (line === '' || line.includes('..')) continue;
      rmSync(join(dir, line), { force: true });
    }
  }
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    // Files that hold Secrets are readable by their owner only.
    const secret = /^kind: Secret$/m.test(f.content);
    writeFileSync(path, f.content, { mode: secret ? 0o600 : 0o644 });
  }
  writeFileSync(marker, `${files.map((f) => f.path).join('\n')}\n`);
}
