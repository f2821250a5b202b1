import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import type { LoadOptions } from '../../api/load-options.js';
import { globalFlags, type GlobalFlags } from '../global-flags.js';
import { printWarning } from '../output.js';
import { cliLoadOptions } from '../project.js';
import type { TemplateVariable } from '../../loader/interpolation/variables.js';
import type { GoValue } from '../../model/go-value.js';

/** The flags of `config`, as docker compose spells them. */
interface ConfigFlags {
  format?: string;
  quiet?: boolean;
  services?: boolean;
  volumes?: boolean;
  networks?: boolean;
  models?: boolean;
  profiles?: boolean;
  images?: boolean;
  hash?: string;
  interpolate: boolean;
  normalize: boolean;
  pathResolution: boolean;
  consistency: boolean;
  envResolution: boolean;
  resolveImageDigests?: boolean;
  lockImageDigests?: boolean;
  environment?: boolean;
  variables?: boolean;
  output?: string;
}

/** `flotilla config`: parse, resolve and render the compose model as docker compose does. */
export function register(program: Command): void {
  program
    .command('config')
    .description('Parse, resolve and render compose file in canonical format')
    .argument('[services...]')
    .option('--format <format>', 'Format the output. Values: [yaml | json]')
    .option('-q, --quiet', "Only validate the configuration, don't print anything")
    .option('--services', 'Print the service names, one per line.')
    .option('--volumes', 'Print the volume names, one per line.')
    .option('--networks', 'Print the network names, one per line.')
    .option('--models', 'Print the model names, one per line.')
    .option('--profiles', 'Print the profile names, one per line.')
    .option('--images', 'Print the image names, one per line.')
    .option('--hash <services>', 'Print the service config hash, one per line.')
    .option('--variables', 'Print model variables and default values.')
    .option('--environment', 'Print environment used for interpolation.')
    .option('--no-interpolate', "Don't interpolate environment variables")
    .option('--no-normalize', "Don't normalize compose model")
    .option('--no-path-resolution', "Don't resolve file paths")
    .option(
      '--no-consistency',
      "Don't check model consistency - warning: may produce invalid Compose output",
    )
    .option('--no-env-resolution', "Don't resolve service env files")
    .option('--resolve-image-digests', 'Pin image tags to digests')
    .option('--lock-image-digests', 'Produces an override file with image digests')
    .option('-o, --output <file>', 'Save to file (default to stdout)')
    .action(async (services: string[], flags: ConfigFlags, cmd: Command) => {
      const out = await runConfig(services, flags, globalFlags(cmd));
      if (flags.quiet) return;
      if (out.file !== undefined) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(out.file, out.text, { mode: 0o666 });
      } else {
        process.stdout.write(out.text);
      }
    });
}

interface ConfigOutput {
  readonly text: string;
  /** Where `-o` sends the text; undefined for standard output. */
  readonly file?: string | undefined;
}

function loadOptions(g: GlobalFlags, flags: ConfigFlags, services?: string[]): LoadOptions {
  return {
    ...cliLoadOptions(g, services),
    interpolate: flags.interpolate,
    // --compatibility implies --no-normalize, as in docker compose.
    normalize: flags.normalize && g.compatibility !== true,
    resolvePaths: flags.pathResolution,
    consistency: flags.consistency,
    resolveEnvFiles: flags.envResolution,
    discardEnvFiles: true,
    onWarning: printWarning,
  };
}

const lines = (items: readonly string[]): string => items.map((l) => `${l}\n`).join('');

function warn(message: string): void {
  printWarning({ message });
}

async function runConfig(
  services: string[],
  flags: ConfigFlags,
  g: GlobalFlags,
): Promise<ConfigOutput> {
  const { loadModel } = await import('../../loader/load-project.js');
  const listings = await import('../config-listings.js');
  const listingLoad = (): ReturnType<typeof loadModel> =>
    loadModel({ ...loadOptions(g, flags), resolveEnvFiles: false });

  if (flags.services) {
    const loaded = listingLoad();
    if (!flags.interpolate) return { text: lines(Object.keys(listings.servicesOf(loaded.model))) };
    return { text: lines(listings.servicesInDependencyOrder(loaded.model)) };
  }
  if (flags.volumes) return { text: lines(listings.sectionKeys(listingLoad().model, 'volumes')) };
  if (flags.networks) return { text: lines(listings.sectionKeys(listingLoad().model, 'networks')) };
  if (flags.models) {
    const models = listingLoad().model.models;
    const names: string[] = [];
    if (models !== null && typeof models === 'object') {
      for (const key of Object.keys(models).sort()) {
        const m = (models as Record<string, { model?: unknown } | null>)[key];
        if (typeof m?.model === 'string' && m.model !== '') names.push(m.model);
      }
    }
    return { text: lines(names) };
  }
  if (flags.hash !== undefined && flags.hash !== '')
    return { text: await runHash(flags.hash, flags, g) };
  if (flags.profiles) {
    const loaded = loadModel(loadOptions(g, flags, services));
    const all = loaded.project
      ? [
          ...Object.values(loaded.project.services),
          ...Object.values(loaded.project.disabledServices),
        ]
      : (Object.values(listings.servicesOf(loaded.model)) as { profiles?: string[] }[]);
    return { text: lines(listings.profilesOf(all)) };
  }
  if (flags.images) {
    const loaded = loadModel(loadOptions(g, flags, services));
    const separator =
      g.compatibility === true || isTrue(loaded.environment.COMPOSE_COMPATIBILITY) ? '_' : '-';
    return { text: lines(listings.imagesOf(loaded.model, loaded.name, separator)) };
  }
  if (flags.variables) return { text: await runVariables(services, flags, g) };
  if (flags.environment) {
    const loaded = loadModel(loadOptions(g, flags, services));
    const values = Object.entries(loaded.environment).map(([k, v]) => `${k}=${v}`);
    return { text: lines(values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) };
  }

  const format = flags.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') {
    throw new ComposeError('USAGE', `unsupported format ${JSON.stringify(format)}`);
  }
  if (!flags.interpolate && services.length > 0) {
    warn(
      'service filtering is not applied when --no-interpolate is set, the full model will be rendered',
    );
  }
  const loaded = loadModel(loadOptions(g, flags, flags.interpolate ? services : undefined));
  if (flags.resolveImageDigests || flags.lockImageDigests) {
    resolveImageDigests(loaded.model);
  }
  // The loader has already decoded every value to its Go type: with nothing to print, the
  // model is valid and need not be marshalled.
  if (flags.quiet) return { text: '' };
  let text: string;
  if (!flags.interpolate) {
    const m = await import('../../model/marshal-json.js');
    const y = await import('../../model/marshal-yaml.js');
    text = format === 'json' ? m.marshalModelJson(loaded.model) : y.marshalModelYaml(loaded.model);
  } else {
    text =
      format === 'json'
        ? (await import('../../model/marshal-json.js')).marshalProjectJson(loaded.model)
        : (await import('../../model/marshal-yaml.js')).marshalProjectYaml(loaded.model);
    // docker compose escapes `$` so that the output reads back to the same values.
    text = text.replaceAll('$', () => '$$');
  }
  return { text, file: flags.output !== undefined && text !== '' ? flags.output : undefined };
}

async function runHash(spec: string, flags: ConfigFlags, g: GlobalFlags): Promise<string> {
  const { loadModel } = await import('../../loader/load-project.js');
  const { serviceHash } = await import('../../model/service-hash.js');
  const listings = await import('../config-listings.js');
  const loaded = loadModel(loadOptions(g, flags));
  const all = listings.servicesOf(loaded.model);
  const names = Object.keys(all).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let selected = names;
  if (spec !== '*') {
    const chosen = new Set<string>();
    for (const pattern of spec.split(',')) {
      const matched = names.filter((n) => listings.matchesPattern(pattern, n));
      if (matched.length === 0) throw new ComposeError('USAGE', `no such service: ${pattern}`);
      for (const n of matched) chosen.add(n);
    }
    selected = names.filter((n) => chosen.has(n));
  }
  const platform = loaded.environment.DOCKER_DEFAULT_PLATFORM;
  const out: string[] = [];
  for (const name of selected) {
    const service = all[name] as Record<string, unknown>;
    let withPlatform: Record<string, unknown>;
    try {
      withPlatform = listings.applyDefaultPlatform(service, name, platform);
    } catch (err) {
      throw new ComposeError('CONSISTENCY', (err as Error).message, { cause: err });
    }
    out.push(`${name} ${serviceHash(withPlatform, name)}`);
  }
  return lines(out);
}

async function runVariables(
  services: string[],
  flags: ConfigFlags,
  g: GlobalFlags,
): Promise<string> {
  const { loadModel } = await import('../../loader/load-project.js');
  const { extractVariables } = await import('../../loader/interpolation/variables.js');
  if (services.length > 0) {
    warn(
      'service filtering is not applied when --variables is set, variables from the full model will be rendered',
    );
  }
  const loaded = loadModel({
    ...loadOptions(g, flags),
    interpolate: false,
    resolveEnvFiles: false,
  });
  const variables = extractVariables(loaded.model);
  const format = flags.format ?? '';
  if (format === 'yaml') {
    const { encodeGoYaml } = await import('../../model/marshal-yaml.js');
    if (variables.size === 0) return '{}\n';
    return encodeGoYaml(
      {
        k: 'map',
        entries: [...variables].map(([name, v]) => [name, variableStruct(v, 'yaml')]),
      },
      4,
    );
  }
  const lower = format.toLowerCase();
  if (lower === '' || lower === 'table' || lower === 'pretty') {
    const { variablesTable } = await import('../config-listings.js');
    return variablesTable(variables);
  }
  if (lower === 'json') {
    const { encodeGoJson } = await import('../../model/marshal-json.js');
    const json = encodeGoJson(
      {
        k: 'map',
        entries: [...variables].map(([name, v]) => [name, variableStruct(v, 'json')]),
      },
      '    ',
      false,
    );
    // An encoder's newline, then Println's.
    return `${json}\n\n`;
  }
  throw new ComposeError(
    'USAGE',
    `format value ${JSON.stringify(format)} could not be parsed: parsing failed`,
  );
}

/** One variable of `config --variables` as compose prints it: YAML keys in lower case, JSON's as Go names them. */
function variableStruct(v: TemplateVariable, format: 'yaml' | 'json'): GoValue {
  const field = (name: string, value: GoValue) =>
    format === 'yaml'
      ? { json: null, yaml: name.toLowerCase(), v: value }
      : { json: name, yaml: null, v: value };
  return {
    k: 'struct',
    ext: [],
    fields: [
      field('Name', { k: 'str', v: v.name }),
      field('DefaultValue', { k: 'str', v: v.defaultValue }),
      field('PresenceValue', { k: 'str', v: v.alternateValue }),
      field('Required', { k: 'bool', v: v.required }),
    ],
  };
}

/**
 * `--resolve-image-digests`: an image already pinned by digest is kept; any other needs a
 * registry, which flotilla does not query from `config`.
 */
function resolveImageDigests(model: Record<string, unknown>): void {
  const services = model.services;
  if (services === null || typeof services !== 'object') return;
  for (const [name, s] of Object.entries(services as Record<string, { image?: unknown } | null>)) {
    const image = s?.image;
    if (typeof image === 'string' && image !== '' && !/@sha256:[0-9a-f]{64}$/.test(image)) {
      throw new ComposeError(
        'REGISTRY',
        `cannot resolve the digest of image ${JSON.stringify(image)} (service ${JSON.stringify(name)}): no registry is reachable to resolve image digests`,
        { hint: 'pin the image by digest (name@sha256:...) or drop --resolve-image-digests' },
      );
    }
  }
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'T', 'true', 'TRUE', 'True', 'y'].includes(value);
}
