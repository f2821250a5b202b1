// What a build needs of its builder, checked before anything is built: the build fields and
// Dockerfile features the classic builder lacks, and the ones the engine's own BuildKit (the
// buildx `docker` driver) lacks on Engine 20.10.
import type { ServiceConfig } from '../model/service.js';

/** One thing a build asks for that the chosen builder cannot do. */
export interface BuildNeed {
  /** `build.secrets`, `Dockerfile line 3 (RUN --mount)`, ... */
  readonly what: string;
}

/**
 * Dockerfile syntax only BuildKit reads (the classic builder rejects it). A `# syntax=` line is
 * not in the list: the classic builder reads it as a comment.
 */
const BUILDKIT_SYNTAX: readonly { readonly re: RegExp; readonly what: string }[] = [
  { re: /^\s*RUN\s+(?:--\S+\s+)*--mount[=\s]/i, what: 'RUN --mount' },
  { re: /^\s*RUN\s+(?:--\S+\s+)*--(?:network|security)[=\s]/i, what: 'RUN --network/--security' },
  {
    re: /^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*--(?:link|chmod|parents|exclude)\b/i,
    what: 'COPY/ADD --link/--chmod',
  },
  { re: /^\s*(?:RUN|COPY|ADD)\s+(?:--\S+\s+)*<<-?["']?[A-Za-z_]/i, what: 'a heredoc' },
];

/** The Dockerfile features of {@link BUILDKIT_SYNTAX} found, with their line numbers. */
export function buildkitSyntax(dockerfile: string): BuildNeed[] {
  const out: BuildNeed[] = [];
  dockerfile.split('\n').forEach((line, i) => {
    for (const { re, what } of BUILDKIT_SYNTAX) {
      if (re.test(line)) out.push({ what: `Dockerfile line ${i + 1} (${what})` });
    }
  });
  return out;
}

/** The build fields the classic builder (`POST /build`) cannot do. */
export function classicBuilderGaps(service: ServiceConfig): BuildNeed[] {
  const b = service.build;
  if (b === undefined) return [];
  const out: BuildNeed[] = [];
  const field = (name: string, present: boolean): void => {
    if (present) out.push({ what: `build.${name}` });
  };
  field('secrets', (b.secrets?.length ?? 0) > 0);
  field('ssh', (b.ssh?.length ?? 0) > 0);
  field('cache_to', (b.cacheTo?.length ?? 0) > 0);
  field('additional_contexts', Object.keys(b.additionalContexts ?? {}).length > 0);
  field('platforms', (b.platforms?.length ?? 0) > 1);
  field('no_cache_filter', (b.noCacheFilter?.length ?? 0) > 0);
  field('entitlements', (b.entitlements?.length ?? 0) > 0);
  field('privileged', b.privileged === true);
  return out;
}

/** What the engine's own BuildKit can do, for {@link dockerDriverGaps}. */
export interface EngineBuildkit {
  /**
   * The engine's built-in Dockerfile frontend reads named contexts (`additional_contexts`) and
   * heredocs: Engine 23+ (API 1.42+); Engine 20.10 has BuildKit 0.8 with frontend 1.2.
   */
  readonly modernFrontend: boolean;
}

/** Fields and syntax the buildx `docker` driver (the engine's own BuildKit) cannot do. */
export function dockerDriverGaps(
  service: ServiceConfig,
  engine: EngineBuildkit,
  dockerfile: string | undefined,
): BuildNeed[] {
  const b = service.build;
  if (b === undefined) return [];
  const out: BuildNeed[] = [];
  (b.cacheTo ?? []).forEach((spec, i) => {
    if (!/^type=inline(,|$)/.test(spec)) {
      out.push({
        what: `build.cache_to[${i}] ${JSON.stringify(spec)} (the engine's builder exports only type=inline cache)`,
      });
    }
  });
  if (!engine.modernFrontend) {
    if (Object.keys(b.additionalContexts ?? {}).length > 0) {
      out.push({
        what: "build.additional_contexts (named contexts need Engine 23+; Engine 20.10's builder has Dockerfile frontend 1.2)",
      });
    }
    if (dockerfile !== undefined) {
      for (const n of buildkitSyntax(dockerfile)) {
        if (n.what.endsWith('(a heredoc)')) {
          out.push({ what: `${n.what}: heredocs need Engine 23+ or a newer frontend image` });
        }
      }
    }
  }
  return out;
}

/**
 * `build.ssh` entries that forward the ssh agent (`default` without a path) when
 * `SSH_AUTH_SOCK` is not set: buildx would refuse them only once its run starts.
 */
export function sshAgentGaps(
  service: ServiceConfig,
  env: Readonly<Record<string, string | undefined>>,
): BuildNeed[] {
  const sock = env.SSH_AUTH_SOCK;
  if (sock !== undefined && sock !== '') return [];
  return (service.build?.ssh ?? [])
    .filter((k) => k.path === undefined || k.path === '')
    .map((k) => ({
      what: `build.ssh "${k.id}" (forwards the ssh agent of SSH_AUTH_SOCK, which is not set: start ssh-agent and ssh-add the key, or give the key's path, ${k.id}=~/.ssh/id_ed25519)`,
    }));
}
