// `stack config`: the Swarm objects a project becomes, without any engine.
import type { StackConfigOptions, StackPlan } from '../api/stack.js';
import { CLIENT_MAX_API_VERSION } from '../engine/index.js';
import type { Project } from '../model/project.js';
import { toWarning } from '../swarm/issues.js';
import { readObjectContent } from './contents.js';
import { checkStackName } from './stack-name.js';
import { convertOrThrow, refuseUnsupported } from './deploy.js';

/**
 * `stack config`: the specs `deployStack` would send for `project` (secret and config content
 * left out, images as the file names them: no build, no registry lookup), with the warnings.
 * @throws ComposeError as {@link deployStack} does before it creates anything
 */
export function stackConfig(project: Project, options: StackConfigOptions = {}): StackPlan {
  const stack = options.stack ?? project.name;
  checkStackName(stack);
  const objects = convertOrThrow(
    {
      stack,
      project,
      apiVersion: options.apiVersion ?? CLIENT_MAX_API_VERSION,
      build: options.build === true,
      content: (kind, key, object) => readObjectContent(project, kind, key, object),
    },
    options.locate,
  );
  const warnings = objects.issues.map((i) => toWarning(i, options.locate));
  if (options.strict === true) refuseUnsupported(warnings);
  const withoutData = (o: { spec?: object | undefined }): unknown => {
    if (o.spec === undefined) return { external: true };
    const { Data: _data, ...rest } = o.spec as { Data?: string };
    return rest;
  };
  return {
    stack,
    networks: Object.fromEntries(objects.networks.create),
    externalNetworks: objects.networks.external,
    secrets: Object.fromEntries(objects.secrets.map((o) => [o.name, withoutData(o)])),
    configs: Object.fromEntries(objects.configs.map((o) => [o.name, withoutData(o)])),
    services: Object.fromEntries(objects.services.map((s) => [s.key, s.spec])),
    warnings,
  };
}
