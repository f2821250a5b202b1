import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { serviceHashCandidates } from './hash-compat.js';
import { CURRENT_HASH_RULES, HASH_RULE_SETS, hashRulesFor, type HashRules } from './hash-rules.js';
import { serviceHash } from './service-hash.js';

type Dict = Record<string, unknown>;

// The hashes real docker compose binaries wrote on the containers of
// testdata/hash-compat/compose.yaml (2.26.1 from Debian 13, 2.40.3 from Debian unstable), and
// flotilla's model of the same services: made by scripts/hash-vectors.mjs.
interface Vectors {
  readonly services: Record<string, Dict>;
  readonly flotilla: Record<string, string>;
  readonly tools: readonly {
    readonly version: string;
    readonly label: string;
    readonly hashes: Record<string, string>;
  }[];
}
const vectors = JSON.parse(
  readFileSync(join(import.meta.dirname, 'testdata', 'hash-compat', 'vectors.json'), 'utf8'),
) as Vectors;

function rulesOf(label: string): HashRules {
  const rules = hashRulesFor(label);
  assert.ok(rules, `rules for ${label}`);
  return rules;
}

describe('service hash compatibility', () => {
  it('hashRulesFor maps versions to the rule sets of their range', () => {
    assert.equal(hashRulesFor('2.26.1')?.id, 'compose 2.26.0-2.28.1');
    assert.equal(hashRulesFor('v2.29.2')?.id, 'compose 2.29.0-2.29.2');
    assert.equal(hashRulesFor('2.29.3')?.id, 'compose 2.29.3-2.30.1');
    assert.equal(hashRulesFor('2.40.3')?.id, 'compose 2.36.0-2.40.3');
    assert.equal(hashRulesFor('2.24.0-birthday.10')?.id, 'compose 2.24.0-2.25.0');
    assert.equal(hashRulesFor('5.0.1')?.id, 'compose 5.0.0-5.0.1');
    assert.equal(hashRulesFor('5.0.2'), CURRENT_HASH_RULES);
    assert.equal(hashRulesFor('5.5.0'), CURRENT_HASH_RULES);
    // flotilla's own labels (0.x before, the compose version it implements with build
    // metadata now) follow the current rules.
    assert.equal(hashRulesFor('0.1.0'), CURRENT_HASH_RULES);
    assert.equal(hashRulesFor('2.40.3+flotilla.0.1.0'), CURRENT_HASH_RULES);
    // No rules for compose v1 nor v2 before 2.24 (compose-go v1), nor a missing label.
    assert.equal(hashRulesFor('1.29.2'), undefined);
    assert.equal(hashRulesFor('2.23.3'), undefined);
    assert.equal(hashRulesFor(undefined), undefined);
    assert.equal(hashRulesFor('dev'), undefined);
  });

  it('the current rules give the hash flotilla writes', () => {
    for (const [name, service] of Object.entries(vectors.services)) {
      assert.deepEqual(serviceHashCandidates(service, name, CURRENT_HASH_RULES), [
        vectors.flotilla[name],
      ]);
      assert.equal(serviceHash(service, name), vectors.flotilla[name]);
    }
  });

  for (const tool of vectors.tools) {
    it(`recomputes every hash docker compose ${tool.version} wrote`, () => {
      const rules = rulesOf(tool.label);
      for (const [name, service] of Object.entries(vectors.services)) {
        const candidates = serviceHashCandidates(service, name, rules);
        assert.ok(
          candidates.includes(tool.hashes[name]),
          `${name}: ${tool.hashes[name]} not among ${candidates.join(', ')}`,
        );
      }
    });

    it(`a real change is still a change under the rules of ${tool.version}`, () => {
      const rules = rulesOf(tool.label);
      for (const [name, service] of Object.entries(vectors.services)) {
        const changed = { ...service, labels: { ...(service.labels as Dict), changed: 'yes' } };
        assert.ok(!serviceHashCandidates(changed, name, rules).includes(tool.hashes[name]), name);
      }
    });
  }

  it('docker compose 2.26.1 and 2.40.3 disagree with the current rules where the table says', () => {
    const [v226, v240] = vectors.tools;
    // 2.26.1: depends_on hashed (web), modes as numbers (db, web), network priority first and
    // the unset variable left out (db), create_host_path written (web).
    assert.notEqual(v226.hashes.db, vectors.flotilla.db);
    assert.notEqual(v226.hashes.web, vectors.flotilla.web);
    assert.equal(v226.hashes.plain, vectors.flotilla.plain);
    // 2.40.3: only the short-syntax bind's create_host_path.
    assert.equal(v240.hashes.db, vectors.flotilla.db);
    assert.equal(v240.hashes.device, vectors.flotilla.device);
    assert.notEqual(v240.hashes.web, vectors.flotilla.web);
  });

  it('each rule of a rule set changes the hash of a service that uses it', () => {
    const service: Dict = {
      image: 'busybox',
      depends_on: { db: { condition: 'service_started', required: true } },
      profiles: ['debug'],
      environment: { SET: 'x', UNSET: null },
      networks: { back: { aliases: ['a'], priority: 5 } },
      secrets: [{ source: 's', target: '/run/secrets/s', mode: '0440' }],
      volumes: [{ type: 'bind', source: '/src', target: '/dst', bind: { create_host_path: true } }],
      devices: [{ source: '/dev/null', target: '/dev/null', permissions: 'rwm' }],
      ports: [{ mode: 'ingress', target: 80, protocol: 'tcp' }],
      deploy: { resources: { limits: { cpus: 0.5 } } },
    };
    const current = serviceHashCandidates(service, 'web', CURRENT_HASH_RULES)[0];
    for (const rules of HASH_RULE_SETS.filter((r) => r !== CURRENT_HASH_RULES)) {
      const candidates = serviceHashCandidates(service, 'web', rules);
      assert.ok(
        candidates.some((h) => h !== current),
        `${rules.id} gives another hash`,
      );
      // 2.36.0-5.0.1 differ only where the model cannot tell (a bind's create_host_path
      // written or defaulted), so the current hash is one of their candidates.
      const onlyBind = ['compose 5.0.0-5.0.1', 'compose 2.36.0-2.40.3'].includes(rules.id);
      assert.equal(candidates.includes(current), onlyBind, rules.id);
    }
    // Places with alternatives for 2.26: the bind (2), the device (three short forms or the
    // long one: 4), the port's protocol (2) and the unset variable (2).
    assert.equal(serviceHashCandidates(service, 'web', rulesOf('2.26.1')).length, 32);
    assert.equal(serviceHashCandidates(service, 'web', rulesOf('2.40.3')).length, 2);
  });
});
