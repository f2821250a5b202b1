/**
 * `healthcheck` becomes a readinessProbe: an unhealthy container is taken out of its Service and
 * holds back whoever waits for it, as compose's `service_healthy`, without being restarted
 * (compose restarts nothing for health). `start_period` adds a startupProbe probing at
 * `start_interval` until the first success.
 */
import type { ServiceConfig } from '../../model/service.js';
import type { KubeContext } from './context.js';

const SECOND = 1e9;
const DEFAULT_INTERVAL = 30 * SECOND;
const DEFAULT_TIMEOUT = 30 * SECOND;
const DEFAULT_RETRIES = 3;
const DEFAULT_START_INTERVAL = 5 * SECOND;

/** Whole seconds, rounded up, at least 1 (the probes' unit). */
export function probeSeconds(ns: number): number {
  return Math.max(1, Math.ceil(ns / SECOND));
}

export interface Probe {
  exec: { command: string[] };
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold?: number;
}

/** The probes of a service's container, reporting `healthcheck`. */
export function healthProbes(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  where: string,
): { readinessProbe?: Probe; startupProbe?: Probe } {
  const hc = service.healthcheck;
  if (hc === undefined) return {};
  const test = hc.test;
  if (hc.disable === true || test?.[0] === 'NONE') {
    ctx.note(key, 'healthcheck', 'mapped', 'the health check is disabled: no probe');
    return {};
  }
  if (test === undefined || test.length === 0) {
    ctx.note(
      key,
      'healthcheck',
      'dropped',
      "the image's own HEALTHCHECK is invisible to Kubernetes: write healthcheck.test to get a probe",
    );
    return {};
  }
  const command =
    test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', test.slice(1).join(' ')] : test.slice(1);
  const interval = hc.interval ?? DEFAULT_INTERVAL;
  const retries = hc.retries ?? DEFAULT_RETRIES;
  const readinessProbe: Probe = {
    exec: { command },
    periodSeconds: probeSeconds(interval),
    timeoutSeconds: probeSeconds(hc.timeout ?? DEFAULT_TIMEOUT),
    failureThreshold: Math.max(1, retries),
  };
  ctx.note(
    key,
    'healthcheck.test',
    'mapped',
    'an exec readinessProbe: an unhealthy pod leaves its Service and holds back the services waiting for it',
    `${where}.readinessProbe`,
  );
  for (const [field, value] of [
    ['interval', 'periodSeconds'],
    ['timeout', 'timeoutSeconds'],
    ['retries', 'failureThreshold'],
  ] as const) {
    if (hc[field] !== undefined) {
      ctx.note(key, `healthcheck.${field}`, 'mapped', value, `${where}.readinessProbe.${value}`);
    }
  }
  const out: { readinessProbe?: Probe; startupProbe?: Probe } = { readinessProbe };
  const startPeriod = hc.startPeriod ?? 0;
  if (startPeriod > 0) {
    const startInterval = hc.startInterval ?? DEFAULT_START_INTERVAL;
    const period = probeSeconds(startInterval);
    const window = startPeriod + retries * interval;
    out.startupProbe = {
      exec: { command },
      periodSeconds: period,
      timeoutSeconds: readinessProbe.timeoutSeconds,
      failureThreshold: Math.max(1, Math.ceil(window / (period * SECOND))),
    };
    ctx.note(
      key,
      'healthcheck.start_period',
      'approximated',
      'a startupProbe probes every start_interval until the first success; a container still failing after start_period plus retries x interval is restarted (compose only marks it unhealthy)',
      `${where}.startupProbe`,
    );
    if (hc.startInterval !== undefined) {
      ctx.note(
        key,
        'healthcheck.start_interval',
        'mapped',
        'periodSeconds',
        `${where}.startupProbe.periodSeconds`,
      );
    }
  } else if (hc.startInterval !== undefined) {
    ctx.note(
      key,
      'healthcheck.start_interval',
      'mapped',
      'no start_period: nothing to probe faster',
    );
  }
  return out;
}
