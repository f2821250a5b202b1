// The plan of `--dry-run` and `up --explain` as text for people and JSON for machines.
import { ComposeError } from '../api/errors.js';
import type { Plan, PlanStep } from '../api/plan.js';
import { printWarning } from './output.js';

/** The flags of a verb with a plan. */
export interface PlanFlags {
  /** `--explain` (up). */
  explain?: boolean;
  /** `--format text|json`. */
  format?: string;
}

/** `--format` of a plan. */
export type PlanFormat = 'text' | 'json';

/** Reads `--format`. @throws ComposeError `USAGE` for another value */
export function parsePlanFormat(value: string | undefined): PlanFormat {
  if (value === undefined || value === 'text' || value === 'table') return 'text';
  if (value === 'json') return 'json';
  throw new ComposeError(
    'USAGE',
    `invalid value for --format: ${JSON.stringify(value)} (expected "text" or "json")`,
  );
}

const KIND = {
  container: 'Container',
  network: 'Network',
  volume: 'Volume',
  image: 'Image',
  service: 'Service',
  secret: 'Secret',
  config: 'Config',
};

function actionText(step: PlanStep): string {
  const then = step.start === true ? ', then start' : '';
  switch (step.action) {
    case 'remove':
      return step.state === 'running' ? 'stop and remove' : 'remove';
    case 'stop':
      return `stop${then}`;
    case 'create':
    case 'recreate':
      return `${step.action}${then}`;
    default:
      return step.action;
  }
}

/**
 * The plan as lines: one per resource (`Container p-web-1  recreate, then start`), its reasons
 * indented below, the config-hash rule set when a container was judged by an older docker
 * compose's rules, and a count per action at the end.
 */
export function formatPlanText(plan: Plan): string {
  const owner = plan.command === 'stack deploy' ? 'stack' : 'project';
  const lines = [`Plan of \`${plan.command}\` for ${owner} "${plan.project}":`];
  const width = Math.max(0, ...plan.steps.map((s) => `${KIND[s.kind]} ${s.name}`.length));
  for (const step of plan.steps) {
    const rules =
      step.hashRules !== undefined && step.hashRules !== 'current'
        ? ` (config hash judged by the rules of ${step.hashRules})`
        : '';
    lines.push(`  ${`${KIND[step.kind]} ${step.name}`.padEnd(width)}  ${actionText(step)}${rules}`);
    for (const reason of step.reasons) lines.push(`      ${reason.text}`);
  }
  if (plan.steps.length === 0) lines.push('  nothing to do');
  const counts = new Map<string, number>();
  for (const s of plan.steps) counts.set(s.action, (counts.get(s.action) ?? 0) + 1);
  const summary = [...counts].map(([action, n]) => `${n} ${action}`).join(', ');
  const rules = new Set(
    plan.steps.flatMap((s) => (s.hashRules === undefined ? [] : [ruleName(s.hashRules)])),
  );
  if (rules.size === 0) rules.add(ruleName('current'));
  const hashes = plan.steps.some((s) => s.kind === 'container')
    ? ` Config hashes compared under the rules of: ${[...rules].join(', ')}.`
    : '';
  lines.push(
    `Summary: ${summary === '' ? 'no change' : summary}.${hashes} Environment values are never shown.`,
  );
  return `${lines.join('\n')}\n`;
}

function ruleName(id: string): string {
  return id === 'current' ? 'current docker compose' : id;
}

/** The plan as one JSON document (the {@link Plan} shape, `schemaVersion` first). */
export function formatPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** The plan in the given format. */
export function formatPlan(plan: Plan, format: PlanFormat): string {
  return format === 'json' ? formatPlanJson(plan) : formatPlanText(plan);
}

/**
 * Checks `--format` and `--explain` against `--dry-run`: a plan format without a plan to print
 * is a usage error rather than a silent no-op.
 * @throws ComposeError `USAGE`
 */
export function planFormatFor(
  format: string | undefined,
  wanted: boolean,
  verb: string,
): PlanFormat {
  if (format !== undefined && !wanted) {
    throw new ComposeError(
      'USAGE',
      `--format applies to the plan of \`${verb}\`: use it with --dry-run${verb === 'up' ? ' or --explain' : ''}`,
    );
  }
  return parsePlanFormat(format);
}

/**
 * Prints the plan's warnings (as the verb would) and the plan on `out`: stdout for `--dry-run`,
 * whose plan is the product; stderr for `up --explain`, whose stdout carries the logs.
 */
export function printPlan(
  plan: Plan,
  format: PlanFormat,
  out: { write: (text: string) => unknown },
): void {
  for (const message of plan.warnings) printWarning({ message });
  out.write(formatPlan(plan, format));
}
