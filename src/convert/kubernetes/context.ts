/**
 * What the parts of the Kubernetes converter share while converting one project: the resolved
 * options, the plan of every service (its workload kind, its name, how it is reached), the
 * objects made so far, the names taken and the report.
 */
import type { ExposeRule, KubernetesObject, ReportOutcome } from '../../api/convert.js';
import type { Project } from '../../model/project.js';
import type { ServiceConfig } from '../../model/service.js';
import type { ReportBuilder } from '../report.js';
import { NameTable } from './names.js';

/** The options with their defaults applied. */
export interface ResolvedOptions {
  readonly namespace: string | undefined;
  readonly expose: readonly ExposeRule[];
  readonly volumeSize: string;
  readonly volumeSizes: Readonly<Record<string, string>>;
  readonly storageClass: string | undefined;
  readonly hostPath: boolean;
  readonly waitImage: string;
  readonly kubectlImage: string;
  /** Secret objects with their values in the output (see KubernetesConvertOptions). */
  readonly includeSecrets: boolean;
  /** Images by service key, over the compose file's (see KubernetesConvertOptions). */
  readonly images: Readonly<Record<string, string>>;
  readonly readFile: (path: string) => Uint8Array | undefined;
}

/** The kinds of object that run a service. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';

/** One port of a service's Kubernetes Service. */
export interface PlannedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly appProtocol?: string | undefined;
}

/** How one compose service is converted, decided before any object is made. */
export interface ServicePlan {
  /** The compose key. */
  readonly key: string;
  readonly config: ServiceConfig;
  /** Its Kubernetes name (workload, Service, label value). */
  readonly name: string;
  readonly kind: WorkloadKind;
  /** Why that kind, for the report. */
  readonly kindReason: string;
  readonly replicas: number;
  /** The Service that makes it reachable by name, if any. */
  readonly service?:
    | {
        readonly name: string;
        /** No cluster IP: the name resolves to the pods (compose's DNS round robin). */
        readonly headless: boolean;
        readonly ports: readonly PlannedPort[];
      }
    | undefined;
  /** The compose networks it joins (none with `network_mode`). */
  readonly networks: readonly string[];
}

/** What the Helm chart templates of a service: where its image, replicas, resources and env are. */
export interface WorkloadHint {
  readonly key: string;
  readonly kind: WorkloadKind;
  readonly name: string;
  /** The ConfigMap of its plain environment variables, if any. */
  readonly envConfigMap?: string | undefined;
}

/** State of one conversion. */
export class KubeContext {
  readonly objects: KubernetesObject[] = [];
  /** Names taken, per kind. */
  private readonly tables = new Map<string, NameTable>();
  /** Objects the manifests refer to without making them (external secrets, claims). */
  readonly external = {
    Secret: new Set<string>(),
    ConfigMap: new Set<string>(),
    PersistentVolumeClaim: new Set<string>(),
  };
  /** Label name of each compose network. */
  readonly networkNames = new Map<string, string>();
  /** Services whose pods wait for a Job (they need the waiter's ServiceAccount). */
  readonly jobWaiters = new Set<string>();
  /** The workload of each service, for the Helm chart. */
  readonly workloads: WorkloadHint[] = [];

  constructor(
    readonly project: Project,
    readonly projectLabel: string,
    readonly options: ResolvedOptions,
    readonly report: ReportBuilder,
    readonly plans: ReadonlyMap<string, ServicePlan>,
  ) {}

  /** The plan of a service. */
  plan(key: string): ServicePlan {
    const plan = this.plans.get(key);
    if (plan === undefined) throw new Error(`no plan for service ${key}`);
    return plan;
  }

  /** Takes a name for an object of `kind` (see {@link NameTable.claim}). */
  claim(kind: string, name: string, owner: string): string {
    let table = this.tables.get(kind);
    if (table === undefined) {
      table = new NameTable(kind);
      this.tables.set(kind, table);
    }
    return table.claim(name, owner);
  }

  /** Adds an object, with the namespace when one was asked for. */
  add(object: KubernetesObject): void {
    const ns = this.options.namespace;
    const metadata = ns === undefined ? object.metadata : { ...object.metadata, namespace: ns };
    const { apiVersion, kind, ...rest } = object;
    this.objects.push({ apiVersion, kind, ...rest, metadata });
  }

  /** Reports on a service's field. `sub` is the path below `services.<key>`. */
  note(key: string, sub: string, outcome: ReportOutcome, reason: string, target?: string): void {
    const path = sub === '' ? `services.${key}` : `services.${key}.${sub}`;
    this.report.service(key, { path, outcome, reason, target });
  }
}

/** `Kind/name` as the report shows an object. */
export function ref(kind: string, name: string, where?: string): string {
  return where === undefined ? `${kind}/${name}` : `${kind}/${name} ${where}`;
}
