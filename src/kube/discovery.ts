/** One kind an API server serves, from its discovery documents. */
export interface ApiResource {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly version: string;
  /** `v1`, `apps/v1`, ... as objects spell it. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The plural resource name used in paths, e.g. `deployments`. */
  readonly name: string;
  readonly namespaced: boolean;
  /** e.g. `create`, `get`, `list`, `patch`, `delete`, `watch`. */
  readonly verbs: readonly string[];
  readonly shortNames: readonly string[];
}

/** The answer of `GET /api/<v>` or `GET /apis/<group>/<v>`. */
export interface ApiResourceListDocument {
  groupVersion: string;
  resources: {
    name: string;
    kind: string;
    namespaced: boolean;
    verbs?: string[];
    shortNames?: string[];
  }[];
}

/**
 * What an API server serves: its group/versions and, per apiVersion and kind, the resource to
 * use in paths. Built by {@link KubeClient.discover}.
 */
export class ApiResources {
  private readonly byKind = new Map<string, ApiResource>();
  private readonly served = new Set<string>();

  /** @param documents one resource list per served group/version */
  constructor(documents: readonly ApiResourceListDocument[]) {
    for (const doc of documents) {
      this.served.add(doc.groupVersion);
      const slash = doc.groupVersion.indexOf('/');
      const group = slash === -1 ? '' : doc.groupVersion.slice(0, slash);
      const version = doc.groupVersion.slice(slash + 1);
      for (const r of doc.resources) {
        if (r.name.includes('/')) continue; // subresources: status, scale, log, exec...
        const resource: ApiResource = {
          group,
          version,
          apiVersion: doc.groupVersion,
          kind: r.kind,
          name: r.name,
          namespaced: r.namespaced,
          verbs: r.verbs ?? [],
          shortNames: r.shortNames ?? [],
        };
        const key = `${doc.groupVersion}/${r.kind}`;
        if (!this.byKind.has(key)) this.byKind.set(key, resource);
      }
    }
  }

  /** The resource serving `kind` at `apiVersion`, or undefined when the server has none. */
  find(apiVersion: string, kind: string): ApiResource | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** True when the server serves this group/version at all (`batch/v1`, `v1`). */
  servesGroupVersion(apiVersion: string): boolean {
    return this.served.has(apiVersion);
  }

  /** Every group/version served, sorted. */
  groupVersions(): string[] {
    return [...this.served].sort();
  }

  /** Every resource, in discovery order. */
  all(): ApiResource[] {
    return [...this.byKind.values()];
  }

  /** The served apiVersions that have `kind` (other versions of a kind one asked for). */
  versionsOf(kind: string): string[] {
    return this.all()
      .filter((r) => r.kind === kind)
      .map((r) => r.apiVersion);
  }
}
