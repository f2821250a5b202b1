// Whether this machine's kernel can balance virtual IPs (IPVS), which Swarm's VIP endpoints and
// ingress routing mesh need; only meaningful when the engine runs on this machine.
import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { resolveEndpoint } from '../engine/index.js';

/**
 * True or false when the local kernel says (IPVS loaded, or built in or as a module in its
 * configuration), undefined when it cannot be told or the engine is not on a local socket.
 */
export function localIpvs(): boolean | undefined {
  try {
    if (!resolveEndpoint().host.startsWith('unix://')) return undefined;
  } catch {
    return undefined;
  }
  if (existsSync('/proc/net/ip_vs') || existsSync('/sys/module/ip_vs')) return true;
  const config = kernelConfig();
  if (config === undefined) return undefined;
  if (/^CONFIG_IP_VS=[ym]$/m.test(config)) return true;
  if (/^# CONFIG_IP_VS is not set$/m.test(config)) return false;
  return undefined;
}

function kernelConfig(): string | undefined {
  try {
    return gunzipSync(readFileSync('/proc/config.gz')).toString('utf8');
  } catch {
    // not exposed by this kernel
  }
  try {
    return readFileSync(`/boot/config-${release()}`, 'utf8');
  } catch {
    return undefined;
  }
}
