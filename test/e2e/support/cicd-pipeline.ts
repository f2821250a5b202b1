// examples/cicd/pipeline.sh as the end-to-end tests run it: a copy of the example in a git
// repository of its own (the pipeline tags images with the commit id), commits, runs, and
// what a run leaves in the registry and on the runner's engine.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineClient } from '../../../src/engine/index.js';
import { flotillaBin, repoRoot, type CliResult } from './cli.js';
import { run } from './swarm.js';

/** The registry of scripts/setup/registry.sh that the pipeline pushes to. */
export const LOCAL_REGISTRY = '127.0.0.1:5050';

const DROPPED_ENV = new Set([
  'DOCKER_HOST',
  'DOCKER_CONTEXT',
  'COMPOSE_PROJECT_NAME',
  'COMPOSE_FILE',
  'TAG',
  'GITHUB_SHA',
  'CI_COMMIT_SHA',
]);

/** One copy of the example, with its git repository. */
export interface PipelineRepo {
  readonly dir: string;
  /** Commits the work tree; returns the commit id. */
  commit(message: string): Promise<string>;
  /** Replaces `from` (which must be there) by `to` in a file of the work tree. */
  edit(file: string, from: string, to: string): void;
  /**
   * Runs pipeline.sh (with `stages`, or all of them) on the checked-out commit with `env` added;
   * its output is stdout and stderr together.
   */
  pipeline(env: NodeJS.ProcessEnv, stages?: readonly string[]): Promise<CliResult>;
  /** A report the last run wrote (reports/FILE), parsed. */
  report(file: string): unknown;
  remove(): void;
}

/** Copies examples/cicd into a new temporary git repository. */
export async function pipelineRepo(): Promise<PipelineRepo> {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-e2e-cicd-'));
  cpSync(join(repoRoot, 'examples/cicd'), dir, {
    recursive: true,
    filter: (src) => !src.includes('/reports'),
  });
  const git = async (...args: string[]): Promise<string> => {
    const r = await run('git', args, { cwd: dir });
    assert.equal(r.code, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  await git('init', '-q');
  return {
    dir,
    async commit(message) {
      await git('add', '-A');
      await git('-c', 'user.name=ci', '-c', 'user.email=ci@example.com', 'commit', '-qm', message);
      return git('rev-parse', 'HEAD');
    },
    edit(file, from, to) {
      const path = join(dir, file);
      const text = readFileSync(path, 'utf8');
      assert.ok(text.includes(from), `${file} has ${JSON.stringify(from)}`);
      writeFileSync(path, text.replace(from, to));
    },
    pipeline(extra, stages = []) {
      // The runner's engine is the default one; the tag is the checked-out commit.
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !DROPPED_ENV.has(k)),
      );
      return run('bash', ['-c', 'exec bash pipeline.sh "$@" 2>&1', 'pipeline', ...stages], {
        cwd: dir,
        env: {
          ...env,
          FLOTILLA: `${process.execPath} ${flotillaBin}`,
          REGISTRY: LOCAL_REGISTRY,
          ...extra,
        },
        timeoutMs: 20 * 60_000,
      });
    },
    report(file) {
      return JSON.parse(readFileSync(join(dir, 'reports', file), 'utf8')) as unknown;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The stage lines of a run's output: `build ok`, `unit FAILED (exit 1)`, ... */
export function stageResults(output: string): string[] {
  return [...output.matchAll(/^<== (\S+): (ok|FAILED \(exit \d+\)) in \d+ ms$/gm)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
}

/** The tags of `repo/web` in the local registry (none when it has no such repository). */
export async function registryTags(repo: string): Promise<string[]> {
  const res = await fetch(`http://${LOCAL_REGISTRY}/v2/${repo}/web/tags/list`);
  if (res.status === 404) return [];
  assert.equal(res.status, 200);
  return ((await res.json()) as { tags: string[] | null }).tags ?? [];
}

/** Nothing of the test project is left on the runner's engine. */
export async function assertProjectGone(engine: EngineClient, project: string): Promise<void> {
  const filters = { label: [`com.docker.compose.project=${project}`] };
  assert.deepEqual(await engine.containers.list({ all: true, filters }), []);
  assert.deepEqual(await engine.networks.list({ filters }), []);
  assert.deepEqual((await engine.volumes.list({ filters })).Volumes, []);
}

/** The summary a run ends with: its verdict and each stage's duration. */
export function summary(output: string): string {
  const at = output.lastIndexOf('\npipeline: ');
  return at < 0 ? '(no summary)' : output.slice(at + 1).trimEnd();
}

/** A stage's output, from its `==> NAME` line to the next stage (for an assertion's message). */
export function stageOutput(output: string, name: string): string {
  const start = output.indexOf(`==> ${name}\n`);
  if (start < 0) return `(no stage ${name})`;
  const end = output.indexOf('\n==> ', start + 1);
  return output.slice(start, end < 0 ? undefined : end);
}
