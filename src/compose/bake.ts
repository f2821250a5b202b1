// Building with BuildKit: runs `docker buildx bake` on a generated definition (JSON on its
// standard input), as docker compose 2.33+ delegates builds to bake.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComposeError } from '../api/errors.js';
import type { BakeBuild, BakeDefinition } from './bake-definition.js';
import type { ComposeContext } from './context.js';

/**
 * The buildx process's environment: this process's, the `type=env` secrets' variables, and
 * `BUILDX_BAKE_ENTITLEMENTS_FS=0`. buildx 0.19+ asks for a grant (`--allow fs.read=PATH`, an
 * error from 0.20) to read contexts outside the working directory; buildx 0.13 knows no
 * `--allow`. The definition is flotilla's own, made from the compose file, so the check guards
 * nothing here (docker compose grants every local context for the same reason). With `gitInfo`
 * false, `BUILDX_GIT_INFO=false` spares buildx its git calls, unless the user set that variable.
 */
export function bakeEnv(
  bake: Pick<BakeBuild, 'secretEnv'>,
  gitInfo?: boolean,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const git = gitInfo === false && env.BUILDX_GIT_INFO === undefined;
  return {
    ...env,
    ...bake.secretEnv,
    BUILDX_BAKE_ENTITLEMENTS_FS: '0',
    ...(git ? { BUILDX_GIT_INFO: 'false' } : {}),
  };
}

/** Options of {@link runBake}. */
export interface RunBakeOptions {
  /** The services whose targets are built (their bake targets are in `bake.targets`). */
  readonly services: readonly string[];
  /** bake's `--builder`: the buildx builder to use. */
  readonly builder?: string | undefined;
  /** bake's `--sbom` / `--provenance`, for every target. */
  readonly sbom?: string | undefined;
  readonly provenance?: string | undefined;
  /** False: buildx gathers no git information (the builder choice's `gitInfo`). */
  readonly gitInfo?: boolean | undefined;
  readonly quiet?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Receives each plain progress line when no {@link BuildkitOutput.write} is set. */
  readonly onLine?: ((line: string) => void) | undefined;
}

/** The error lines of buildx's output (`ERROR: ...` and what follows it), for the message. */
export function bakeErrorText(lines: readonly string[]): string {
  const at = lines.findIndex((l) => l.startsWith('ERROR:'));
  const picked = at < 0 ? lines.slice(-5) : lines.slice(at);
  return picked
    .map((l) => l.replace(/^ERROR:\s*/, '').trim())
    .filter((l) => l !== '')
    .join('\n');
}

/** The built image ID by bake target, from bake's `--metadata-file`. */
async function bakeIds(metadata: string, targets: readonly string[]): Promise<Map<string, string>> {
  const meta = JSON.parse(await readFile(metadata, 'utf8')) as Record<
    string,
    { 'containerimage.digest'?: string; 'containerimage.config.digest'?: string } | undefined
  >;
  const ids = new Map<string, string>();
  for (const t of targets) {
    // The image's ID in the engine is its config's digest; `containerimage.digest` is that only
    // for the engine's own builder (a loaded image from another builder: its manifest's).
    const digest = meta[t]?.['containerimage.config.digest'] ?? meta[t]?.['containerimage.digest'];
    if (digest !== undefined) ids.set(t, digest);
  }
  return ids;
}

/** `buildx bake`'s arguments before the targets. */
export function bakeArgs(progress: string, metadata: string, options: RunBakeOptions): string[] {
  const args = ['bake', '--file', '-', '--progress', progress, '--metadata-file', metadata];
  if (options.builder !== undefined) args.push('--builder', options.builder);
  if (options.sbom !== undefined) args.push(`--sbom=${options.sbom}`);
  if (options.provenance !== undefined) args.push(`--provenance=${options.provenance}`);
  return args;
}

/**
 * Runs `buildx bake --file - TARGET...` with the definition on stdin and `type=env` secrets in
 * its environment only.
 * @returns the built image ID by bake target (from `--metadata-file`)
 * @throws ComposeError `BUILD` with buildx's error text naming the services
 */
export async function runBake(
  ctx: ComposeContext,
  buildx: string,
  bake: BakeBuild,
  options: RunBakeOptions,
): Promise<Map<string, string>> {
  const out = ctx.buildkitOutput;
  const tty = out?.tty === true && options.quiet !== true;
  const targets = options.services.map((s) => bake.targets.get(s) ?? s);
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-bake-'));
  const metadata = join(dir, 'metadata.json');
  const args = bakeArgs(
    options.quiet === true ? 'quiet' : tty ? 'tty' : 'plain',
    metadata,
    options,
  );
  try {
    const lines: string[] = [];
    const status = await new Promise<number>((done, fail) => {
      const child = spawn(buildx, [...args, ...targets], {
        env: bakeEnv(bake, options.gitInfo),
        stdio: ['pipe', 'pipe', tty ? 'inherit' : 'pipe'],
        signal: options.signal,
      });
      child.on('error', fail);
      child.on('close', (code) => {
        done(code ?? 1);
      });
      const onText = (text: string): void => {
        for (const line of text.split('\n')) {
          if (line === '') continue;
          lines.push(line);
          if (lines.length > 200) lines.shift();
          if (options.quiet === true) continue;
          if (out?.write !== undefined) out.write(line);
          else options.onLine?.(line);
        }
      };
      let pending = '';
      const take = (chunk: Buffer): void => {
        pending += chunk.toString('utf8');
        const end = pending.lastIndexOf('\n');
        if (end < 0) return;
        onText(pending.slice(0, end));
        pending = pending.slice(end + 1);
      };
      child.stderr?.on('data', take);
      child.stdout?.on('data', take);
      child.on('close', () => {
        if (pending !== '') onText(pending);
      });
      child.stdin?.end(JSON.stringify(bake.definition));
    });
    if (status !== 0) {
      const names = options.services.map((s) => `"${s}"`).join(', ');
      const why = tty
        ? `docker buildx bake exited with status ${status} (its output is above)`
        : bakeErrorText(lines);
      throw new ComposeError('BUILD', `build of service ${names} failed: ${why}`);
    }
    return await bakeIds(metadata, targets);
  } catch (err) {
    if (err instanceof ComposeError) throw err;
    throw new ComposeError(
      'BUILD',
      `cannot run docker buildx bake (${buildx}): ${(err as Error).message}`,
      { cause: err },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The keys a bake target may carry that older buildx versions drop without a word. */
const DROPPABLE = ['network', 'extra-hosts', 'entitlements'] as const;

/**
 * The target keys this buildx drops from the definition (buildx before 0.14 ignores `network`,
 * `extra-hosts`, `entitlements`): asked of `buildx bake --print`, only when a target has one.
 * @returns `target.key` entries that the printed definition lacks
 */
export async function droppedKeys(buildx: string, bake: BakeBuild): Promise<string[]> {
  const asked = Object.entries(bake.definition.target).flatMap(([name, t]) =>
    DROPPABLE.filter((k) => t[k] !== undefined).map((k) => [name, k] as const),
  );
  if (asked.length === 0) return [];
  const printed = await new Promise<string>((done, fail) => {
    const child = spawn(buildx, ['bake', '--file', '-', '--print'], {
      env: bakeEnv(bake),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.on('error', fail);
    child.on('close', () => {
      done(text);
    });
    child.stdin.end(JSON.stringify(bake.definition));
  });
  let seen: BakeDefinition['target'] = {};
  try {
    seen = (JSON.parse(printed) as Partial<BakeDefinition>).target ?? {};
  } catch {
    return []; // the build itself reports what made --print fail
  }
  return asked
    .filter(([name, k]) => (Object.hasOwn(seen, name) ? seen[name][k] : undefined) === undefined)
    .map(([n, k]) => `${n}.${k}`);
}
