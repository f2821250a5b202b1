import type { ContainerStatsSample } from '../api/compose.js';

/** A container's sample before any reading was taken: every figure zero. */
export function zeroSample(id = '', name = ''): ContainerStatsSample {
  return {
    id,
    name,
    cpuPercent: 0,
    memoryUsage: 0,
    memoryLimit: 0,
    memoryPercent: 0,
    netRx: 0,
    netTx: 0,
    blockRead: 0,
    blockWrite: 0,
    pids: 0,
  };
}
