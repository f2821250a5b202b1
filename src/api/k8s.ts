/**
 * The contract of `flotilla k8s`: a compose project converted (as `convert --to kubernetes`)
 * and applied to a Kubernetes cluster with server-side apply, then listed, followed and removed
 * through the labels every object carries.
 */

/** Where the cluster is and which namespace the project lives in. */
export interface K8sTargetOptions {
  /** Namespace of the project's objects. @default the kubeconfig context's namespace */
  readonly namespace?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** What became of one object in a deploy. */
export type K8sObjectAction = 'created' | 'configured' | 'unchanged' | 'pruned' | 'removed';

/** One object of a deploy: `Deployment/web` and what was done to it. */
export interface K8sObjectResult {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string | undefined;
  readonly action: K8sObjectAction;
}

/** Progress of a deploy: objects as they are applied, then the rollout of each service. */
export type K8sDeployEvent =
  | { readonly type: 'object'; readonly object: K8sObjectResult }
  | {
      readonly type: 'rollout';
      /** The compose service. */
      readonly service: string;
      /** `Deployment/web`. */
      readonly workload: string;
      readonly ready: number;
      readonly desired: number;
      /** `waiting`, `ready`, or `failed` (with `details`). */
      readonly state: 'waiting' | 'ready' | 'failed';
      readonly details?: string | undefined;
    };

/** `flotilla k8s deploy`. */
export interface K8sDeployOptions extends K8sTargetOptions {
  /** Deploy only these services (and what they need). @default every service */
  readonly services?: readonly string[] | undefined;
  /** Wait until every workload has rolled out (Jobs completed). @default false */
  readonly wait?: boolean | undefined;
  /** Give up waiting after this many seconds. @default 300 */
  readonly waitTimeout?: number | undefined;
  /**
   * Delete the project's objects that the project no longer makes (claims are kept). With
   * `services`, only those services' objects are considered. @default false
   */
  readonly prune?: boolean | undefined;
  /**
   * `imagePullPolicy` of every container (`Never` for images present on the nodes' engine).
   * @default what the conversion chose (from `pull_policy`)
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never' | undefined;
  /** Image of the init containers that wait for a dependency. @default 'busybox:1.36' */
  readonly waitImage?: string | undefined;
  /**
   * The image each service runs, by service key, over the compose file's: what was built and
   * pushed before deploying (`k8s deploy --build --push` passes `registry/app@sha256:...`).
   * @default none
   */
  readonly images?: Readonly<Record<string, string>> | undefined;
  /** Claim size of the volumes. @default '1Gi' */
  readonly volumeSize?: string | undefined;
  /** `storageClassName` of the claims. @default the cluster's default class */
  readonly storageClass?: string | undefined;
  /** Receives progress. @default none */
  readonly onEvent?: ((event: K8sDeployEvent) => void) | undefined;
}

/** What `k8s deploy` did. */
export interface K8sDeployResult {
  readonly namespace: string;
  /** Every object of the project, in apply order, then the pruned ones. */
  readonly objects: readonly K8sObjectResult[];
  /** Workloads whose rollout was waited for, with the time it took (with `wait`). */
  readonly rollouts: readonly {
    readonly service: string;
    readonly workload: string;
    readonly ms: number;
  }[];
}

/** One pod of the project (`flotilla k8s ps`). */
export interface K8sPod {
  readonly name: string;
  readonly service: string;
  /** `Deployment/web`, from the pod's owner (a ReplicaSet stands for its Deployment). */
  readonly workload: string;
  /** `Running`, `Pending`, `Succeeded`, `Failed`, or a container's waiting reason (`CrashLoopBackOff`). */
  readonly status: string;
  readonly ready: string;
  readonly restarts: number;
  readonly ip?: string | undefined;
  readonly node?: string | undefined;
  /** ISO time the pod was created. */
  readonly created: string;
}

/** `flotilla k8s logs`. */
export interface K8sLogsOptions extends K8sTargetOptions {
  /** Keep following the logs until the signal aborts. @default false */
  readonly follow?: boolean | undefined;
  /** Only the last lines of each pod. */
  readonly tail?: number | undefined;
  /** Receives each line (without its newline) with the pod it comes from. */
  readonly onLine: (line: {
    readonly service: string;
    readonly pod: string;
    readonly text: string;
  }) => void;
}

/** `flotilla k8s rm`. */
export interface K8sRemoveOptions extends K8sTargetOptions {
  /** Remove the PersistentVolumeClaims too (their data goes with them). @default false */
  readonly volumes?: boolean | undefined;
}

/** What `k8s rm` removed and kept. */
export interface K8sRemoveResult {
  readonly removed: readonly K8sObjectResult[];
  /** Claims left in place (without `volumes`). */
  readonly kept: readonly K8sObjectResult[];
}
