import type { FargateArch } from './convert.js';

/**
 * The contract of `cost`: what running a project on a cloud provider would cost a month, from
 * the same plan `convert --to ecs` writes, with prices read from a data file.
 */

/** Options of {@link CostEstimate}'s computation. */
export interface CostOptions {
  /** @default 'aws' (the only provider) */
  readonly provider?: 'aws' | undefined;
  /** A region of the price file. @default 'us-east-1' */
  readonly region?: string | undefined;
  /** @default 'x86_64' */
  readonly arch?: FargateArch | undefined;
  /** Hours the project runs in the period. @default 730 (a month) */
  readonly hours?: number | undefined;
  /** Named volumes on ECS-managed EBS instead of EFS (as `convert --ebs`). @default none */
  readonly ebsVolumes?: readonly string[] | undefined;
  /** EBS volume size, GiB. @default 20 */
  readonly ebsSizeGiB?: number | undefined;
  /** Data stored in each EFS volume, GB. @default 1 */
  readonly volumeGb?: number | undefined;
  /** Logs each service writes a month, GB. @default 1 */
  readonly logGbPerService?: number | undefined;
  /** Load balancer capacity units used on average. @default 1 */
  readonly lcu?: number | undefined;
  /** Tasks get a public IPv4 address (the template's AssignPublicIp default). @default true */
  readonly publicIp?: boolean | undefined;
}

/** One line of the estimate: a quantity of one priced thing. */
export interface CostItem {
  /** The service it is for; absent for project resources (load balancer, volumes, ...). */
  readonly service?: string | undefined;
  /** What is priced: `Fargate vCPU`, `EFS Standard`, ... */
  readonly item: string;
  /** The key of its price in the price file (`fargate.x86_64.vcpu`). */
  readonly priceKey: string;
  readonly quantity: number;
  /** Unit of the quantity and the price: `vCPU-hour`, `GB-month`, ... */
  readonly unit: string;
  readonly unitPrice: number;
  /** quantity x unitPrice, unrounded. */
  readonly cost: number;
  /** How the quantity was reached (`0.25 vCPU x 1 task x 730 h`). */
  readonly detail: string;
}

/** What `estimateCost` returns. */
export interface CostEstimate {
  readonly provider: 'aws';
  readonly region: string;
  readonly regionName: string;
  readonly arch: FargateArch;
  readonly hours: number;
  readonly currency: 'USD';
  /** When the prices were read (the price file's date). */
  readonly pricesRead: string;
  readonly items: readonly CostItem[];
  /** Sum of the items' costs. */
  readonly total: number;
  /** What the estimate assumed (defaults used, volumes of data and logs). */
  readonly assumptions: readonly string[];
  /** Where the tutorial's cost advice is wrong, and what is right. */
  readonly corrections: readonly string[];
  /** What keeps costing after `down` (after the services stop or the stack is deleted). */
  readonly afterDown: readonly string[];
  /** Prices used that were not read on the provider's own page. */
  readonly unverifiedPrices: readonly string[];
}
