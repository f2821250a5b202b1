import { ComposeError } from '../../api/errors.js';
import { goQuote } from '../../internal/go-quote.js';
import { firstClosingBrace, TEMPLATE_SOURCE } from './template-pattern.js';

/**
 * The `${VAR}` template engine, read for read as compose-go's template package: `$VAR`,
 * `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`,
 * `${VAR:+alternate}`, `${VAR+alternate}`, nested templates in defaults and messages, `$$` for a
 * literal `$`.
 *
 * The matching rules are compose-go's, quirks included, because users rely on them: a braced
 * template's text runs to the last `}` of the line and is then cut at its first balanced `}` (the
 * remainder is substituted separately); the operator is the first operator sequence in the
 * matched text; a `$` not followed by a name, `{` or `$` is kept as it is.
 */

/** Maps a variable name to its value; `undefined` means unset (as opposed to empty). */
export type VariableLookup = (name: string) => string | undefined;

/** Why a template could not be substituted. */
export type TemplateFailure =
  /** Malformed `${...}`; `template` is the text compose-go reports (the innermost template). */
  | { readonly kind: 'invalid'; readonly template: string }
  /** `${VAR?msg}` / `${VAR:?msg}` with VAR unset (or empty); `reason` is the substituted msg. */
  | { readonly kind: 'required'; readonly variable: string; readonly reason: string };

/** The outcome of {@link trySubstitute}: the substituted text or the first failure. */
export type SubstituteResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly failure: TemplateFailure };

const ANCHORED = new RegExp(`^${TEMPLATE_SOURCE}`);
// Shared by every call: substituteAll saves and restores lastIndex around nested calls.
const PATTERN = new RegExp(TEMPLATE_SOURCE, 'g');

const NOT_APPLIED = Symbol('not applied');

interface Failed {
  failure: TemplateFailure;
}

type Step = string | Failed;

/**
 * Substitutes every template in `text`, reporting failures as data (no exception is thrown).
 * `onUnset` is called for each variable that was unset and replaced by an empty string (compose
 * warns about these); a variable with a default or a `?`/`+` operator is not reported.
 */
export function trySubstitute(
  text: string,
  lookup: VariableLookup,
  onUnset?: (name: string) => void,
): SubstituteResult {
  if (!text.includes('$')) return { ok: true, value: text };
  const r = substituteAll(text, lookup, onUnset);
  return typeof r === 'string' ? { ok: true, value: r } : { ok: false, failure: r.failure };
}

/**
 * Substitutes every template in `text`.
 * @throws ComposeError('INTERPOLATION') with compose-go's template message:
 *   `Invalid template: "<template>"` or `required variable X is missing a value: <msg>`.
 * @example substitute('${A:-x}$B', (n) => (n === 'B' ? 'b' : undefined)) // 'xb'
 */
export function substitute(
  text: string,
  lookup: VariableLookup,
  onUnset?: (name: string) => void,
): string {
  if (!text.includes('$')) return text;
  const r = substituteAll(text, lookup, onUnset);
  if (typeof r === 'string') return r;
  throw new ComposeError('INTERPOLATION', templateFailureMessage(r.failure));
}

/** compose-go's text for a template failure, without any path. */
export function templateFailureMessage(failure: TemplateFailure): string {
  if (failure.kind === 'invalid') return `Invalid template: ${goQuote(failure.template)}`;
  return failure.reason === ''
    ? `required variable ${failure.variable} is missing a value`
    : `required variable ${failure.variable} is missing a value: ${failure.reason}`;
}

function substituteAll(text: string, lookup: VariableLookup, onUnset: OnUnset): Step {
  if (!text.includes('$')) return text;
  let out = '';
  let last = 0;
  let first: Failed | undefined;
  // Like Go's ReplaceAllStringFunc, every match is replaced even after a failure (lookups and
  // unset-variable reports happen for all of them); the first failure wins.
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(text); m !== null; m = PATTERN.exec(text)) {
    out += text.slice(last, m.index);
    last = PATTERN.lastIndex;
    const r = replaceMatch(m[0], lookup, onUnset);
    PATTERN.lastIndex = last;
    if (typeof r === 'string') out += r;
    else first ??= r;
  }
  if (first === undefined) return out + text.slice(last);
  // An invalid template reports the innermost text being substituted when it failed.
  const f = first.failure;
  if (f.kind === 'invalid' && f.template === '')
    return { failure: { kind: 'invalid', template: text } };
  return first;
}

type OnUnset = ((name: string) => void) | undefined;

function replaceMatch(matched: string, lookup: VariableLookup, onUnset: OnUnset): Step {
  // compose-go picks the operator from the whole match, before cutting it at the first `}`.
  const operator = firstOperator(matched);
  const close = firstClosingBrace(matched);
  let rest = '';
  let substring = matched;
  if (close > -1) {
    rest = matched.slice(close + 1);
    substring = matched.slice(0, close + 1);
  }
  // Groups of a match that did not take part are undefined, whatever the typings say.
  const m = ANCHORED.exec(substring) as (string | undefined)[] | null;
  if (m === null) return { failure: { kind: 'invalid', template: '' } };
  if (m[1] !== undefined) return '$';
  let name = m[2] ?? '';
  const braced = name === '';
  if (braced) name = m[3] ?? '';
  if (name === '') return { failure: { kind: 'invalid', template: '' } };

  if (braced) {
    const applied = applyOperator(operator, name, lookup, onUnset);
    if (applied !== NOT_APPLIED) {
      if (typeof applied !== 'string') return applied;
      const nested = substituteAll(rest, lookup, onUnset);
      return typeof nested === 'string' ? applied + nested : nested;
    }
  }
  const value = lookup(name);
  if (value === undefined) {
    onUnset?.(name);
    return '';
  }
  return value;
}

/** The operator sequence that starts first in `s` (`:?` before `?` at the same place). */
function firstOperator(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '?' || c === '-' || c === '+') return c;
    if (c === ':') {
      const n = s[i + 1];
      if (n === '?' || n === '-' || n === '+') return c + n;
    }
  }
  return '';
}

function applyOperator(
  operator: string,
  body: string,
  lookup: VariableLookup,
  onUnset: OnUnset,
): Step | typeof NOT_APPLIED {
  switch (operator) {
    case ':?':
      return required(body, ':?', true, lookup, onUnset);
    case '?':
      return required(body, '?', false, lookup, onUnset);
    case ':-':
      return whenAbsent(body, ':-', true, lookup, onUnset);
    case '-':
      return whenAbsent(body, '-', false, lookup, onUnset);
    case ':+':
      return whenPresent(body, ':+', true, lookup, onUnset);
    case '+':
      return whenPresent(body, '+', false, lookup, onUnset);
    default:
      return NOT_APPLIED;
  }
}

function whenAbsent(
  body: string,
  sep: string,
  emptyCounts: boolean,
  lookup: VariableLookup,
  onUnset: OnUnset,
): Step | typeof NOT_APPLIED {
  const at = body.indexOf(sep);
  if (at < 0) return NOT_APPLIED;
  const value = lookup(body.slice(0, at));
  if (value === undefined || (emptyCounts && value === '')) {
    return substituteAll(body.slice(at + sep.length), lookup, onUnset);
  }
  return value;
}

function whenPresent(
  body: string,
  sep: string,
  nonEmpty: boolean,
  lookup: VariableLookup,
  onUnset: OnUnset,
): Step | typeof NOT_APPLIED {
  const at = body.indexOf(sep);
  if (at < 0) return NOT_APPLIED;
  const value = lookup(body.slice(0, at));
  if (value !== undefined && (!nonEmpty || value !== '')) {
    return substituteAll(body.slice(at + sep.length), lookup, onUnset);
  }
  return value ?? '';
}

function required(
  body: string,
  sep: string,
  nonEmpty: boolean,
  lookup: VariableLookup,
  onUnset: OnUnset,
): Step | typeof NOT_APPLIED {
  const at = body.indexOf(sep);
  if (at < 0) return NOT_APPLIED;
  const variable = body.slice(0, at);
  const value = lookup(variable);
  if (value !== undefined && (!nonEmpty || value !== '')) return value;
  const reason = substituteAll(body.slice(at + sep.length), lookup, onUnset);
  if (typeof reason !== 'string') return reason;
  return { failure: { kind: 'required', variable, reason } };
}
