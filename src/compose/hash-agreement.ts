// Whether a container's config hash says it is up to date, judged by the rules of the tool
// that created it: a container of docker compose 2.26.1 carries the hash 2.26.1 computed, and
// is compared with the hash 2.26.1 would compute for the service now (model/hash-rules.ts).
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import { serviceHashCandidates } from '../model/hash-compat.js';
import { CURRENT_HASH_RULES, hashRulesFor, type HashRules } from '../model/hash-rules.js';
import type { ServiceConfig } from '../model/service.js';
import { LABEL } from './labels.js';
import { configHashInput } from './service-tree.js';

/**
 * Judges containers of one service: the rule set under which a container's config-hash label
 * matches the service, or undefined when it matches under none (the configuration changed).
 */
export type HashAgreement = (container: EngineContainer) => HashRules | undefined;

/**
 * The {@link HashAgreement} of a service. A label equal to `currentHash` matches under the
 * current rules at no cost; otherwise the container's `com.docker.compose.version` chooses
 * the rules (hashRulesFor), and the hashes that version could have written are computed once
 * per rule set and service.
 * @param service the service as containers are created from it (references resolved)
 * @param currentHash its hash under the current rules (configHash)
 * @param defaultPlatform `DOCKER_DEFAULT_PLATFORM`, as for configHash
 */
export function hashAgreement(
  service: ServiceConfig,
  currentHash: string,
  defaultPlatform?: string,
): HashAgreement {
  const candidates = new Map<string, readonly string[]>();
  let input: Record<string, unknown> | undefined;
  return (container) => {
    const labels = container.Labels ?? {};
    const label = labels[LABEL.configHash];
    if (label === currentHash) return CURRENT_HASH_RULES;
    const rules = hashRulesFor(labels[LABEL.version]);
    if (rules === undefined || rules === CURRENT_HASH_RULES) return undefined;
    let known = candidates.get(rules.id);
    if (known === undefined) {
      input ??= configHashInput(service, defaultPlatform);
      known = serviceHashCandidates(input, service.name, rules);
      candidates.set(rules.id, known);
    }
    return known.includes(label) ? rules : undefined;
  };
}
