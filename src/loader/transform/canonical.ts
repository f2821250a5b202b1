import type { Dict } from '../tree.js';
import { transformBuild } from './build.js';
import { transformDependsOn } from './depends-on.js';
import { transformDeviceMapping } from './device-mapping.js';
import { transformEnvFile } from './env-file.js';
import { transformExtends } from './extends.js';
import { transformMaybeExternal } from './external.js';
import { transformFileMount } from './file-mount.js';
import { transformGpus } from './gpus.js';
import { transformInclude } from './include.js';
import { transformKeyValue } from './key-value.js';
import { transformPorts } from './ports.js';
import { applyRules, compileRules, type RuleTree } from './rules.js';
import { transformService, transformStringSliceToMap } from './services.js';
import { transformSSH } from './ssh.js';
import { transformStringOrList, transformStringOrX } from './string-forms.js';
import { transformUlimits } from './ulimits.js';
import { transformVolumeMount } from './volume.js';

/** Options of {@link canonical}. */
export interface CanonicalOptions {
  /**
   * Interpolation was skipped: short syntaxes that do not parse (they may hold `${VAR}`) are
   * left as they are instead of failing.
   */
  readonly skipInterpolation: boolean;
}

let rules: RuleTree | undefined;

function canonicalRules(): RuleTree {
  return (rules ??= compileRules([
    ['services.*', transformService],
    ['services.*.build', transformBuild],
    ['services.*.build.additional_contexts', transformKeyValue],
    ['services.*.build.provenance', transformStringOrX],
    ['services.*.build.sbom', transformStringOrX],
    ['services.*.build.secrets.*', transformFileMount],
    ['services.*.build.ssh', transformSSH],
    ['services.*.build.ulimits.*', transformUlimits],
    ['services.*.configs.*', transformFileMount],
    ['services.*.depends_on', transformDependsOn],
    ['services.*.develop.watch.*.ignore', transformStringOrList],
    ['services.*.develop.watch.*.include', transformStringOrList],
    ['services.*.devices.*', transformDeviceMapping],
    ['services.*.dns', transformStringOrList],
    ['services.*.env_file', transformEnvFile],
    ['services.*.extends', transformExtends],
    ['services.*.gpus', transformGpus],
    ['services.*.label_file', transformStringOrList],
    ['services.*.models', transformStringSliceToMap],
    ['services.*.networks', transformStringSliceToMap],
    ['services.*.ports', transformPorts],
    ['services.*.secrets.*', transformFileMount],
    ['services.*.ulimits.*', transformUlimits],
    ['services.*.volumes.*', transformVolumeMount],
    ['configs.*', transformMaybeExternal],
    ['include.*', transformInclude],
    ['networks.*', transformMaybeExternal],
    ['secrets.*', transformMaybeExternal],
    ['volumes.*', transformMaybeExternal],
  ]));
}

/**
 * The canonical form of a compose model (compose-go's transform.Canonical): every short syntax
 * becomes its long syntax, so that later phases see one shape per attribute. Ports, volumes,
 * devices, depends_on, env_file, build, extends, secrets, configs, gpus, ssh, service networks
 * and the legacy `external: {name}` of top-level resources are rewritten; see the rule files of
 * this folder for each one.
 *
 * The input is not modified; unchanged subtrees are shared with the result.
 * @throws ComposeError('SCHEMA') for a value of an unexpected type or a short syntax that does
 * not parse (ports, volumes, devices, `additional_contexts`, `ssh`), with the dotted path;
 * ComposeError('CONSISTENCY') when a resource's `name` and `external.name` differ.
 */
export function canonical(tree: Dict, options: CanonicalOptions): Dict {
  return applyRules(canonicalRules(), tree, options.skipInterpolation) as Dict;
}
