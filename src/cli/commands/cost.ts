import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { printWarning } from '../output.js';
import { collect, globalFlags, type GlobalFlags } from '../global-flags.js';
import { parseArch, wholeNumber } from './convert.js';
import { cliLoadOptions } from '../project.js';

interface CostFlags {
  provider: string;
  region: string;
  arch: string;
  hours: string;
  format: string;
  ebs?: string[];
  ebsSize: string;
  volumeGb: string;
  logGb: string;
  lcu: string;
}

function amount(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new ComposeError('USAGE', `${flag} ${JSON.stringify(value)}: write a number >= 0`);
  }
  return n;
}

/**
 * `flotilla cost`: what running the project on AWS ECS/Fargate (as `convert --to ecs` writes it)
 * would cost, itemised, from the price file.
 */
export function register(program: Command): void {
  program
    .command('cost')
    .description('Estimate the monthly cost of running the project on AWS ECS/Fargate')
    .argument('[services...]')
    .option('--provider <name>', 'Cloud provider: aws', 'aws')
    .option('--region <region>', 'Region of the prices', 'us-east-1')
    .option('--arch <arch>', 'CPU architecture of the tasks: x86_64 or arm64', 'x86_64')
    .option('--hours <n>', 'Hours of running (730 is a month)', '730')
    .option('--format <format>', 'Output format: table or json', 'table')
    .option('--ebs <volume>', 'Price a named volume as ECS-managed EBS instead of EFS', collect)
    .option('--ebs-size <GiB>', 'Size of each EBS volume', '20')
    .option('--volume-gb <GB>', 'Data stored in each EFS volume', '1')
    .option('--log-gb <GB>', 'Logs each service writes a month', '1')
    .option('--lcu <n>', 'Load balancer capacity units used on average', '1')
    .action(async (services: string[], flags: CostFlags, cmd: Command) => {
      await runCost(services, flags, globalFlags(cmd));
    });
}

async function runCost(services: string[], flags: CostFlags, g: GlobalFlags): Promise<void> {
  if (flags.provider !== 'aws') {
    throw new ComposeError(
      'USAGE',
      `--provider ${JSON.stringify(flags.provider)}: only aws has a price file`,
    );
  }
  if (flags.format !== 'table' && flags.format !== 'json') {
    throw new ComposeError('USAGE', `--format ${JSON.stringify(flags.format)}: use table or json`);
  }
  const options = {
    provider: 'aws' as const,
    region: flags.region,
    arch: parseArch(flags.arch),
    hours: amount('--hours', flags.hours),
    ebsVolumes: flags.ebs ?? [],
    ebsSizeGiB: wholeNumber('--ebs-size', flags.ebsSize),
    volumeGb: amount('--volume-gb', flags.volumeGb),
    logGbPerService: amount('--log-gb', flags.logGb),
    lcu: amount('--lcu', flags.lcu),
  };
  const { loadProject } = await import('../../loader/load-project.js');
  const { estimateCost } = await import('../../cost/estimate-cost.js');
  const { formatCost } = await import('../../cost/cost-table.js');
  const project = await loadProject({ ...cliLoadOptions(g, services), onWarning: printWarning });
  const estimate = estimateCost(project, options);
  process.stdout.write(
    flags.format === 'json' ? `${JSON.stringify(estimate, null, 2)}\n` : formatCost(estimate),
  );
}
