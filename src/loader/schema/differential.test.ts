// Differential test: flotilla's Compose format (as generated into generated/validate.ts) must
// accept and refuse exactly what compose-go's embedded Compose Specification schema does, and
// explain failures with the same compose-go message. The reference schema is read from the
// conformance corpus at test time and compiled here with Ajv; nothing of it is kept in the
// repository.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import {
  CORE_SCHEMA,
  defineMappingTag,
  defineScalarTag,
  defineSequenceTag,
  loadAll,
  mergeTag,
} from 'js-yaml';
import { deepCopy, isDict, type Dict } from '../tree.js';
import { composeFormat } from './compose-format.js';
import { toJsonSchema, type JsonSchema } from './emit.js';
import { Explainer, mostSpecificError } from './explain.js';
import { schemaFingerprint } from './fingerprint.js';
import {
  compiledSchema,
  schemaFingerprint as generatedFingerprint,
  validate,
} from './generated/validate.js';
import { composeMessage } from './messages.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const corpus =
  process.env.FLOTILLA_CONFORMANCE_DIR ?? join(repoRoot, '..', 'shared', 'conformance');
const referencePath = join(corpus, 'schema', 'compose-go-embedded-schema.json');
const skip = existsSync(referencePath)
  ? false
  : `conformance corpus not found at ${corpus} (set FLOTILLA_CONFORMANCE_DIR)`;

interface Reference {
  readonly schema: JsonSchema;
  readonly validate: (data: unknown) => boolean;
  readonly explainer: Explainer;
}

let reference: Reference | undefined;
function getReference(): Reference {
  if (!reference) {
    const schema = JSON.parse(readFileSync(referencePath, 'utf8')) as JsonSchema;
    const ajv = new Ajv2020.default({ strict: false, allErrors: false });
    const compiled = ajv.compile(schema);
    reference = {
      schema,
      // Ajv's uniqueItems check (fast-deep-equal) calls valueOf, which null-prototype mappings
      // lack: the reference sees a plain-object copy.
      validate: (data) => compiled(JSON.parse(JSON.stringify(data))),
      explainer: new Explainer(schema),
    };
  }
  return reference;
}

const ours = new Explainer(toJsonSchema(composeFormat));

/**
 * Every how many sample mutations one is checked: the full run (FLOTILLA_FULL_DIFFERENTIAL=1)
 * takes minutes, so by default a fixed, evenly spread subset is.
 */
const SAMPLE_STRIDE = process.env.FLOTILLA_FULL_DIFFERENTIAL === '1' ? 1 : 8;

/** compose-go's message for an invalid document, per schema. */
function message(explainer: Explainer, doc: unknown): string | undefined {
  const err = explainer.explain(doc);
  return err ? composeMessage(mostSpecificError(err)) : undefined;
}

// --- documents ----------------------------------------------------------------------------

// compose's `!reset` / `!override` tags: only their content matters here.
const composeTags = ['!reset', '!override'].flatMap((tag) => [
  defineScalarTag(tag, { resolve: (source) => source, identify: () => false }),
  defineSequenceTag(tag, {
    create: (): unknown[] => [],
    addItem: (carrier, item) => {
      carrier.push(item);
    },
    identify: () => false,
  }),
  defineMappingTag(tag, {
    create: (): Record<string, unknown> => ({}),
    addPair: (carrier, key, value) => {
      carrier[String(key)] = value;
      return '';
    },
    has: (carrier, key) => Object.hasOwn(carrier, String(key)),
    keys: (result) => Object.keys(result),
    get: (result, key) => result[String(key)],
    identify: () => false,
  }),
]);
const yamlSchema = CORE_SCHEMA.withTags(mergeTag, ...composeTags);

/** Every YAML file of every conformance case that parses to a mapping, as a null-prototype tree. */
function corpusDocuments(): { name: string; doc: Dict }[] {
  const out: { name: string; doc: Dict }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry)) {
        let parsed: unknown[];
        try {
          parsed = loadAll(readFileSync(full, 'utf8'), { schema: yamlSchema });
        } catch {
          continue; // YAML errors are another phase's business
        }
        parsed.forEach((document, i) => {
          // An alias bomb (a case for the parser's guard) would expand without bound here.
          if (!withinNodeBudget(document, 50_000)) return;
          // compose-go validates a JSON round trip of the tree (dates become strings, ...).
          const json = JSON.parse(JSON.stringify(document ?? null)) as unknown;
          const name = `${full.slice(corpus.length + 1)}#${i}`;
          if (isDict(json)) out.push({ name, doc: deepCopy(json) });
        });
      }
    }
  };
  walk(join(corpus, 'cases'));
  return out;
}

/** True when `value`, with aliases expanded, has at most `budget` nodes. */
function withinNodeBudget(value: unknown, budget: number): boolean {
  let left = budget;
  const visit = (node: unknown): boolean => {
    if (--left < 0) return false;
    if (Array.isArray(node)) return node.every(visit);
    if (node !== null && typeof node === 'object') return Object.values(node).every(visit);
    return true;
  };
  return visit(value);
}

/**
 * A valid document built from the reference schema alone: every property present, one key per
 * key pattern; `variant` picks which alternative / type is used wherever there is a choice.
 */
function sampleDocument(explainer: Explainer, variant: number): unknown {
  const sample = (schema: JsonSchema): unknown => {
    if (schema.$ref !== undefined) return sample(explainer.resolve(schema.$ref));
    if (schema.oneOf) return sample(schema.oneOf[variant % schema.oneOf.length]);
    const types = schema.type === undefined ? ['object'] : [schema.type].flat();
    // Prefer structure on variant 0 so every nested attribute is reached at least once.
    const structured = types.filter((t) => t === 'object' || t === 'array');
    const type =
      variant === 0 && structured.length > 0 ? structured[0] : types[variant % types.length];
    switch (type) {
      case 'object': {
        const out: Dict = Object.create(null) as Dict;
        for (const [k, v] of Object.entries(schema.properties ?? {})) out[k] = sample(v);
        for (const [pattern, v] of Object.entries(schema.patternProperties ?? {})) {
          const key = ['svc1', 'nofile', 'x-ext', 'k'].find((c) =>
            explainer.regex(pattern).test(c),
          );
          if (key !== undefined) out[key] = sample(v);
        }
        return out;
      }
      case 'array':
        return schema.items === undefined || typeof schema.items === 'boolean'
          ? ['item']
          : [sample(schema.items)];
      case 'string':
        if (schema.enum) return schema.enum[variant % schema.enum.length];
        if (schema.pattern !== undefined) {
          const re = explainer.regex(schema.pattern);
          return ['always', 'c1', 'value'].find((c) => re.test(c));
        }
        return variant % 2 === 0 ? 'value' : '${VAR}';
      case 'integer':
        return Math.min(Math.max(schema.minimum ?? 0, 1), schema.maximum ?? 1);
      case 'number':
        return 1.5;
      case 'boolean':
        return variant % 2 === 0;
      default:
        return null;
    }
  };
  return sample(explainer.root);
}

// --- mutations ----------------------------------------------------------------------------

const BASE_PROBES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1,
  1.5,
  100,
  101,
  -1000,
  -1001,
  1000,
  1001,
  '',
  'a',
  'ab',
  '${VAR}',
  [],
  ['a'],
  ['a', 'a'],
  [1],
  [null],
  [{}],
  {},
  { a: 'b' },
  { a: null },
  { a: [] },
  { 'x-a': 1 },
];

/** Probe values: the base set, every enum value of the reference schema, and required-key seeds. */
function probeValues(schema: JsonSchema): unknown[] {
  const enums = new Set<unknown>();
  const required = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (Array.isArray(record.enum)) record.enum.forEach((v) => enums.add(v));
      if (Array.isArray(record.required)) {
        for (const r of record.required) if (typeof r === 'string') required.add(r);
      }
      Object.values(record).forEach(visit);
    }
  };
  visit(schema);
  const seeded = [...required].map((k) => ({ [k]: 'value' }));
  return [...BASE_PROBES, ...enums, ...seeded, { type: 'bind', source: '/s', target: '/t' }];
}

function clone<T>(v: T): T {
  return deepCopy(v);
}

/**
 * Applies one mutation at a time to `doc` in place, calls `check` with a label, and restores the
 * document: every value replaced by every probe, every key removed, an unknown key and an
 * `x-*` key added to every mapping, a duplicate appended to every sequence.
 */
function forEachMutation(
  doc: Dict,
  probes: readonly unknown[],
  check: (label: string) => void,
): void {
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      const arr = node as unknown[];
      for (let i = 0; i < arr.length; i++) {
        const original = arr[i];
        for (const probe of probes) {
          arr[i] = clone(probe);
          check(`${path}.${i} = ${JSON.stringify(probe)}`);
        }
        arr[i] = original;
        visit(original, `${path}.${i}`);
      }
      if (arr.length > 0) {
        arr.push(clone(arr[0]));
        check(`${path} + duplicate`);
        arr.pop();
      }
      return;
    }
    if (!isDict(node)) return;
    const keys = Object.keys(node);
    for (const key of keys) {
      const original = node[key];
      for (const probe of probes) {
        node[key] = clone(probe);
        check(`${path}.${key} = ${JSON.stringify(probe)}`);
      }
      const entries = keys.map((k) => [k, node[k]] as const);
      Reflect.deleteProperty(node, key);
      check(`${path} without ${key}`);
      for (const [k] of entries) Reflect.deleteProperty(node, k);
      for (const [k, v] of entries) node[k] = k === key ? original : v;
      visit(original, `${path}.${key}`);
    }
    for (const [extra, value] of [
      ['unknown_key', 'x'],
      ['x-probe', { a: [1] }],
    ] as const) {
      if (Object.hasOwn(node, extra)) continue;
      node[extra] = clone(value);
      check(`${path} + ${extra}`);
      Reflect.deleteProperty(node, extra);
    }
  };
  visit(doc, '');
}

interface Tally {
  checked: number;
  invalid: number;
  messagesCompared: number;
  differing: number;
  /** The first few disagreements, for the failure message. */
  disagreements: string[];
}

function disagree(tally: Tally, text: string): void {
  tally.differing++;
  if (tally.disagreements.length < 20) tally.disagreements.push(text);
}

/** Runs both validators (and, every `messageEvery` invalid documents, both explainers). */
function differ(doc: Dict, label: string, tally: Tally, messageEvery: number): void {
  const ref = getReference();
  const expected = ref.validate(doc);
  const actual = validate(doc);
  tally.checked++;
  if (expected !== actual) {
    disagree(tally, `${label}: reference ${expected ? 'accepts' : 'refuses'}, ours not`);
    return;
  }
  if (expected) return;
  tally.invalid++;
  if (tally.invalid % messageEvery !== 0) return;
  tally.messagesCompared++;
  const want = message(ref.explainer, doc);
  const got = message(ours, doc);
  if (want !== got) disagree(tally, `${label}: message '${got}', reference '${want}'`);
}

function newTally(): Tally {
  return { checked: 0, invalid: 0, messagesCompared: 0, differing: 0, disagreements: [] };
}

// --- tests --------------------------------------------------------------------------------

test('compose-format generated validator matches the format description', () => {
  assert.equal(generatedFingerprint, schemaFingerprint(toJsonSchema(composeFormat)));
  // The schema it embeds, which error explanations read, is the emitted description itself.
  assert.deepEqual(compiledSchema, toJsonSchema(composeFormat));
});

test('compose-format sample documents of the reference schema are valid for both', { skip }, () => {
  const ref = getReference();
  for (let variant = 0; variant < 4; variant++) {
    const doc = sampleDocument(ref.explainer, variant);
    assert.equal(ref.validate(doc), true, `reference refuses its own sample ${variant}`);
    assert.equal(validate(doc), true, `ours refuses sample ${variant}: ${message(ours, doc)}`);
  }
});

test('compose-format agrees with the reference on mutations of sample documents', { skip }, () => {
  const ref = getReference();
  const probes = probeValues(ref.schema);
  const tally = newTally();
  for (let variant = 0; variant < 4; variant++) {
    const doc = sampleDocument(ref.explainer, variant) as Dict;
    let n = 0;
    forEachMutation(doc, probes, (label) => {
      if (n++ % SAMPLE_STRIDE === 0) differ(doc, `sample ${variant}${label}`, tally, 1);
    });
  }
  assert.deepEqual(tally.disagreements, [], `${tally.differing} of ${tally.checked} differ`);
  assert.ok(tally.checked > 50_000 / SAMPLE_STRIDE, `only ${tally.checked} mutations checked`);
  assert.ok(
    tally.messagesCompared > 10_000 / SAMPLE_STRIDE,
    `only ${tally.messagesCompared} messages compared`,
  );
});

test('compose-format agrees with the reference on the conformance corpus', { skip }, () => {
  const ref = getReference();
  const probes = probeValues(ref.schema);
  const docs = corpusDocuments();
  assert.ok(docs.length > 300, `only ${docs.length} corpus documents`);
  const tally = newTally();
  for (const { name, doc } of docs) {
    differ(doc, name, tally, 1);
    forEachMutation(doc, probes, (label) => {
      differ(doc, `${name}${label}`, tally, 13);
    });
  }
  assert.deepEqual(tally.disagreements, [], `${tally.differing} of ${tally.checked} differ`);
  assert.ok(tally.checked > 100_000, `only ${tally.checked} mutations checked`);
});
