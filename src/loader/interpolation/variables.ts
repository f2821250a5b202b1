import { isDict } from '../tree.js';
import { firstClosingBrace, TEMPLATE_SOURCE } from './template-pattern.js';

/**
 * The variables a compose model uses, for `docker compose config --variables` (a table NAME,
 * REQUIRED, DEFAULT VALUE, ALTERNATE VALUE). Read as compose-go's template/variables.go does it,
 * on the model before interpolation.
 */

/** One variable and how the model uses it. */
export interface TemplateVariable {
  readonly name: string;
  /** Used as `${NAME?msg}` or `${NAME:?msg}`. */
  readonly required: boolean;
  /** The raw (not substituted) text after `:-` / `-`, or `''`. */
  readonly defaultValue: string;
  /** The raw text after `:+` / `+` (compose-go's PresenceValue), or `''`. */
  readonly alternateValue: string;
}

/**
 * Every variable that string values of `tree` refer to (keys are not read), including those
 * inside defaults and alternate values, sorted by name. When a name is used several times, the
 * last use in document order describes it (compose-go keeps one of them, in map order).
 * Malformed templates such as `${ foo}` are skipped (compose-go lists them under an empty name).
 */
export function extractVariables(tree: unknown): Map<string, TemplateVariable> {
  const found = new Map<string, TemplateVariable>();
  walk(tree, found);
  const sorted = [...found.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(sorted.map((name) => [name, found.get(name)!]));
}

function walk(node: unknown, found: Map<string, TemplateVariable>): void {
  if (typeof node === 'string') {
    if (!node.includes('$')) return;
    for (const v of variablesIn(node)) if (v.name !== '') found.set(v.name, v);
  } else if (Array.isArray(node)) {
    for (const item of node) walk(item, found);
  } else if (isDict(node)) {
    for (const key of Object.keys(node)) walk(node[key], found);
  }
}

function variablesIn(text: string): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  for (const match of text.matchAll(new RegExp(TEMPLATE_SOURCE, 'g'))) {
    const matched = match[0];
    // Groups of a match that did not take part are undefined, whatever the typings say.
    const m = match as (string | undefined)[];
    if (m[1] !== undefined) continue;
    let body = m[2] ?? '';
    if (body === '') {
      body = m[3] ?? '';
      const close = firstClosingBrace(matched);
      if (close > 0) {
        body = matched.slice(2, close);
        // What follows the first balanced `}` is read first, so the variable itself wins.
        out.push(...variablesIn(matched.slice(close + 1)));
      }
    }
    out.push(...describe(body));
  }
  return out;
}

function describe(body: string): TemplateVariable[] {
  const end = body.search(/[^A-Za-z0-9_]/);
  if (end <= 0) return [{ name: body, required: false, defaultValue: '', alternateValue: '' }];
  const name = body.slice(0, end);
  const rest = body.slice(end);
  let required = false;
  let defaultValue = '';
  let alternateValue = '';
  if (rest.startsWith(':?') || rest.startsWith('?')) required = true;
  else if (rest.startsWith(':-')) defaultValue = rest.slice(2);
  else if (rest.startsWith('-')) defaultValue = rest.slice(1);
  else if (rest.startsWith(':+')) alternateValue = rest.slice(2);
  else if (rest.startsWith('+')) alternateValue = rest.slice(1);
  const out: TemplateVariable[] = [{ name, required, defaultValue, alternateValue }];
  if (defaultValue !== '') out.push(...variablesIn(defaultValue));
  if (alternateValue !== '') out.push(...variablesIn(alternateValue));
  return out;
}
