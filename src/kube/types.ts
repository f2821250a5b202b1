/** Standard object metadata; only the fields flotilla reads are typed, the rest pass through. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  ownerReferences?: {
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
  }[];
  [field: string]: unknown;
}

/** Any Kubernetes object: `apiVersion`, `kind`, `metadata`, and kind-specific fields. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A list answer (`PodList`, ...). */
export interface KubeList<T = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/** Names an object without its content. `namespace` is ignored for cluster-scoped kinds. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string | undefined;
}

/** `GET /version`. */
export interface KubeVersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  buildDate: string;
  goVersion: string;
  platform: string;
}
