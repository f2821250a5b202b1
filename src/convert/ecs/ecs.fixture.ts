/**
 * Test support for the ECS converter (left out of the library): the projects converted to
 * CloudFormation are the tutorial's two and five of the Kubernetes converter's realistic
 * fixtures, read from ../kubernetes/testdata/<name>/ (its convert.json's `files` and `profiles`
 * apply; its Kubernetes options do not). Golden files: testdata/<name>/template.yaml and
 * report.json beside this file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConversionResult, EcsConvertOptions } from '../../api/convert.js';
import { loadProjectWithSources, type ProjectWithSources } from '../../loader/project-sources.js';
import { convert } from '../convert.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The golden files' folder. */
export const GOLDEN = join(here, 'testdata');
const PROJECTS = join(here, '..', 'kubernetes', 'testdata');

/** The tutorial's projects (nginx; Flask + Redis as written) and five realistic ones. */
export const ECS_FIXTURES = [
  'nginx',
  'flask-redis',
  'webapp-postgres-redis',
  'wordpress-mysql',
  'secrets-configs',
  'prometheus-grafana',
  'django-celery',
] as const;

/** The folder of a fixture's compose project. */
export function projectDir(name: string): string {
  return join(PROJECTS, name);
}

/** Loads a fixture's project, with its locator. */
export async function loadEcsFixture(name: string): Promise<ProjectWithSources> {
  const file = join(PROJECTS, name, 'convert.json');
  const settings = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { files?: string[]; profiles?: string[] })
    : {};
  return loadProjectWithSources({
    cwd: projectDir(name),
    files: settings.files,
    profiles: settings.profiles,
    environment: {},
  });
}

/** Converts a fixture as `flotilla convert --to ecs` would. */
export async function convertEcsFixture(
  name: string,
  options: Partial<Omit<EcsConvertOptions, 'to'>> = {},
): Promise<ConversionResult> {
  const { project, locate } = await loadEcsFixture(name);
  return convert(project, { to: 'ecs', locate, ...options });
}
