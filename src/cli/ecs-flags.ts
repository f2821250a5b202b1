// The ECS/Fargate flags that `convert --to ecs` and `cost` share (the task architecture, the EBS
// volumes, the region and hours of the estimate), declared and read in one place so that the
// two commands cannot drift apart.
import type { Command } from 'commander';
import type { FargateArch } from '../api/convert.js';
import { ComposeError } from '../api/errors.js';
import { collect } from './global-flags.js';

/** The shared ECS flags as commander hands them over (defaults filled in). */
export interface EcsFlags {
  arch: string;
  ebs?: string[];
  ebsSize: string;
  region: string;
  hours: string;
}

/** The shared ECS flags, read. */
export interface EcsSettings {
  arch: FargateArch;
  ebsVolumes: string[];
  ebsSizeGiB: number;
  region: string;
  hours: number;
}

/**
 * Declares `--arch`, `--ebs`, `--ebs-size`, `--region` and `--hours` on `command`, each help
 * text after `prefix` (`convert` marks them `ecs: ` among its Kubernetes flags).
 */
export function addEcsOptions(command: Command, prefix = ''): Command {
  const help = (text: string): string =>
    prefix === '' ? text : `${prefix}${text[0].toLowerCase()}${text.slice(1)}`;
  return command
    .option('--arch <arch>', help('CPU architecture of the tasks: x86_64 or arm64'), 'x86_64')
    .option(
      '--ebs <volume>',
      help('Put a named volume on an ECS-managed EBS volume (priced as EBS instead of EFS)'),
      collect,
    )
    .option('--ebs-size <GiB>', help('Size of each EBS volume'), '20')
    .option('--region <region>', help('Region of the prices of the cost estimate'), 'us-east-1')
    .option(
      '--hours <n>',
      help('Hours of running the cost estimate counts (730 is a month)'),
      '730',
    );
}

/**
 * Reads the shared ECS flags.
 * @throws {ComposeError} `USAGE` naming the flag and its value
 */
export function ecsSettings(flags: EcsFlags): EcsSettings {
  return {
    arch: parseArch(flags.arch),
    ebsVolumes: flags.ebs ?? [],
    ebsSizeGiB: wholeNumber('--ebs-size', flags.ebsSize),
    region: flags.region,
    hours: amount('--hours', flags.hours),
  };
}

/**
 * Reads a whole number flag.
 * @throws {ComposeError} `USAGE` naming the flag and its value
 */
export function wholeNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new ComposeError('USAGE', `${flag} ${JSON.stringify(value)}: write a whole number`);
  }
  return n;
}

/**
 * Reads a flag that is a number of zero or more (fractions allowed).
 * @throws {ComposeError} `USAGE` naming the flag and its value
 */
export function amount(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new ComposeError('USAGE', `${flag} ${JSON.stringify(value)}: write a number >= 0`);
  }
  return n;
}

function parseArch(value: string): FargateArch {
  if (value === 'x86_64' || value === 'arm64') return value;
  throw new ComposeError('USAGE', `--arch ${JSON.stringify(value)}: use x86_64 or arm64`);
}
