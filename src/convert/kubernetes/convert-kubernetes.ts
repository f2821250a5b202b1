/**
 * The Kubernetes converter: plans the services, makes every object, reports every field,
 * checks flotilla's rules, honours `--strict`, and writes the chosen format.
 */
import { readFileSync, statSync } from 'node:fs';
import type {
  ConversionReport,
  ConversionResult,
  KubernetesConvertOptions,
  KubernetesObject,
  SourceLocator,
} from '../../api/convert.js';
import { ComposeError } from '../../api/errors.js';
import type { Project } from '../../model/project.js';
import { ReportBuilder, checkStrict } from '../report.js';
import { claimObjects } from './claims.js';
import { KubeContext, type ResolvedOptions, type WorkloadHint } from './context.js';
import { reportUncovered } from './coverage.js';
import { jobWaiterObjects } from './dependencies.js';
import { projectLabelValue } from './labels.js';
import { helmFiles } from './formats/helm.js';
import { kustomizeFiles } from './formats/kustomize.js';
import { manifestFiles, sortObjects } from './formats/manifests.js';
import { isDns1123Label, isDns1123Subdomain } from './names.js';
import { networkPolicies } from './network-policies.js';
import { planServices } from './plan.js';
import { checkRules } from './rules.js';
import { secretAndConfigObjects } from './secrets-configs.js';
import { serviceObjects, type ExposedPorts } from './service-objects.js';
import { workloadObject } from './workload.js';

/** The objects of one project, with the report and what the Helm chart needs. */
export interface KubernetesObjects {
  readonly objects: KubernetesObject[];
  readonly report: ConversionReport;
  readonly workloads: readonly WorkloadHint[];
}

/** Reads a regular file, or undefined. */
function readRegularFile(path: string): Uint8Array | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks and completes the options.
 * @throws ComposeError('USAGE') for a bad namespace or `--expose` rule
 */
export function resolveOptions(
  project: Project,
  options: KubernetesConvertOptions,
): ResolvedOptions {
  const ns = options.namespace;
  if (ns !== undefined && !isDns1123Label(ns)) {
    throw new ComposeError(
      'USAGE',
      `--namespace ${JSON.stringify(ns)} is not a valid namespace name`,
      {
        hint: 'lower-case letters, digits and "-", at most 63 characters',
      },
    );
  }
  for (const rule of options.expose ?? []) {
    if (rule.service !== undefined && !Object.hasOwn(project.services, rule.service)) {
      throw new ComposeError('USAGE', `--expose: no such service: ${rule.service}`);
    }
    if (rule.mode === 'ingress') {
      const host = rule.host ?? '';
      if (!isDns1123Subdomain(host.replace(/^\*\./, ''))) {
        throw new ComposeError(
          'USAGE',
          `--expose ingress: ${JSON.stringify(host)} is not a host name`,
        );
      }
    }
  }
  return {
    namespace: ns,
    expose: options.expose ?? [],
    volumeSize: options.volumeSize ?? '1Gi',
    volumeSizes: options.volumeSizes ?? {},
    storageClass: options.storageClass,
    hostPath: options.hostPath === true,
    waitImage: options.waitImage ?? 'busybox:1.36',
    kubectlImage: options.kubectlImage ?? 'bitnami/kubectl:1.20',
    includeSecrets: options.includeSecrets === true,
    images: options.images ?? {},
    readFile: options.readFile ?? readRegularFile,
  };
}

/**
 * Converts a project to Kubernetes objects, checked against flotilla's rules.
 * @throws ComposeError('CONVERT') for names that collide, unreadable secret files, or a rule
 *   violation (a bug)
 */
export function kubernetesObjects(
  project: Project,
  options: ResolvedOptions,
  format: string,
  locate?: SourceLocator,
): KubernetesObjects {
  const projectLabel = projectLabelValue(project.name);
  const plans = planServices(project);
  const report = new ReportBuilder(
    { target: 'kubernetes', format, project: project.name },
    locate,
    Object.keys(project.services),
  );
  const ctx = new KubeContext(project, projectLabel, options, report, plans);
  if (projectLabel !== project.name) {
    report.resource({
      path: 'name',
      outcome: 'approximated',
      reason: `the project name is not a valid label value: the labels say ${projectLabel}`,
    });
  }
  claimObjects(ctx);
  secretAndConfigObjects(ctx);
  const exposed: ExposedPorts = new Map();
  for (const plan of plans.values()) {
    const ports = serviceObjects(
      ctx,
      plan,
      `${plan.kind}/${plan.name} spec.template.spec`,
      exposed,
    );
    workloadObject(ctx, plan, ports);
  }
  jobWaiterObjects(ctx);
  networkPolicies(ctx, exposed);
  for (const key of Object.keys(project.models)) {
    report.resource({
      path: `models.${key}`,
      outcome: 'dropped',
      reason: "models need Docker's model runner",
    });
  }
  reportUncovered(ctx);
  const objects = sortObjects(ctx.objects);
  checkRules(objects, ctx.external);
  return { objects, report: report.build(), workloads: ctx.workloads };
}

/**
 * `convert --to kubernetes`: the objects, the files of the chosen format, and the report.
 * @throws ComposeError('USAGE') for bad options, ('CONVERT') when `strict` and something would
 *   be dropped, or when the project cannot be converted
 */
export function convertKubernetes(
  project: Project,
  options: KubernetesConvertOptions,
): ConversionResult {
  const format = options.format ?? 'manifests';
  const resolved = resolveOptions(project, options);
  const main = kubernetesObjects(project, resolved, format, options.locate);
  if (options.strict === true) checkStrict(main.report);
  let files;
  switch (format) {
    case 'manifests':
      files = manifestFiles(main.objects, project.name, options.singleFile === true);
      break;
    case 'kustomize': {
      // The base is the first stage, each later stage (the project itself last) an overlay.
      const layers = (options.stages ?? []).map((s) => ({
        file: s.file,
        objects: kubernetesObjects(s.project, resolveOptions(s.project, options), format).objects,
      }));
      layers.push({
        file: project.composeFiles[project.composeFiles.length - 1],
        objects: main.objects,
      });
      files = kustomizeFiles(project.name, layers);
      break;
    }
    case 'helm':
      files = helmFiles(project.name, main.objects, main.workloads);
      break;
  }
  return { target: 'kubernetes', format, objects: main.objects, files, report: main.report };
}
