import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isComposeError } from '../../api/errors.js';
import { substitute, templateFailureMessage, trySubstitute } from './template.js';

const env: Record<string, string> = { FOO: 'first', BAR: '', JSON: '{"json":2}' };
const lookup = (name: string): string | undefined =>
  Object.hasOwn(env, name) ? env[name] : undefined;

function sub(template: string): string {
  return substitute(template, lookup);
}

function unsetIn(template: string): string[] {
  const unset: string[] = [];
  substitute(template, lookup, (name) => unset.push(name));
  return unset;
}

function failure(template: string): string {
  try {
    sub(template);
  } catch (err) {
    assert.ok(isComposeError(err, 'INTERPOLATION'));
    return err.message;
  }
  assert.fail(`no error for ${template}`);
}

test('substitute returns text without $ unchanged', () => {
  assert.equal(sub('foo'), 'foo');
  assert.equal(sub(''), '');
});

test('substitute turns $$ into a literal $', () => {
  assert.equal(sub('$${foo}'), '${foo}');
  assert.equal(sub('$$FOO'), '$FOO');
  assert.equal(sub('$$$FOO'), '$first');
});

test('substitute keeps a $ that starts no template', () => {
  for (const t of ['a $ string', '^REGEX$', '$}', '$', '$1', '$-x']) assert.equal(sub(t), t);
});

test('substitute replaces $VAR and ${VAR}', () => {
  assert.equal(sub('This $FOO var'), 'This first var');
  assert.equal(sub('This ${FOO} var'), 'This first var');
  assert.equal(sub('$FOO-bar'), 'first-bar');
  assert.equal(sub('$FOO$FOO'), 'firstfirst');
  assert.equal(sub('${FOO}${FOO}'), 'firstfirst');
});

test('substitute gives unset and empty variables an empty value', () => {
  assert.equal(sub('This ${missing} var'), 'This  var');
  assert.equal(sub('This ${BAR} var'), 'This  var');
  assert.equal(sub('This $missing var'), 'This  var');
});

test('substitute reports unset variables that became empty, and only those', () => {
  assert.deepEqual(unsetIn('${missing} $other ${BAR}'), ['missing', 'other']);
  assert.deepEqual(unsetIn('${A:-x}${A-x}${A:+x}${A+x}'), []);
  // Defaults are only substituted when used.
  assert.deepEqual(unsetIn('${A:+${A},}B'), []);
  assert.deepEqual(unsetIn('${A:-${B}}'), ['B']);
  assert.deepEqual(unsetIn('${FOO?${B}}'), []);
});

test('substitute applies :- when unset or empty and - when unset', () => {
  assert.equal(sub('ok ${missing:-def}'), 'ok def');
  assert.equal(sub('ok ${missing-def}'), 'ok def');
  assert.equal(sub('ok ${BAR:-def}'), 'ok def');
  assert.equal(sub('ok ${FOO:-def}'), 'ok first');
  assert.equal(sub('ok ${BAR-def}'), 'ok ');
  assert.equal(sub('ok ${BAR:-/non:-alphanumeric}'), 'ok /non:-alphanumeric');
});

test('substitute applies :+ when set and non-empty and + when set', () => {
  assert.equal(sub('ok ${UNSET_VAR:+presence_value}'), 'ok ');
  assert.equal(sub('ok ${UNSET_VAR+presence_value}'), 'ok ');
  assert.equal(sub('ok ${FOO:+presence_value}'), 'ok presence_value');
  assert.equal(sub('ok ${FOO+presence_value}'), 'ok presence_value');
  assert.equal(sub('ok ${BAR+presence_value}'), 'ok presence_value');
  assert.equal(sub('ok ${BAR:+presence_value}'), 'ok ');
  assert.equal(sub('${A:+${A},}B'), 'B');
});

test('substitute expands templates nested in defaults and alternates', () => {
  const cases: [string, string][] = [
    ['ok ${UNSET_VAR-$FOO}', 'ok first'],
    ['ok ${UNSET_VAR-${FOO}}', 'ok first'],
    ['ok ${UNSET_VAR-${FOO} ${FOO}}', 'ok first first'],
    ['ok ${BAR:-$FOO}', 'ok first'],
    ['ok ${BAR:-${FOO}}', 'ok first'],
    ['ok ${BAR:-${FOO} ${FOO}}', 'ok first first'],
    ['ok ${BAR+$FOO}', 'ok first'],
    ['ok ${BAR+$FOO ${FOO:+second}}', 'ok first second'],
    ['${A:-${B:-${C:-deep}}}', 'deep'],
  ];
  for (const [t, want] of cases) assert.equal(sub(t), want, t);
});

test('substitute keeps braces of JSON-like defaults', () => {
  assert.equal(sub('ok ${missing:-{"json":1}}'), 'ok {"json":1}');
  assert.equal(sub('ok ${missing-{"json":1}}'), 'ok {"json":1}');
  assert.equal(sub('ok ${JSON:-{"json":1}}'), 'ok {"json":2}');
  assert.equal(sub('ok ${JSON-{"json":1}}'), 'ok {"json":2}');
});

test('substitute is not confused by operator characters outside the template', () => {
  const cases: [string, string][] = [
    ['-ok ${BAR:-defaultValue}', '-ok defaultValue'],
    ['+ok ${UNSET:-${BAR-defaultValue}}', '+ok '],
    ['-ok ${FOO:-defaultValue}', '-ok first'],
    [':-ok ${UNSET-defaultValue}', ':-ok defaultValue'],
    [':-ok ${BAR-defaultValue}', ':-ok '],
    [':?ok ${BAR-defaultValue}', ':?ok '],
    [':?ok ${BAR:-defaultValue}', ':?ok defaultValue'],
    [':+ok ${BAR:-defaultValue}', ':+ok defaultValue'],
    ['+ok ${BAR-defaultValue}', '+ok '],
    ['?ok ${BAR:-defaultValue}', '?ok defaultValue'],
    ['ok ${SUBDOMAIN:-redis}.${FOO:?}', 'ok redis.first'],
    ['${A-x} and ${B:-y} then ${FOO}', 'x and y then first'],
    ['${A-x}}', 'x}'],
  ];
  for (const [t, want] of cases) assert.equal(sub(t), want, t);
});

test('substitute takes the first operator after the name', () => {
  assert.equal(sub('${UNSET_VAR-myerror?msg}'), 'myerror?msg');
  assert.equal(sub('${FOO?bar-baz}'), 'first');
  assert.equal(sub('${BAR:-default_value_for_empty_var}'), 'default_value_for_empty_var');
  assert.equal(sub('${UNSET_VAR-default_value_for_unset_var}'), 'default_value_for_unset_var');
  assert.equal(sub('${UNSET-a:-b}'), 'a:-b');
  assert.equal(sub('${UNSET:+a-b}'), '');
});

test('substitute returns the value when a required variable is set', () => {
  assert.equal(sub('ok ${FOO:?err}'), 'ok first');
  assert.equal(sub('ok ${FOO?err}'), 'ok first');
  assert.equal(sub('ok ${BAR?err}'), 'ok ');
});

test('substitute fails on a missing required variable with compose-go text', () => {
  const cases: [string, string][] = [
    [
      'not ok ${UNSET_VAR:?Mandatory Variable Unset}',
      'required variable UNSET_VAR is missing a value: Mandatory Variable Unset',
    ],
    [
      'not ok ${BAR:?Mandatory Variable Empty}',
      'required variable BAR is missing a value: Mandatory Variable Empty',
    ],
    ['not ok ${UNSET_VAR:?}', 'required variable UNSET_VAR is missing a value'],
    [
      'not ok ${UNSET_VAR?Mandatory Variable Unset}',
      'required variable UNSET_VAR is missing a value: Mandatory Variable Unset',
    ],
    ['not ok ${UNSET_VAR?}', 'required variable UNSET_VAR is missing a value'],
    [
      'not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}',
      'required variable UNSET_VAR is missing a value: Mandatory Variable first',
    ],
    [
      'not ok ${UNSET_VAR?Mandatory Variable ${FOO}}',
      'required variable UNSET_VAR is missing a value: Mandatory Variable first',
    ],
    ['${UNSET_VAR?bar-baz}', 'required variable UNSET_VAR is missing a value: bar-baz'],
  ];
  for (const [t, want] of cases) assert.equal(failure(t), want, t);
});

test('substitute rejects invalid templates and quotes them as Go does', () => {
  for (const t of ['${', '${}', '${ }', '${ foo}', '${foo }', '${foo!}', '${foo:x}']) {
    assert.equal(failure(t), `Invalid template: "${t}"`);
  }
  assert.equal(failure('a\t${ x}\n'), 'Invalid template: "a\\t${ x}\\n"');
});

test('substitute reports the innermost template of a nested invalid template', () => {
  assert.equal(failure('x ${A-${}}'), 'Invalid template: "${}"');
  // The text after the first balanced brace is substituted on its own.
  assert.equal(failure('${A:-x} ${ } y}'), 'Invalid template: " ${ } y}"');
  // Only used defaults are read.
  assert.equal(sub('${FOO-${}}'), 'first');
});

test('substitute reports the first failure but still visits later templates', () => {
  const unset: string[] = [];
  const r = trySubstitute('${ x} ${A:?first} $LATER', lookup, (n) => unset.push(n));
  assert.ok(!r.ok);
  assert.deepEqual(r.failure, { kind: 'invalid', template: '${ x} ${A:?first} $LATER' });
  assert.deepEqual(unset, ['LATER']);
});

test('substitute does not let a template run across lines', () => {
  assert.equal(failure('${A:-x\n}'), 'Invalid template: "${A:-x\\n}"');
  assert.equal(sub('${A:-a}\n${B:-b}'), 'a\nb');
});

test('substitute accepts names Go folds to ASCII letters', () => {
  const seen: string[] = [];
  substitute('${\u212a}', (n) => {
    seen.push(n);
    return 'v';
  });
  assert.deepEqual(seen, ['\u212a']);
});

test('trySubstitute reports failures as data', () => {
  assert.deepEqual(trySubstitute('${A:?why}', lookup), {
    ok: false,
    failure: { kind: 'required', variable: 'A', reason: 'why' },
  });
  assert.deepEqual(trySubstitute('$FOO', lookup), { ok: true, value: 'first' });
});

test('templateFailureMessage words failures like compose-go', () => {
  assert.equal(
    templateFailureMessage({ kind: 'required', variable: 'X', reason: '' }),
    'required variable X is missing a value',
  );
  assert.equal(
    templateFailureMessage({ kind: 'invalid', template: 'a"b' }),
    'Invalid template: "a\\"b"',
  );
});
