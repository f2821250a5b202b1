// The ready-to-use CI definitions of examples/cicd, which cannot run here, checked as their
// services would check them:
//   - .github/workflows/ci.yml by GitHub's own workflow parser (@actions/workflow-parser, the
//     parser and schema of the Actions language service), parse and conversion;
//   - .gitlab-ci.yml against GitLab's published JSON schema for it (ci.json, as the
//     gitlab-ci-local package ships it), with ajv;
// and both run the stages of pipeline.sh. Each validator is also shown a broken copy, which it
// must refuse.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

const dir = join(import.meta.dirname, '../examples/cicd');
const workflowFile = join(dir, '.github/workflows/ci.yml');
const gitlabFile = join(dir, '.gitlab-ci.yml');

/** The errors GitHub's parser finds in a workflow: parsing, then conversion to jobs. */
async function workflowErrors(content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name: 'ci.yml', content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value === undefined) return errors.length > 0 ? errors : ['no workflow'];
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return [...new Set([...errors, ...(template.errors ?? []).map((e) => e.Message)])];
}

/** GitLab's ci.json, compiled; the specifier is computed, as the package ships no types. */
async function compileGitlabSchema(): Promise<(data: unknown) => string[]> {
  const specifier = 'gitlab-ci-local/src/schema/schema.js';
  const { schema } = (await import(specifier)) as { schema: Record<string, unknown> };
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return (data) =>
    validate(data)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

let gitlab: Promise<(data: unknown) => string[]> | undefined;
/** The compiled schema, compiled once. */
function gitlabValidator(): Promise<(data: unknown) => string[]> {
  gitlab ??= compileGitlabSchema();
  return gitlab;
}

/** The `pipeline.sh` stages a definition's commands run, in order of appearance. */
function stagesRun(text: string): string[] {
  return [...text.matchAll(/\.\/pipeline\.sh((?: [a-z]+)+)/g)].flatMap((m) =>
    m[1].trim().split(' '),
  );
}

const PIPELINE_STAGES = ['build', 'unit', 'integration', 'push', 'cleanup', 'release'];

test('the GitHub Actions workflow passes GitHub\u2019s workflow parser', async () => {
  const content = readFileSync(workflowFile, 'utf8');
  assert.deepEqual(await workflowErrors(content), []);
  const parsed = parseWorkflow({ name: 'ci.yml', content }, new NoOperationTraceWriter());
  assert.ok(parsed.value !== undefined);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  assert.deepEqual(
    template.jobs.map((j) => j.id.value),
    ['test', 'release'],
  );
});

test('GitHub\u2019s workflow parser refuses a broken copy', async () => {
  const content = readFileSync(workflowFile, 'utf8');
  const broken = content
    .replace('timeout-minutes: 30', 'timeout-minutes: half an hour')
    .replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
  const errors = await workflowErrors(broken);
  assert.ok(
    errors.some((e) => e.includes("Unexpected value 'runs_on'")),
    errors.join('\n'),
  );
  assert.ok(
    errors.some((e) => e.includes("Unexpected value 'half an hour'")),
    errors.join('\n'),
  );
});

test('the GitLab CI definition is valid under GitLab\u2019s ci.json schema', async () => {
  const validate = await gitlabValidator();
  const data = parseYaml(readFileSync(gitlabFile, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(validate(data), []);
  assert.deepEqual(data.stages, ['test', 'release']);
});

test('GitLab\u2019s ci.json schema refuses a broken copy', async () => {
  const validate = await gitlabValidator();
  const data = parseYaml(readFileSync(gitlabFile, 'utf8')) as {
    test: { artifacts: Record<string, unknown>; when?: unknown };
  };
  data.test.artifacts.when = 'sometimes';
  data.test.when = 'eventually';
  const errors = validate(data);
  assert.ok(
    errors.some((e) => e.startsWith('/test/artifacts/when')),
    errors.join('\n'),
  );
  assert.ok(
    errors.some((e) => e.startsWith('/test/when')),
    errors.join('\n'),
  );
});

test('both definitions run every stage of pipeline.sh', () => {
  for (const file of [workflowFile, gitlabFile]) {
    const stages = stagesRun(readFileSync(file, 'utf8'));
    assert.deepEqual([...new Set(stages)].sort(), [...PIPELINE_STAGES].sort(), file);
    // The tests come before the push, the push before the release.
    assert.ok(stages.indexOf('integration') < stages.indexOf('push'), file);
    assert.ok(stages.indexOf('push') < stages.indexOf('release'), file);
  }
  const pipeline = readFileSync(join(dir, 'pipeline.sh'), 'utf8');
  for (const stage of PIPELINE_STAGES) assert.match(pipeline, new RegExp(`\\b${stage}\\b`));
});
