import type { Dict } from '../tree.js';
import { defaultBuildContext } from './build.js';
import { deviceRequestDefaults } from './device-request.js';
import { defaultSecretMount } from './file-mount.js';
import { portDefaults } from './ports.js';
import { applyRules, compileRules, type RuleTree } from './rules.js';
import { defaultVolumeBind } from './volume.js';

let rules: RuleTree | undefined;

function defaultRules(): RuleTree {
  return (rules ??= compileRules([
    ['services.*.build', defaultBuildContext],
    ['services.*.deploy.resources.reservations.devices.*', deviceRequestDefaults],
    ['services.*.gpus.*', deviceRequestDefaults],
    ['services.*.ports.*', portDefaults],
    ['services.*.secrets.*', defaultSecretMount],
    ['services.*.volumes.*.bind', defaultVolumeBind],
  ]));
}

/**
 * The implicit values the Compose Specification defines, set where an attribute is missing
 * (compose-go's transform.SetDefaultValues): build context `.`; ports `protocol: tcp`,
 * `mode: ingress`; secrets mounted at `/run/secrets/<source>`; device requests and GPUs
 * without `count` nor `device_ids` get `count: all`; bind mounts `create_host_path: true`.
 * Runs on the canonical model, once all files are merged.
 *
 * The input is not modified; unchanged subtrees are shared with the result.
 * @throws ComposeError('SCHEMA') when a service secret, device request or volume `bind` is not
 * a mapping.
 */
export function setDefaults(tree: Dict): Dict {
  return applyRules(defaultRules(), tree, false) as Dict;
}
