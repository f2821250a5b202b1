import type { Extensions, Mapping, MappingWithEquals } from './extensions.js';
import type { FileReference, UlimitConfig } from './service-parts.js';
import type { Bytes } from './units.js';

/** `build:` of a service: how its image is built. */
export interface BuildConfig {
  /** Build context: an absolute directory once paths are resolved, or a URL. */
  readonly context?: string | undefined;
  /** Dockerfile, relative to the context. @default 'Dockerfile' (set by normalisation) */
  readonly dockerfile?: string | undefined;
  /** `dockerfile_inline`: the Dockerfile's text. */
  readonly dockerfileInline?: string | undefined;
  readonly entitlements?: readonly string[] | undefined;
  /** Build arguments; `null` for an argument without value. */
  readonly args?: MappingWithEquals | undefined;
  readonly provenance?: string | undefined;
  readonly sbom?: string | undefined;
  /** `ssh`: SSH agent sockets or keys to expose (`default`, or `id=path`). */
  readonly ssh?: readonly SshKey[] | undefined;
  readonly labels?: Mapping | undefined;
  /** `cache_from` */
  readonly cacheFrom?: readonly string[] | undefined;
  /** `cache_to` */
  readonly cacheTo?: readonly string[] | undefined;
  /** `no_cache` */
  readonly noCache?: boolean | undefined;
  /** `no_cache_filter` */
  readonly noCacheFilter?: readonly string[] | undefined;
  /** `additional_contexts`: name to directory, URL or `service:name`. */
  readonly additionalContexts?: Mapping | undefined;
  readonly pull?: boolean | undefined;
  /** `extra_hosts`: host name to addresses. */
  readonly extraHosts?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly isolation?: string | undefined;
  readonly network?: string | undefined;
  readonly target?: string | undefined;
  readonly secrets?: readonly FileReference[] | undefined;
  /** `shm_size` */
  readonly shmSize?: Bytes | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly ulimits?: Readonly<Record<string, UlimitConfig>> | undefined;
  readonly platforms?: readonly string[] | undefined;
  readonly privileged?: boolean | undefined;
  readonly extensions?: Extensions | undefined;
}

/** One `build.ssh` entry: `id` and the optional path (`default`, `id=~/.ssh/key`). */
export interface SshKey {
  readonly id: string;
  readonly path?: string | undefined;
}
