import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { printWarning } from '../output.js';
import { globalFlags, type GlobalFlags } from '../global-flags.js';
import { addEcsOptions, amount, ecsSettings, type EcsFlags } from '../ecs-flags.js';
import { cliLoadOptions } from '../project.js';

interface CostFlags extends EcsFlags {
  provider: string;
  format: string;
  volumeGb: string;
  logGb: string;
  lcu: string;
}

/**
 * `flotilla cost`: what running the project on AWS ECS/Fargate (as `convert --to ecs` writes it)
 * would cost, itemised, from the price file.
 */
export function register(program: Command): void {
  const command = program
    .command('cost')
    .description('Estimate the monthly cost of running the project on AWS ECS/Fargate')
    .argument('[services...]')
    .option('--provider <name>', 'Cloud provider: aws', 'aws')
    .option('--format <format>', 'Output format: table or json', 'table');
  addEcsOptions(command)
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
    ...ecsSettings(flags),
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
