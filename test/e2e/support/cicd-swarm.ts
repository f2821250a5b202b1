// The set-up the swarm tests of examples/cicd/pipeline.sh share: a copy of the example in its
// own git repository, the main engine as the CI runner, the local registry (127.0.0.1:5050)
// relayed into the swarm's nodes, a stack and a published port of the test file's own, and the
// removal of everything the runs made (stack, images on the main engine and on the nodes).
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { CliResult } from './cli.js';
import { ensureBuilt, repoRoot } from './cli.js';
import { LOCAL_REGISTRY, pipelineRepo, type PipelineRepo } from './cicd-pipeline.js';
import { engineScope, type EngineScope } from './engine.js';
import { relayRegistryToNodes, type RegistryRelay } from './registry-relay.js';
import {
  curlFromHub,
  dockerOn,
  MANAGER,
  NODE_ADDRESSES,
  removeEverywhere,
  swarmScope,
  type SwarmScope,
} from './swarm.js';

/** One test file's pipeline on the swarm. */
export interface SwarmPipeline {
  readonly swarm: SwarmScope;
  /** The runner's engine; its prefix is the test project's name. */
  readonly scope: EngineScope;
  readonly stack: string;
  readonly imageRepo: string;
  /** The copy of the example (available once the file's `before` ran). */
  repo(): PipelineRepo;
  /** Commits the work tree as a release; returns the commit id (the image tag). */
  commit(message: string): Promise<string>;
  /** Runs pipeline.sh (all stages, or `stages`) against the swarm. */
  run(stages?: readonly string[]): Promise<CliResult>;
  /** `GET /version` of each node, from the cluster's network. */
  versions(): Promise<(string | undefined)[]>;
}

/** Registers the file's set-up and clean-up; `topic` names its stack and scope. */
export function swarmPipeline(topic: string): SwarmPipeline {
  const swarm = swarmScope(topic);
  const scope = engineScope(topic);
  const stack = swarm.stack('1');
  const imageRepo = `e2e-${topic}-${randomBytes(3).toString('hex')}`;
  const port = 15000 + randomInt(1000);
  const released: string[] = [];
  let relay: RegistryRelay | undefined;
  let repo: PipelineRepo | undefined;

  before(
    async () => {
      ensureBuilt();
      relay = await relayRegistryToNodes(5050);
      repo = await pipelineRepo();
    },
    { timeout: 120_000 },
  );
  after(
    async () => {
      try {
        await removeEverywhere(swarm.nodes, stack);
        // The images the runs tagged; the registry's tags are unique to this file's run (its
        // repository name and commit ids) and stay.
        for (const tag of released) {
          await scope.engine.images
            .remove(`${LOCAL_REGISTRY}/${imageRepo}/web:${tag}`)
            .catch(() => undefined);
        }
        // The nodes pulled them by digest: untagged, found by repository.
        for (const n of [1, 2, 3]) {
          const ids = await dockerOn(n, [
            'image',
            'ls',
            '-q',
            `${LOCAL_REGISTRY}/${imageRepo}/web`,
          ]);
          const unique = [...new Set(ids.stdout.split('\n').filter((id) => id !== ''))];
          if (unique.length > 0) await dockerOn(n, ['image', 'rm', ...unique]);
        }
      } finally {
        await relay?.stop();
        repo?.remove();
      }
    },
    { timeout: 300_000 },
  );

  const self: SwarmPipeline = {
    swarm,
    scope,
    stack,
    imageRepo,
    repo() {
      assert.ok(repo !== undefined, 'the copy of the example is made before the tests');
      return repo;
    },
    async commit(message) {
      const tag = await self.repo().commit(message);
      released.push(tag);
      return tag;
    },
    run(stages) {
      return self.repo().pipeline(
        {
          IMAGE_REPO: imageRepo,
          PROJECT: scope.prefix,
          STACK: stack,
          DEPLOY_DOCKER_HOST: MANAGER,
          WEB_PORT: String(port),
          SMOKE_URL: `http://${NODE_ADDRESSES[0]}:${port}`,
          SMOKE_CURL: `bash ${join(repoRoot, 'scripts/setup/swarm-cluster.sh')} hub curl`,
          WAIT_TIMEOUT: '240',
        },
        stages,
      );
    },
    versions() {
      return Promise.all(
        NODE_ADDRESSES.map(async (a) => (await curlFromHub(`http://${a}:${port}/version`))?.trim()),
      );
    },
  };
  return self;
}
