/**
 * Test support for the Kubernetes converter (left out of the library): the fixtures under
 * testdata/, their conversion, their golden files, schema validation (layer 1) with the
 * kubernetes-models package, and kubectl/helm (layer 2) from scripts/setup/kube-tools.sh.
 *
 * Each fixture is testdata/<name>/ with a compose project and an optional convert.json
 * (`files`, `profiles`, and converter options such as `expose`, `namespace`). Its golden files
 * are testdata/<name>/golden/: manifests.yaml (every object, one multi-document stream: what a
 * cluster is given), report.json, kustomize/ and helm/ (the trees as written).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type {
  ConversionResult,
  ConvertStage,
  KubernetesConvertOptions,
  KubernetesFormat,
  KubernetesObject,
  OutputFile,
} from '../../api/convert.js';
import { loadProject } from '../../loader/load-project.js';
import { loadProjectWithSources } from '../../loader/project-sources.js';
import { convert } from '../convert.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The fixtures' folder. */
export const FIXTURES = join(here, 'testdata');
const ROOT = join(here, '..', '..', '..');

/** Every fixture's name, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The golden manifests of every fixture: the objects a cluster must accept (layer 3's input). */
export function goldenManifests(): { fixture: string; file: string }[] {
  return fixtureNames().map((fixture) => ({
    fixture,
    file: join(FIXTURES, fixture, 'golden', 'manifests.yaml'),
  }));
}

interface FixtureSettings extends Partial<Omit<KubernetesConvertOptions, 'to' | 'format'>> {
  readonly files?: string[];
  readonly profiles?: string[];
}

function settings(name: string): FixtureSettings {
  const file = join(FIXTURES, name, 'convert.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FixtureSettings) : {};
}

/** Converts a fixture as `flotilla convert --to kubernetes --format <format>` would. */
export async function convertFixture(
  name: string,
  format: KubernetesFormat,
  singleFile = format === 'manifests',
): Promise<ConversionResult> {
  const cwd = join(FIXTURES, name);
  const { files, profiles, ...options } = settings(name);
  const load = { cwd, files, profiles, environment: {} };
  const { project, locate } = await loadProjectWithSources(load);
  const stages: ConvertStage[] = [];
  if (format === 'kustomize') {
    for (let k = 1; k < project.composeFiles.length; k++) {
      const staged = await loadProject({
        ...load,
        files: project.composeFiles.slice(0, k),
        projectName: project.name,
      });
      stages.push({ file: project.composeFiles[k - 1], project: staged });
    }
  }
  return convert(project, { to: 'kubernetes', format, singleFile, stages, locate, ...options });
}

/**
 * The objects of each stage of a fixture's compose files: the first file alone, then with each
 * override added (what the Kustomize base and overlays must render to); the last is the project.
 */
export async function stageObjects(name: string): Promise<KubernetesObject[][]> {
  const cwd = join(FIXTURES, name);
  const { files, profiles, ...options } = settings(name);
  const project = await loadProject({ cwd, files, profiles, environment: {} });
  const out: KubernetesObject[][] = [];
  for (let k = 1; k <= project.composeFiles.length; k++) {
    const staged = await loadProject({
      cwd,
      files: project.composeFiles.slice(0, k),
      profiles,
      environment: {},
      projectName: project.name,
    });
    out.push([...convert(staged, { to: 'kubernetes', ...options }).objects]);
  }
  return out;
}

/** Writes output files under `dir` (emptied first). */
export function writeFiles(dir: string, files: readonly OutputFile[]): void {
  rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
}

/** Every file under `dir`, relative, `/`-separated, sorted. */
export function readTree(dir: string): OutputFile[] {
  const out: OutputFile[] = [];
  const walk = (sub: string): void => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else out.push({ path: rel, content: readFileSync(join(dir, rel), 'utf8') });
    }
  };
  if (existsSync(dir)) walk('');
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The documents of a YAML stream, without empty ones. */
export function parseDocuments(text: string): KubernetesObject[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join('; '));
      return d.toJS() as KubernetesObject | null;
    })
    .filter((d): d is KubernetesObject => d !== null);
}

/** Objects keyed `Kind/name`, each as sorted-key JSON: equal sets compare equal. */
export function canonicalObjects(objects: readonly KubernetesObject[]): Map<string, string> {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
          )
        : v;
  return new Map(
    objects.map((o) => [`${o.kind}/${o.metadata.name}`, JSON.stringify(sortKeys(o))] as const),
  );
}

type Validator = { validate(): void };
type ModelClass = new (data: unknown) => Validator;

/**
 * Layer 1: validates an object against the Kubernetes OpenAPI schema of the kubernetes-models
 * package (`@kubernetes-models/validate`).
 * @returns the schema's complaints, empty when valid
 */
export async function schemaErrors(object: KubernetesObject): Promise<string[]> {
  const module = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`)) as Record<
    string,
    ModelClass
  >;
  const Model = module[object.kind];
  try {
    new Model(object).validate();
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}

/** Layer 2's tools: kubectl and helm, extracted once into a cache outside the clone. */
export function kubeTools(): { kubectl: string; helm: string } {
  const dir = execFileSync('bash', [join(ROOT, 'scripts', 'setup', 'kube-tools.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return { kubectl: join(dir, 'kubectl'), helm: join(dir, 'helm') };
}
