/**
 * `environment` and `env_file` (already read into `environment` by the loader) become a
 * ConfigMap `<service>-env`, and a Secret of the same name for the variables whose names look
 * like credentials (`*PASSWORD*`, `*TOKEN*`, `*SECRET*`, `*KEY*`, ...) or whose value is a URL
 * with a password (`postgres://user:password@db/app`); the container takes
 * both with `envFrom`. Values pass through envFrom as written: Kubernetes expands `$(VAR)` only
 * in `env[].value`, `command` and `args`. The report names variables, never their values. The
 * Secret is written only when the options include secrets; otherwise the container still
 * refers to it and the report says how to create it.
 */
import type { ServiceConfig } from '../../model/service.js';
import type { KubeContext } from './context.js';
import { isEnvVarName } from './names.js';
import { serviceLabels } from './labels.js';

const SENSITIVE = /PASS|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE|CERT/i;
/** A URL with a password: `postgres://user:password@host/db`. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;

/** Whether a variable's name, or a password in its URL value, suggests a credential. */
export function looksSecret(name: string, value = ''): boolean {
  return SENSITIVE.test(name) || URL_WITH_PASSWORD.test(value);
}

export interface EnvFromSource {
  configMapRef?: { name: string };
  secretRef?: { name: string };
}

/**
 * Makes the service's environment objects and returns the container's `envFrom`.
 * @returns the envFrom list, and the ConfigMap's name when there is one (Helm's values)
 */
export function environmentObjects(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  where: string,
): { envFrom: EnvFromSource[]; configMap?: string } {
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [name, value] of Object.entries(service.environment ?? {})) {
    const path = `environment.${name}`;
    if (value === null) {
      ctx.note(key, path, 'mapped', 'no value anywhere: the variable is not set, as with compose');
      continue;
    }
    if (!isEnvVarName(name)) {
      ctx.note(
        key,
        path,
        'dropped',
        'not a variable name Kubernetes 1.20 accepts (letters, digits, "_", "-", ".", no leading digit)',
      );
      continue;
    }
    if (looksSecret(name, value)) secret[name] = value;
    else plain[name] = value;
  }
  const name = `${ctx.plan(key).name}-env`;
  const labels = serviceLabels(ctx.projectLabel, ctx.plan(key).name, key);
  const envFrom: EnvFromSource[] = [];
  let configMap: string | undefined;
  if (Object.keys(plain).length > 0) {
    ctx.claim('ConfigMap', name, `the environment of service ${JSON.stringify(key)}`);
    ctx.add({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, labels },
      data: sortedRecord(plain),
    });
    envFrom.push({ configMapRef: { name } });
    configMap = name;
    for (const v of Object.keys(plain)) {
      ctx.note(key, `environment.${v}`, 'mapped', `in ConfigMap ${name}`, `${where}.envFrom`);
    }
  }
  if (Object.keys(secret).length > 0) {
    ctx.claim('Secret', name, `the environment of service ${JSON.stringify(key)}`);
    const written = ctx.options.includeSecrets;
    if (written) {
      ctx.add({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name, labels },
        type: 'Opaque',
        data: base64Record(secret),
      });
    } else {
      ctx.external.Secret.add(name);
      const literals = Object.keys(secret)
        .sort()
        .map((v) => `--from-literal=${v}=...`)
        .join(' ');
      ctx.report.resource({
        path: `services.${key}.environment`,
        outcome: 'approximated',
        target: `Secret/${name}`,
        reason: `not written, so that the values stay out of the output: create it before the pods start (kubectl create secret generic ${name} ${literals}), convert with --include-secrets, or deploy with flotilla k8s deploy, which sends it to the cluster only`,
      });
    }
    envFrom.push({ secretRef: { name } });
    for (const v of Object.keys(secret)) {
      ctx.note(
        key,
        `environment.${v}`,
        written ? 'mapped' : 'approximated',
        written
          ? `in Secret ${name} (it looks like a credential)`
          : `in Secret ${name} (it looks like a credential), not written: see the Secret's entry`,
        `${where}.envFrom`,
      );
    }
  }
  (service.envFiles ?? []).forEach((f, i) => {
    ctx.note(
      key,
      `env_file[${i}]`,
      'mapped',
      f.required
        ? `read at conversion time into the environment objects (${name})`
        : `read at conversion time when present into the environment objects (${name})`,
    );
  });
  return configMap === undefined ? { envFrom } : { envFrom, configMap };
}

/** A record with its keys sorted (stable output). */
export function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(record).sort()) out[k] = record[k];
  return out;
}

function base64Record(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(record).sort()) {
    out[k] = Buffer.from(record[k], 'utf8').toString('base64');
  }
  return out;
}
