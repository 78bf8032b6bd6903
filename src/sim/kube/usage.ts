// Resource usage for metrics.k8s.io: a scenario's rule when it answers, else a slow wave per
// container around its requests (limits when there are no requests), stable per pod.
import type { UsageRule } from './core.js';
import { parseQuantityBytes, parseQuantityCpuMillis } from './util.js';

export function podUsage(
  pod: any,
  rule: UsageRule | null,
): { name: string; cpuMillis: number; memoryBytes: number }[] {
  const containers: any[] = pod.spec.containers ?? [];
  const custom = rule?.(pod);
  if (custom) {
    const n = containers.length || 1;
    return containers.map((c) => ({
      name: c.name,
      cpuMillis: custom.cpuMillis / n,
      memoryBytes: custom.memoryBytes / n,
    }));
  }
  const t = Date.now() / 1000;
  let seed = 0;
  for (const ch of pod.metadata.uid ?? pod.metadata.name) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  return containers.map((c, i) => {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    const cpuBase = parseQuantityCpuMillis(req.cpu) ?? parseQuantityCpuMillis(lim.cpu) ?? 50;
    const memBase = parseQuantityBytes(req.memory) ?? parseQuantityBytes(lim.memory) ?? 64 * 1024 ** 2;
    const w = (Math.sin(t / 20 + seed + i) + 1) / 2;
    return {
      name: c.name,
      cpuMillis: Math.max(1, Math.round(cpuBase * (0.2 + 0.7 * w))),
      memoryBytes: Math.round(memBase * (0.5 + 0.4 * ((Math.sin(t / 60 + seed * 1.7 + i) + 1) / 2))),
    };
  });
}
