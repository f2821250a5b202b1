import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ContainerSummary } from '../engine/index.js';
import { decodeProject } from '../model/decode.js';
import { divergence } from './convergence.js';
import { hashAgreement } from './hash-agreement.js';
import { configHash } from './service-tree.js';

// Hashes real docker compose binaries wrote (see src/model/hash-compat.test.ts).
interface Vectors {
  readonly services: Record<string, Record<string, unknown>>;
  readonly tools: readonly { readonly label: string; readonly hashes: Record<string, string> }[];
}
const vectors = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', 'model', 'testdata', 'hash-compat', 'vectors.json'),
    'utf8',
  ),
) as Vectors;
const project = decodeProject({ name: 'flotilla-hash-vectors', services: vectors.services });

function container(labels: Record<string, string>): ContainerSummary {
  return {
    Id: 'c1',
    Names: ['/flotilla-hash-vectors-web-1'],
    Image: 'busybox',
    ImageID: 'sha256:1',
    Command: '',
    Created: 0,
    Ports: [],
    Labels: labels,
    State: 'exited',
    Status: '',
    HostConfig: { NetworkMode: 'default' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
}

const HASH = 'com.docker.compose.config-hash';
const VERSION = 'com.docker.compose.version';

describe('hash agreement', () => {
  it('keeps a container of docker compose 2.26.1 whose hash 2.26.1 would compute again', () => {
    const [v226] = vectors.tools;
    for (const [name, service] of Object.entries(project.services)) {
      const hash = configHash(service);
      const agreement = hashAgreement(service, hash);
      const c = container({ [HASH]: v226.hashes[name], [VERSION]: v226.label });
      const rules = agreement(c);
      if (v226.hashes[name] === hash) assert.equal(rules?.id, 'current', name);
      else assert.equal(rules?.id, 'compose 2.26.0-2.28.1', name);
      assert.equal(divergence(c, { hash, agreement }), undefined, name);
      // Without the version-aware agreement, docker compose's own comparison.
      if (v226.hashes[name] !== hash) {
        assert.equal(divergence(c, { hash }), 'configuration changed', name);
      }
    }
  });

  it('recreates when the label is another version’s hash, or no rules are known', () => {
    const [v226, v240] = vectors.tools;
    const web = project.services.web;
    const agreement = hashAgreement(web, configHash(web));
    // 2.40.3's hash on a container labelled 2.26.1: not what 2.26.1 computes.
    assert.equal(
      agreement(container({ [HASH]: v240.hashes.web, [VERSION]: v226.label })),
      undefined,
    );
    // docker compose v1 and unlabelled containers: only the current hash matches.
    assert.equal(agreement(container({ [HASH]: v226.hashes.web, [VERSION]: '1.29.2' })), undefined);
    assert.equal(agreement(container({ [HASH]: v226.hashes.web })), undefined);
    // flotilla's own labels follow the current rules only.
    assert.equal(agreement(container({ [HASH]: v226.hashes.web, [VERSION]: '0.1.0' })), undefined);
    const own = container({ [HASH]: v226.hashes.web, [VERSION]: '2.40.3+flotilla.0.1.0' });
    assert.equal(agreement(own), undefined);
  });

  it('a real change recreates a container of docker compose 2.26.1', () => {
    const [v226] = vectors.tools;
    const web = { ...project.services.web, labels: { changed: 'yes' } };
    const hash = configHash(web);
    const c = container({ [HASH]: v226.hashes.web, [VERSION]: v226.label });
    assert.equal(
      divergence(c, { hash, agreement: hashAgreement(web, hash) }),
      'configuration changed',
    );
  });
});
