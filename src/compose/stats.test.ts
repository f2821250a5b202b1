import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerStats, ContainerSummary } from '../engine/index.js';
import { sampleOf } from './stats.js';

const container = { Id: 'c'.repeat(64), Names: ['/p-web-1'] } as ContainerSummary;
const cpu = (total: number, system: number): ContainerStats['cpu_stats'] => ({
  cpu_usage: { total_usage: total, usage_in_kernelmode: 0, usage_in_usermode: 0 },
  system_cpu_usage: system,
  online_cpus: 4,
  throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
});

test('sampleOf computes CPU, memory without cache, network and block I/O as docker does', () => {
  const s = sampleOf(container, {
    cpu_stats: cpu(300, 2000),
    precpu_stats: cpu(100, 1000),
    memory_stats: { usage: 1000, limit: 4000, stats: { inactive_file: 200 } },
    networks: { eth0: { rx_bytes: 10, tx_bytes: 20, rx_packets: 0, tx_packets: 0 } },
    blkio_stats: {
      io_service_bytes_recursive: [
        { major: 8, minor: 0, op: 'read', value: 5 },
        { major: 8, minor: 0, op: 'Write', value: 7 },
      ],
    },
    pids_stats: { current: 3 },
  } as unknown as ContainerStats);
  assert.equal(s.name, 'p-web-1');
  assert.equal(s.cpuPercent, 80);
  assert.equal(s.memoryUsage, 800);
  assert.equal(s.memoryPercent, 20);
  assert.deepEqual([s.netRx, s.netTx, s.blockRead, s.blockWrite, s.pids], [10, 20, 5, 7, 3]);
});
