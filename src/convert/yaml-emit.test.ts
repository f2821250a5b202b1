import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { RawEntry, RawScalar, toYaml, toYamlDocuments } from './yaml-emit.js';

test('toYaml writes keys in order, sequences indented, quoting only what YAML would misread', () => {
  const value = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web', labels: { 'networks.flotilla.dev/default': 'true' } },
    data: { PORT: '8080', FLAG: 'no', EMPTY: '', TEXT: 'a: b', MULTI: 'line 1\nline 2\n' },
    list: [{ name: 'a', port: 80 }, 'x', []],
    empty: {},
    skipped: undefined,
  };
  const text = toYaml(value);
  assert.equal(
    text,
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  labels:
    networks.flotilla.dev/default: "true"
data:
  PORT: "8080"
  FLAG: "no"
  EMPTY: ""
  TEXT: 'a: b'
  MULTI: |
    line 1
    line 2
list:
  - name: a
    port: 80
  - x
  - []
empty: {}
`,
  );
  const { skipped: _skipped, ...rest } = value;
  assert.deepEqual(parse(text), rest, 'it reads back as the same data');
});

test('toYaml for Helm escapes {{ and writes raw template text', () => {
  const text = toYaml(
    {
      image: new RawScalar('{{ .Values.image | quote }}'),
      rule: 'Host(`{{ .Name }}`)',
      container: {
        name: 'web',
        resources: new RawEntry(() => ['{{- with .Values.r }}', 'resources:', '{{- end }}']),
      },
    },
    { helm: true },
  );
  assert.equal(
    text,
    `image: {{ .Values.image | quote }}
rule: Host(\`{{ "{{" }} .Name }}\`)
container:
  name: web
{{- with .Values.r }}
  resources:
{{- end }}
`,
  );
});

test('toYamlDocuments separates documents with ---', () => {
  assert.equal(toYamlDocuments([{ a: 1 }, { b: 2 }]), '---\na: 1\n---\nb: 2\n');
});
