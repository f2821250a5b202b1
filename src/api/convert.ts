import type { Project } from '../model/project.js';
import type { SourceLocation } from './errors.js';

/**
 * The contract of `convert`: a loaded project becomes the files of another platform
 * (Kubernetes manifests, a Kustomize tree, a Helm chart; later an ECS template), together with a
 * {@link ConversionReport} that says, for every field the compose files set, what became of it.
 */

/**
 * Finds where a model path is written in the compose files: `services.web.ports[0]` to
 * `compose.yaml:7:7`. The loader builds one ({@link loadProjectWithSources}); without it the
 * report has paths and no locations.
 */
export type SourceLocator = (path: string) => SourceLocation | undefined;

/** What became of one compose field. */
export type ReportOutcome =
  /** Kubernetes (or the target) expresses the same behaviour. */
  | 'mapped'
  /** Expressed with a difference the reason explains (another default, a weaker guarantee). */
  | 'approximated'
  /** Not expressed at all: the converted application does without it. */
  | 'dropped';

/**
 * One line of the report: a compose field (or a whole top-level resource) and its outcome.
 * Never holds an environment value, a secret's or a config's content, or a command line: the
 * report is printed and written to disk.
 */
export interface ReportEntry {
  /** Dotted model path, as in errors: `services.web.deploy.resources.limits.memory`. */
  readonly path: string;
  readonly outcome: ReportOutcome;
  /**
   * What the field became, `Kind/name` and where in it: `Deployment/web
   * spec.template.spec.containers[0].image`. Absent when dropped.
   */
  readonly target?: string | undefined;
  /** Why: the rule applied, the difference, or what to do instead. */
  readonly reason: string;
  /** Where the field is written (the last file that sets it), when a locator was given. */
  readonly location?: SourceLocation | undefined;
}

/** The report of one service. */
export interface ServiceReport {
  readonly service: string;
  /** The object that runs the service (`Deployment/web`), and why that kind was chosen. */
  readonly workload?: { readonly kind: string; readonly name: string; readonly reason: string };
  /** Every field the service sets, in the order the converter met them. */
  readonly entries: readonly ReportEntry[];
}

/** Counts of the report's entries by outcome. */
export type ReportSummary = Readonly<Record<ReportOutcome, number>>;

/**
 * The conversion report: per service, every field mapped, approximated or dropped, with the
 * compose file:line:col of the field and a reason; top-level resources apart. Shared by every
 * target (`kubernetes`, `ecs`); `--report FILE` writes it as JSON.
 */
export interface ConversionReport {
  /** The target platform: `kubernetes`, `ecs`. */
  readonly target: string;
  /** The output format (`manifests`, `kustomize`, `helm`, `cloudformation`). */
  readonly format: string;
  readonly project: string;
  readonly services: readonly ServiceReport[];
  /** Top-level networks, volumes, secrets, configs, models and project keys. */
  readonly resources: readonly ReportEntry[];
  readonly summary: ReportSummary;
}

/** One file of the output, relative to the output directory (`/`-separated). */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/** A Kubernetes object as written to the manifests: plain JSON data. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string | undefined;
    readonly labels?: Readonly<Record<string, string>> | undefined;
    readonly annotations?: Readonly<Record<string, string>> | undefined;
  };
  readonly [key: string]: unknown;
}

/** How the published ports of a service are reachable from outside the cluster. */
export interface ExposeRule {
  /** The service the rule is for; absent: every service with published ports. */
  readonly service?: string | undefined;
  /**
   * `nodeport`: a NodePort Service (the published port when it is in 30000-32767);
   * `loadbalancer`: a LoadBalancer Service on the published ports; `ingress`: an Ingress for
   * `host` to the service's first published port (HTTP); `hostport`: `hostPort` on the
   * container, as `docker run -p` (only when asked: it pins pods to nodes).
   */
  readonly mode: 'nodeport' | 'loadbalancer' | 'ingress' | 'hostport';
  /** The Ingress host name (`ingress` only). */
  readonly host?: string | undefined;
}

/** Output formats of the Kubernetes converter. */
export type KubernetesFormat = 'manifests' | 'kustomize' | 'helm';

/** Options every target shares. */
export interface ConvertCommonOptions {
  /**
   * Fail, before any output exists, when something would be dropped.
   * @default false
   */
  readonly strict?: boolean | undefined;
  /** Locates fields for the report. @default none: entries have no location */
  readonly locate?: SourceLocator | undefined;
  /**
   * Reads a file the conversion needs (secret and config files, bind-mounted files);
   * undefined when it is not a readable regular file.
   * @default node's readFileSync, for regular files only
   */
  readonly readFile?: ((path: string) => Uint8Array | undefined) | undefined;
}

/** `flotilla convert --to kubernetes`. */
export interface KubernetesConvertOptions extends ConvertCommonOptions {
  readonly to: 'kubernetes';
  /** @default 'manifests' */
  readonly format?: KubernetesFormat | undefined;
  /** Namespace written into every object (and the Kustomize base). @default none */
  readonly namespace?: string | undefined;
  /** Manifests in one file (`manifests.yaml`) instead of one file per kind. @default false */
  readonly singleFile?: boolean | undefined;
  /** Exposure of published ports. @default none: ClusterIP Services only */
  readonly expose?: readonly ExposeRule[] | undefined;
  /**
   * Size of each PersistentVolumeClaim, unless the volume's label `flotilla.kubernetes.size`
   * sets one. @default '1Gi'
   */
  readonly volumeSize?: string | undefined;
  /** Per volume (top-level key) sizes, over the label and the default. */
  readonly volumeSizes?: Readonly<Record<string, string>> | undefined;
  /** `storageClassName` of the claims. @default the cluster's default class */
  readonly storageClass?: string | undefined;
  /** Bind mounts of directories (and of files outside the project) become hostPath volumes. @default false */
  readonly hostPath?: boolean | undefined;
  /** Image of the init containers that wait for a dependency's Service. @default 'busybox:1.36' */
  readonly waitImage?: string | undefined;
  /** Image of the init containers that wait for a Job (runs kubectl). @default 'bitnami/kubectl:1.20' */
  readonly kubectlImage?: string | undefined;
  /**
   * Write the Secrets with their values: the contents of the compose `secrets` (from their file
   * or variable) and the environment variables that look like credentials. By default the
   * Secret objects are left out (the pods still refer to them) and the report says how to
   * create each one, so that no secret value reaches the output. `k8s deploy` converts with
   * this set and sends the Secrets to the API server only.
   * @default false
   */
  readonly includeSecrets?: boolean | undefined;
  /**
   * The image each service runs, by service key, over what the compose file names: the images
   * `k8s deploy --build --push` built and pushed, pinned by digest. @default none
   */
  readonly images?: Readonly<Record<string, string>> | undefined;
  /**
   * For Kustomize: the project as loaded from the first k compose files, for k = 1 .. n-1 (the
   * base, then one overlay per override file; the last overlay is the project itself). Absent:
   * the base only.
   */
  readonly stages?: readonly ConvertStage[] | undefined;
}

/** One stage of a project read from several compose files. */
export interface ConvertStage {
  /** The last compose file read for this stage. */
  readonly file: string;
  /** The project as loaded from the compose files up to and including `file`. */
  readonly project: Project;
}

/** CPU architecture of Fargate tasks. */
export type FargateArch = 'x86_64' | 'arm64';

/** `flotilla convert --to ecs`: a CloudFormation template for ECS on Fargate. */
export interface EcsConvertOptions extends ConvertCommonOptions {
  readonly to: 'ecs';
  /** @default 'cloudformation' (the only format) */
  readonly format?: 'cloudformation' | undefined;
  /** CPU architecture of every task. @default 'x86_64' */
  readonly arch?: FargateArch | undefined;
  /**
   * Named volumes (top-level keys) to put on ECS-managed EBS volumes instead of EFS. Each must
   * be used by one service that runs one task.
   * @default none: every named volume is an EFS access point
   */
  readonly ebsVolumes?: readonly string[] | undefined;
  /** Size of each ECS-managed EBS volume, in GiB. @default 20 */
  readonly ebsSizeGiB?: number | undefined;
  /** Days CloudWatch keeps the logs. @default 30 */
  readonly logRetentionDays?: number | undefined;
  /** The template as JSON instead of YAML. @default false */
  readonly json?: boolean | undefined;
}

/** Options of `convert`: the target and its options. */
export type ConvertOptions = KubernetesConvertOptions | EcsConvertOptions;

/** A CloudFormation template as plain JSON data. */
export interface CloudFormationTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Parameters: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly Resources: Readonly<Record<string, CloudFormationResource>>;
  readonly Outputs?: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined;
}

/** One resource of a template. */
export interface CloudFormationResource {
  readonly Type: string;
  readonly Properties: Readonly<Record<string, unknown>>;
  readonly DependsOn?: readonly string[] | undefined;
  readonly DeletionPolicy?: string | undefined;
  readonly UpdateReplacePolicy?: string | undefined;
}

/** What `convert` returns. */
export interface ConversionResult {
  readonly target: string;
  readonly format: string;
  /** The objects of the conversion, in output order (Kubernetes; empty for ECS). */
  readonly objects: readonly KubernetesObject[];
  /** The CloudFormation template (ECS). */
  readonly template?: CloudFormationTemplate | undefined;
  /** The output files, ready to be written under the output directory. */
  readonly files: readonly OutputFile[];
  readonly report: ConversionReport;
}
