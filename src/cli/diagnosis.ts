// The run report on the command line: a short diagnosis per failed service on stderr (a
// collapsible group each in GitHub Actions) and the JSON file of `--report`. (Compose-file
// errors become GitHub workflow annotations in output.ts's printError.)
import { writeFileSync } from 'node:fs';
import { failedServices, type RunReport, type ServiceRunReport } from '../api/report.js';

/** True when running as a GitHub Actions step. */
export function inGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** How many health-check probes the diagnosis shows per container. */
const PROBES = 3;

/**
 * The diagnosis of the report's failed services: the reason, the last health-check probes with
 * their exit codes and output, and the last log lines; '' when no service failed.
 */
export function formatDiagnosis(report: RunReport, github = false): string {
  let out = '';
  for (const service of failedServices(report)) {
    const title = `service "${service.name}": ${service.reason ?? 'failed'}`;
    out += github ? `::group::${title}\n` : `${title}\n`;
    out += serviceDetails(service, github ? '' : '  ');
    if (github) out += '::endgroup::\n';
  }
  return out;
}

function serviceDetails(service: ServiceRunReport, pad: string): string {
  let out = '';
  for (const c of service.containers) {
    if (c.state === 'created') {
      out += `${pad}container ${c.name}: created, never started\n`;
      continue;
    }
    const health = c.health === undefined ? '' : `, health ${c.health.status}`;
    const restarts = c.restartCount > 0 ? `, restarted ${c.restartCount} times` : '';
    const oom = c.oomKilled ? ', OOM-killed' : '';
    out += `${pad}container ${c.name}: ${c.state}, exit code ${c.exitCode}${oom}${health}${restarts}\n`;
    if (c.error !== undefined) out += `${pad}  error: ${c.error}\n`;
    const probes = c.health?.log.slice(-PROBES) ?? [];
    if (probes.length > 0) {
      out += `${pad}  last health checks:\n`;
      for (const p of probes) {
        const output = p.output.trim().replace(/\s*\n\s*/g, ' | ');
        out += `${pad}    ${p.end} exit ${p.exitCode}${output === '' ? '' : `: ${output}`}\n`;
      }
    }
    if (c.logTail.length > 0) {
      out += `${pad}  last ${c.logTail.length} log lines:\n`;
      for (const line of c.logTail) out += `${pad}    ${line}\n`;
    } else {
      out += `${pad}  no log output\n`;
    }
  }
  if (service.containers.length === 0) out += `${pad}no container\n`;
  return out;
}

/**
 * Writes the report as JSON (two-space indented, one trailing newline).
 * @throws Error when the file cannot be written
 */
export function writeReport(file: string, report: RunReport): void {
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
