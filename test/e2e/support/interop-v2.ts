// The shared side of the interop-v2*.test.ts files: flotilla and docker compose 2.26.1 run on the
// same project directory (testdata/interop-v2), and what the engine then holds.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runFlotilla, type CliResult } from './cli.js';
import { runComposeV2 } from './compose-v2.js';
import type { EngineScope } from './engine.js';

/** The project directory of the interop-v2 tests. */
export const interopDir = join(import.meta.dirname, '..', 'testdata', 'interop-v2');
/** Its services. */
export const interopServices = ['cache', 'db', 'web', 'worker'];
/**
 * The services whose config hash docker compose 2.26.1 computes differently from current
 * compose (and flotilla): db (the secret's mode as a number, the network priority first), web
 * (depends_on, the short-syntax bind's create_host_path, the config's mode), worker
 * (depends_on).
 */
export const hashedDifferently = ['db', 'web', 'worker'];

/** A container as the tests compare them. */
export interface Seen {
  readonly id: string;
  readonly version: string;
  readonly hash: string;
  readonly state: string;
}

/** Both tools on one project of a test file's scope. */
export interface InteropProject {
  readonly name: string;
  flotilla(...args: string[]): Promise<CliResult>;
  compose(...args: string[]): Promise<CliResult>;
  /** The project's service containers (not one-offs) by container name. */
  containers(): Promise<Map<string, Seen>>;
  /** `<project>-<service>-<n>`. */
  container(service: string, n?: number): string;
}

/** The project `<scope prefix>-<suffix>` driven by both tools (classic builder for both). */
export function interopProject(scope: EngineScope, suffix: string): InteropProject {
  const name = scope.name(suffix);
  const env = { E2E_SCOPE: scope.prefix, NO_COLOR: '1', DOCKER_BUILDKIT: '0' };
  return {
    name,
    flotilla: (...args) =>
      runFlotilla(['-p', name, ...args], { cwd: interopDir, env: { ...process.env, ...env } }),
    compose: (...args) => runComposeV2(['-p', name, ...args], { cwd: interopDir, env }),
    async containers() {
      const list = await scope.engine.containers.list({
        all: true,
        filters: {
          label: [`com.docker.compose.project=${name}`, 'com.docker.compose.oneoff=False'],
        },
      });
      return new Map(
        list.map((c) => [
          c.Names[0].slice(1),
          {
            id: c.Id,
            version: c.Labels?.['com.docker.compose.version'] ?? '',
            hash: c.Labels?.['com.docker.compose.config-hash'] ?? '',
            state: c.State,
          },
        ]),
      );
    },
    container: (service, n = 1) => `${name}-${service}-${n}`,
  };
}

let ownVersion: string | undefined;

/** The `com.docker.compose.version` flotilla writes (what `flotilla version --short` prints). */
export async function flotillaLabelVersion(): Promise<string> {
  if (ownVersion === undefined) {
    const r = await runFlotilla(['version', '--short']);
    ok(r, 'flotilla version --short');
    ownVersion = r.stdout.trim();
  }
  return ownVersion;
}

/** Asserts a zero exit, with the command's stderr in the message. */
export function ok(r: CliResult, what: string): void {
  assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}`);
}

/** Names of the containers whose ID changed (or that are gone) between two observations. */
export function recreated(before: Map<string, Seen>, after: Map<string, Seen>): string[] {
  return [...before].filter(([n, c]) => after.get(n)?.id !== c.id).map(([n]) => n);
}

/** A tool's run with the project name replaced by `P` in its output. */
export interface ToolRun extends CliResult {
  /** The progress lines (` Container P-web-1 Started`), trailing spaces dropped and the
   * separator after the resource name made one space (2.26.1 writes two). */
  readonly events: string[];
}

/** Normalises a run of `project` for comparison with the other tool's run. */
export function normalised(r: CliResult, project: string): ToolRun {
  const swap = (text: string): string => text.split(project).join('P');
  const stderr = swap(r.stderr);
  const events = stderr
    .split('\n')
    .filter((line) => /^ (Container|Network|Volume|Image|Compose) /.test(line))
    .map((line) => line.trimEnd().replace(/^( \S+ \S+) {2}/, '$1 '));
  return { code: r.code, stdout: swap(r.stdout), stderr, events };
}
