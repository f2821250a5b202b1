/**
 * `--format helm`: a chart whose values.yaml holds each service's image, replicas, resources
 * and (non-secret) environment, and whose templates render, with the default values, to the
 * same objects as `--format manifests`. Every other string is written so that Helm renders it
 * as it is (`{{` escaped).
 */
import type { KubernetesObject, OutputFile } from '../../../api/convert.js';
import type { WorkloadHint } from '../context.js';
import { dnsName } from '../names.js';
import { RawEntry, RawScalar, toYaml } from '../../yaml-emit.js';
import { fileHeader, kindFile, sortObjects } from './manifests.js';

type Obj = Record<string, unknown>;

/** `(index .Values.services "web")`: service keys may hold `-` or `.`. */
function valuesOf(key: string): string {
  return `(index .Values.services ${JSON.stringify(key)})`;
}

/** The chart's files. */
export function helmFiles(
  project: string,
  objects: readonly KubernetesObject[],
  workloads: readonly WorkloadHint[],
): OutputFile[] {
  const values: Record<string, Obj> = {};
  const templated = new Map<KubernetesObject, unknown>();
  for (const hint of workloads) {
    const workload = objects.find((o) => o.kind === hint.kind && o.metadata.name === hint.name);
    if (workload === undefined) continue;
    const spec = workload.spec as Obj;
    const template = spec.template as Obj;
    const pod = template.spec as Obj;
    const [container, ...sidecars] = pod.containers as Obj[];
    const v: Obj = { image: container.image };
    const ref = valuesOf(hint.key);
    const newSpec: Obj = { ...spec };
    if (hint.kind === 'Deployment' || hint.kind === 'StatefulSet') {
      v.replicas = spec.replicas;
      newSpec.replicas = new RawScalar(`{{ ${ref}.replicas }}`);
    }
    v.resources = container.resources ?? {};
    const newContainer: Obj = {
      ...container,
      image: new RawScalar(`{{ ${ref}.image | quote }}`),
      resources: new RawEntry((indent) => [
        `{{- with ${ref}.resources }}`,
        'resources:',
        `{{- toYaml . | nindent ${indent.length + 2} }}`,
        '{{- end }}',
      ]),
    };
    newSpec.template = { ...template, spec: { ...pod, containers: [newContainer, ...sidecars] } };
    templated.set(workload, { ...workload, spec: newSpec });
    if (hint.envConfigMap !== undefined) {
      const cm = objects.find(
        (o) => o.kind === 'ConfigMap' && o.metadata.name === hint.envConfigMap,
      );
      if (cm !== undefined) {
        v.env = cm.data;
        templated.set(cm, {
          ...cm,
          data: new RawEntry(() => [
            `{{- with ${ref}.env }}`,
            'data:',
            '{{- range $name, $value := . }}',
            '  {{ $name | quote }}: {{ $value | quote }}',
            '{{- end }}',
            '{{- end }}',
          ]),
        });
      }
    }
    values[hint.key] = v;
  }
  const name = dnsName(project);
  const files: OutputFile[] = [
    {
      path: 'Chart.yaml',
      content:
        fileHeader(project, []) +
        toYaml({
          apiVersion: 'v2',
          name,
          description: `The compose project ${project}, converted by flotilla`,
          type: 'application',
          version: '0.1.0',
        }),
    },
    {
      path: 'values.yaml',
      content:
        fileHeader(project, []) +
        '# Per service: the image, the replicas, the resources and the environment (the variables\n' +
        '# that look like credentials belong in Secrets, not here).\n' +
        toYaml({ services: values }),
    },
  ];
  const byKind = new Map<string, KubernetesObject[]>();
  for (const o of sortObjects(objects)) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
  for (const [kind, list] of byKind) {
    const docs = list.map((o) => `---\n${toYaml(templated.get(o) ?? o, { helm: true })}`);
    files.push({
      path: `templates/${kindFile(kind)}`,
      content: fileHeader(project, list) + docs.join(''),
    });
  }
  return files;
}
