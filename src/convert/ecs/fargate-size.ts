/**
 * Fargate task sizes: the CPU and memory pairs Fargate accepts, and the smallest one that holds
 * what a compose service asks for.
 */

/** One CPU size and the memory sizes (MiB) Fargate accepts with it. */
interface SizeRow {
  readonly cpu: number;
  readonly memory: readonly number[];
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let m = from; m <= to; m += step) out.push(m);
  return out;
}

/** Linux task sizes (platform 1.4.0), CPU in units (1024 = 1 vCPU), memory in MiB. */
const SIZES: readonly SizeRow[] = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: range(1024, 4096, 1024) },
  { cpu: 1024, memory: range(2048, 8192, 1024) },
  { cpu: 2048, memory: range(4096, 16384, 1024) },
  { cpu: 4096, memory: range(8192, 30720, 1024) },
  { cpu: 8192, memory: range(16384, 61440, 4096) },
  { cpu: 16384, memory: range(32768, 122880, 8192) },
];

/** A task size: CPU units and memory in MiB. */
export interface TaskSize {
  readonly cpu: number;
  readonly memory: number;
}

/** What ECS uses when a task names no size: 0.25 vCPU and 0.5 GB. */
export const DEFAULT_SIZE: TaskSize = { cpu: 256, memory: 512 };

/** Whether Fargate accepts the pair. */
export function isFargateSize(size: TaskSize): boolean {
  return SIZES.some((r) => r.cpu === size.cpu && r.memory.includes(size.memory));
}

/**
 * The smallest Fargate size with at least `cpu` units and `memory` MiB, or undefined when the
 * request is beyond the largest task (16 vCPU, 120 GB).
 * @example fargateSize(1536, 512) // { cpu: 2048, memory: 4096 }
 */
export function fargateSize(cpu: number, memory: number): TaskSize | undefined {
  for (const row of SIZES) {
    if (row.cpu < cpu) continue;
    const m = row.memory.find((x) => x >= memory);
    if (m !== undefined) return { cpu: row.cpu, memory: m };
  }
  return undefined;
}
