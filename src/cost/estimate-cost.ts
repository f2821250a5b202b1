/**
 * `cost`: the monthly bill of running a project on ECS/Fargate as `convert --to ecs` writes it,
 * itemised per service and per resource, from the provider's price file.
 */
import type { CostEstimate, CostItem, CostOptions } from '../api/cost.js';
import { ComposeError } from '../api/errors.js';
import type { Project } from '../model/project.js';
import { FREE_EPHEMERAL_GIB, planEcs, type EcsPlan } from '../convert/ecs/plan.js';
import { AWS_PRICES, regionPrices } from './prices.js';

/** Where the tutorial's cost advice is wrong, printed with every estimate. */
export const CORRECTIONS: readonly string[] = [
  'Fargate has no free tier: every task is billed per second (one-minute minimum) from its start, for its vCPU and memory, whatever the account age. (The tutorial says charges start beyond a free tier.)',
  "Compose volumes on ECS were EFS file systems, not EBS volumes (Docker's ECS integration made an EFS file system per volume, billed per GB stored); flotilla does the same with EFS access points, and uses ECS-managed EBS only where asked (--ebs), for a service with one task. (The tutorial says volumes become EBS.)",
];

/** What keeps costing after the services stop or the stack is deleted. */
export const AFTER_DOWN: readonly string[] = [
  'Volumes: the EFS file system is kept when the stack is deleted (DeletionPolicy Retain, as `down` keeps volumes) and is billed per GB stored until you delete it.',
  'Load balancer: billed per hour, with its two public IPv4 addresses, for as long as the stack exists, even with every service scaled to zero tasks.',
  'Log groups: kept when the stack is deleted (DeletionPolicy Retain) and billed for the stored logs until they expire (30 days) or you delete them.',
  'Secrets Manager secrets you created for the template are billed monthly until you delete them.',
];

const HOURS_PER_MONTH = AWS_PRICES.hoursPerMonth;

function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

function tasks(n: number): string {
  return `${n} task${n === 1 ? '' : 's'}`;
}

/**
 * The estimate of a plan.
 * @throws ComposeError('USAGE') for an unknown region or a bad number
 */
export function estimatePlan(plan: EcsPlan, options: CostOptions = {}): CostEstimate {
  const region = options.region ?? 'us-east-1';
  const prices = regionPrices(region);
  const hours = options.hours ?? HOURS_PER_MONTH;
  for (const [name, v] of [
    ['--hours', hours],
    ['volume size', options.volumeGb ?? 1],
    ['log volume', options.logGbPerService ?? 1],
    ['LCUs', options.lcu ?? 1],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) {
      throw new ComposeError('USAGE', `${name} ${JSON.stringify(v)}: write a number >= 0`);
    }
  }
  const volumeGb = options.volumeGb ?? 1;
  const logGb = options.logGbPerService ?? 1;
  const lcu = options.lcu ?? 1;
  const publicIp = options.publicIp ?? true;
  const months = hours / HOURS_PER_MONTH;
  const items: CostItem[] = [];
  const unverified = new Set<string>();
  const add = (
    service: string | undefined,
    item: string,
    priceKey: string,
    quantity: number,
    detail: string,
  ): void => {
    const p = prices.price(priceKey);
    if (p.note !== undefined) unverified.add(`${priceKey} (${region}): ${p.note}`);
    const q = round(quantity);
    items.push({
      ...(service === undefined ? {} : { service }),
      item,
      priceKey,
      quantity: q,
      unit: p.unit,
      unitPrice: p.price,
      cost: round(q * p.price),
      detail,
    });
  };
  const arch = plan.arch;
  const assumptions: string[] = [`${hours} hours of running (${HOURS_PER_MONTH} is a month)`];
  for (const s of plan.services) {
    const vcpu = s.size.cpu / 1024;
    const gb = s.size.memory / 1024;
    const n = s.replicas;
    if (s.defaulted) {
      assumptions.push(
        `${s.key}: no CPU or memory set, so what ECS would use: ${vcpu} vCPU / ${gb} GB`,
      );
    }
    add(
      s.key,
      `Fargate vCPU (${arch})`,
      `fargate.${arch}.vcpu`,
      vcpu * n * hours,
      `${vcpu} vCPU x ${tasks(n)} x ${hours} h`,
    );
    add(
      s.key,
      `Fargate memory (${arch})`,
      `fargate.${arch}.memory`,
      gb * n * hours,
      `${gb} GB x ${tasks(n)} x ${hours} h`,
    );
    if (s.ephemeralGiB > FREE_EPHEMERAL_GIB) {
      const extra = s.ephemeralGiB - FREE_EPHEMERAL_GIB;
      add(
        s.key,
        'Ephemeral storage beyond 20 GB',
        'fargate.ephemeral',
        extra * n * hours,
        `${extra} GB x ${tasks(n)} x ${hours} h`,
      );
    }
    if (publicIp) {
      add(s.key, 'Public IPv4 address (task)', 'ipv4.hour', n * hours, `${tasks(n)} x ${hours} h`);
    }
    add(
      s.key,
      'CloudWatch Logs ingestion',
      'logs.ingestion',
      logGb * months,
      `${logGb} GB a month x ${round(months)} month`,
    );
    add(
      s.key,
      'CloudWatch Logs storage',
      'logs.storage',
      logGb * months,
      `${logGb} GB kept x ${round(months)} month`,
    );
  }
  for (const v of plan.volumes) {
    if (v.users.length === 0) continue;
    if (v.kind === 'efs') {
      add(
        undefined,
        `EFS Standard (volume ${v.key})`,
        'efs.standard',
        volumeGb * months,
        `${volumeGb} GB stored x ${round(months)} month`,
      );
    } else {
      const size = v.sizeGiB ?? 20;
      add(
        undefined,
        `EBS gp3 (volume ${v.key})`,
        'ebs.gp3',
        size * months,
        `${size} GB provisioned x ${round(months)} month`,
      );
    }
  }
  if (plan.volumes.some((v) => v.kind === 'efs' && v.users.length > 0)) {
    assumptions.push(`${volumeGb} GB of data in each EFS volume (--volume-gb)`);
  }
  if (plan.loadBalancer) {
    add(undefined, 'Application Load Balancer', 'alb.hour', hours, `1 load balancer x ${hours} h`);
    add(
      undefined,
      'Load balancer capacity units',
      'alb.lcu',
      lcu * hours,
      `${lcu} LCU x ${hours} h`,
    );
    add(
      undefined,
      'Public IPv4 addresses (load balancer)',
      'ipv4.hour',
      2 * hours,
      `2 addresses (one per zone) x ${hours} h`,
    );
    assumptions.push(`${lcu} load balancer capacity unit used on average (--lcu)`);
  }
  if (plan.secrets.length > 0) {
    add(
      undefined,
      'Secrets Manager secrets',
      'secretsmanager.secret',
      plan.secrets.length * months,
      `${plan.secrets.length} secrets x ${round(months)} month`,
    );
  }
  add(
    undefined,
    'Cloud Map namespace (Route 53 private zone)',
    'route53.zone',
    months,
    `1 zone x ${round(months)} month`,
  );
  assumptions.push(`${logGb} GB of logs per service a month (--log-gb)`);
  if (publicIp)
    assumptions.push("tasks get a public IPv4 address (the template's AssignPublicIp default)");
  const total = round(items.reduce((sum, i) => sum + i.cost, 0));
  return {
    provider: 'aws',
    region,
    regionName: prices.name,
    arch,
    hours,
    currency: 'USD',
    pricesRead: AWS_PRICES.read,
    items,
    total,
    assumptions,
    corrections: CORRECTIONS,
    afterDown: AFTER_DOWN,
    unverifiedPrices: [...unverified],
  };
}

/**
 * Estimates what running the project on AWS ECS/Fargate costs, as `convert --to ecs` would
 * deploy it: Fargate vCPU and memory per task, ephemeral storage beyond 20 GB, EFS (or EBS) for
 * volumes, the load balancer with its capacity units and public IPv4 addresses, logs, secrets.
 * @throws ComposeError('USAGE') for an unknown region, bad numbers or bad `ebsVolumes`
 * @example
 * const project = await loadProject({ cwd: 'examples/flask-redis' });
 * const { total, items } = estimateCost(project, { region: 'ap-northeast-2', arch: 'arm64' });
 */
export function estimateCost(project: Project, options: CostOptions = {}): CostEstimate {
  const provider: string = options.provider ?? 'aws';
  if (provider !== 'aws') {
    throw new ComposeError(
      'USAGE',
      `--provider ${JSON.stringify(provider)}: only aws has a price file`,
    );
  }
  const plan = planEcs(project, {
    arch: options.arch,
    ebsVolumes: options.ebsVolumes,
    ebsSizeGiB: options.ebsSizeGiB,
  });
  return estimatePlan(plan, options);
}
